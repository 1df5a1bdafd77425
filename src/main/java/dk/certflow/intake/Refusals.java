package dk.certflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dk.certflow.findings.Severity;
import dk.certflow.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The bundles refused lately, read back from {@code rejected/<stamp>-NAME/reason.json}, where certflow keeps them. */
public final class Refusals {

    /** One refused bundle: its folder under rejected/, the dropped file's name, when, and why. */
    public record Refusal(String folder, String file, Instant at, List<Reason> reasons) {
    }

    /** One finding of a refused bundle, as reason.json keeps it; the code is the stable name (CONTRACTS §4). */
    public record Reason(String code, Severity severity, String message) {
    }

    private static final String REASON_FILE = "reason.json";

    private final Path rejectedRoot;

    public Refusals(Path rejectedRoot) {
        this.rejectedRoot = rejectedRoot;
    }

    /** The latest {@code limit} refusals, newest first; a folder without a readable reason.json is left out. */
    public List<Refusal> latest(int limit) throws IOException {
        if (!Files.isDirectory(rejectedRoot, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        record Found(Path reason, Instant at) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(rejectedRoot, f -> !f.getFileName().toString().startsWith("."))) {
            for (Path folder : folders) {
                Path reason = folder.resolve(REASON_FILE);
                if (Files.isRegularFile(reason, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new Found(reason, Files.getLastModifiedTime(reason, LinkOption.NOFOLLOW_LINKS).toInstant()));
                }
            }
        }
        found.sort(Comparator.comparing(Found::at).reversed());
        List<Refusal> refusals = new ArrayList<>();
        for (Found f : found.subList(0, Math.min(limit, found.size()))) {
            try {
                refusals.add(read(f.reason(), f.at()));
            } catch (IOException e) {
                // being written by another node at this moment, or damaged by hand: the next look will tell
            }
        }
        return refusals;
    }

    private static Refusal read(Path reasonFile, Instant at) throws IOException {
        JsonNode report = Json.mapper().readTree(reasonFile.toFile());
        List<Reason> reasons = new ArrayList<>();
        for (JsonNode finding : report.path("findings")) {
            Severity severity;
            try {
                severity = Severity.valueOf(finding.path("severity").asText());
            } catch (IllegalArgumentException e) {
                severity = Severity.ERROR;
            }
            reasons.add(new Reason(finding.path("code").asText(), severity, finding.path("message").asText()));
        }
        return new Refusal(reasonFile.getParent().getFileName().toString(), report.path("file").asText(), at, reasons);
    }
}

package dk.certflow.onboarding;

import dk.certflow.files.AtomicFiles;
import dk.certflow.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

/** onboarding.json and onboarding.md in a certificate's out folder, always written together and atomically. */
public final class OnboardingFiles {

    public static final String JSON = "onboarding.json";
    public static final String MARKDOWN = "onboarding.md";

    private OnboardingFiles() {
    }

    public static void write(Path outDir, OnboardingRecord record, String stagedPfxName) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(JSON, Json.pretty(record).getBytes(StandardCharsets.UTF_8));
        files.put(MARKDOWN, OnboardingMarkdown.render(record, stagedPfxName).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writeAll(outDir, files);
    }

    public static OnboardingRecord read(Path outDir) throws IOException {
        return Json.mapper().readValue(outDir.resolve(JSON).toFile(), OnboardingRecord.class);
    }

    public static String readJson(Path outDir) throws IOException {
        return Files.readString(outDir.resolve(JSON));
    }

    /** Records the outcome of the WorkZone upload in both files. */
    public static void recordUpload(Path outDir, String uploadStatus, Instant uploadedAt) throws IOException {
        write(outDir, read(outDir).withUpload(uploadStatus, uploadedAt), stagedPfx(outDir));
    }

    private static String stagedPfx(Path outDir) throws IOException {
        try (Stream<Path> files = Files.list(outDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".p12")).findFirst().orElse(null);
        }
    }
}

package dk.certflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {

    private static final byte[] PKCS12 = {0x30, (byte) 0x82, 0x01, 0x02, 0x03};

    @TempDir
    Path dir;
    private Path drop;
    private Path original;
    private Path sidecar;
    private Path day;
    private BundleStore store;
    private Path otherFileSystem;

    @BeforeEach
    void dropABundle() throws IOException {
        drop = Files.createDirectories(dir.resolve("drop"));
        original = Files.write(drop.resolve("b1.p12"), PKCS12);
        sidecar = Files.writeString(drop.resolve("b1.properties"), "password=Kodeord-1\n");
        day = dir.resolve("archive/2026/12/02");
        store = new BundleStore(dir.resolve("rejected"), dir.resolve("archive"),
                Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC), "node-a");
    }

    @Test
    void archivesTheOriginalAndItsFilesAndLeavesNothingElse() throws Exception {
        Path placed = store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n"));

        assertThat(placed).isEqualTo(day.resolve("b1"));
        assertThat(placed.resolve("b1.p12")).hasBinaryContent(PKCS12);
        assertThat(placed.resolve("b1.properties")).hasContent("password=<redacted>\n");
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(placed.resolve("b1.p12"), placed.resolve("b1.properties"));
    }

    /**
     * The original has left the drop folder and the rename into place fails (here a file is in the way of the day's
     * folder; a kill at that moment leaves the same): recovery finishes the bundle instead of throwing the original away.
     */
    @Test
    void aBundleStoppedAtTheRenameIsFinishedByRecovery() throws Exception {
        Files.createDirectories(day.getParent());
        Files.writeString(day, "in the way");

        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n")))
                .isInstanceOf(IOException.class);
        assertThat(original).doesNotExist();
        assertThat(sidecar).doesNotExist();

        Files.delete(day);
        List<Path> finished = store.recover();

        assertThat(finished).containsExactly(day.resolve("b1"));
        assertThat(day.resolve("b1/b1.p12")).hasBinaryContent(PKCS12);
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(day.resolve("b1/b1.p12"), day.resolve("b1/b1.properties"));
    }

    /**
     * The manifest has moved out beside the staging folder and the rename into place fails (here a file holds the
     * folder's name; a kill at that moment leaves the same): recovery finds the manifest there and finishes the bundle.
     */
    @Test
    void aBundleStoppedAfterItsManifestMovedOutIsFinishedByRecovery() throws Exception {
        Files.createDirectories(day);
        Files.writeString(day.resolve("b1"), "in the way");
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n")))
                .isInstanceOf(IOException.class);
        try (Stream<Path> staged = Files.list(dir.resolve("archive"))) {
            assertThat(staged.map(p -> p.getFileName().toString())).as("the manifest waits beside the staging folder")
                    .anyMatch(n -> n.startsWith(".staging-") && n.endsWith(".placing"));
        }
        Files.delete(day.resolve("b1"));

        assertThat(store.recover()).containsExactly(day.resolve("b1"));

        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(day.resolve("b1/b1.p12"), day.resolve("b1/b1.properties"));
    }

    /** Killed after the folder moved into place but before its manifest beside it went: recovery deletes the manifest. */
    @Test
    void aManifestLeftBehindByAPlacedFolderIsDeletedByRecovery() throws Exception {
        Path placed = store.archive("b1.p12", original, sidecar, Map.of());
        Path left = Files.writeString(dir.resolve("archive/.staging-" + BundleStore.nodeToken("node-a") + "-1234.placing"),
                "target=2026/12/02/b1\n");
        Path living = Files.writeString(dir.resolve("archive/.staging-" + BundleStore.nodeToken("node-b") + "-5678.placing"),
                "target=2026/12/02/b2\n");

        assertThat(store.recover(token -> token.equals(BundleStore.nodeToken("node-b")))).isEmpty();

        assertThat(left).doesNotExist();
        assertThat(living).as("a living node's work in hand").exists();
        assertThat(placed.resolve("b1.p12")).hasBinaryContent(PKCS12);
    }

    /** Killed after the original moved into staging but before it was made owner-only: recovery makes it so. */
    @Test
    void recoveryMakesTheOriginalOwnerOnly() throws Exception {
        Files.createDirectories(day.getParent());
        Files.writeString(day, "in the way");
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of())).isInstanceOf(IOException.class);
        Path staged;
        try (Stream<Path> walk = Files.walk(dir.resolve("archive"))) {
            staged = walk.filter(p -> p.getFileName().toString().equals("b1.p12")).findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--")); // as the dropping user left it
        Files.delete(day);

        store.recover();

        assertThat(Files.getPosixFilePermissions(day.resolve("b1/b1.p12"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aStagingWhoseOriginalNeverMovedIsThrownAwayAndTheOriginalStays() throws Exception {
        Path gone = dir.resolve("gone.p12");
        Files.move(original, gone); // the move into staging fails: the original is not where it was
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of())).isInstanceOf(IOException.class);
        Files.move(gone, original); // ... and it is back, as it would be had the node been killed before the move

        assertThat(store.recover()).isEmpty();

        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(original, sidecar);
    }

    /** Drop folder and archive on different file systems (here /dev/shm, a tmpfs): the original is copied whole, then removed. */
    @Test
    void acrossFileSystemsTheOriginalIsCopiedWholeAndOwnerOnlyThenRemoved() throws Exception {
        Path otherDrop = dropOnAnotherFileSystem();
        Path far = Files.write(otherDrop.resolve("b1.p12"), PKCS12);
        Files.setPosixFilePermissions(far, PosixFilePermissions.fromString("rw-r--r--"));

        Path placed = store.archive("b1.p12", far, null, Map.of());

        assertThat(far).doesNotExist();
        assertThat(placed.resolve("b1.p12")).hasBinaryContent(PKCS12);
        assertThat(Files.getPosixFilePermissions(placed.resolve("b1.p12"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(filesUnder(dir.resolve("archive"))).containsExactly(placed.resolve("b1.p12"));
    }

    /**
     * Killed after the copy across file systems was renamed into staging but before the source was deleted: recovery
     * archives the bundle and deletes the source, whose bytes are the kept ones, instead of leaving it to be taken again.
     */
    @Test
    void recoveryDeletesASourceThatWasAlreadyCopiedWhole() throws Exception {
        stopAtTheRename();
        Files.write(original, PKCS12); // the source as a kill before its deletion leaves it

        store.recover();

        assertThat(original).doesNotExist();
        assertThat(day.resolve("b1/b1.p12")).hasBinaryContent(PKCS12);
    }

    /** A different file dropped under the same name meanwhile is not the copied source: it stays, to be taken on its own. */
    @Test
    void recoveryLeavesADifferentFileOfTheSameNameInTheDropFolder() throws Exception {
        stopAtTheRename();
        byte[] other = {0x30, 0x03, 0x02, 0x01, 0x07};
        Files.write(original, other);

        store.recover();

        assertThat(original).hasBinaryContent(other);
        assertThat(day.resolve("b1/b1.p12")).hasBinaryContent(PKCS12);
    }

    /** Killed in the middle of a copy across file systems: the partial copy goes with the staging; the original stays whole. */
    @Test
    void aCopyCutShortIsThrownAwayAndTheOriginalStays() throws Exception {
        Path staged = stopAtTheRename();
        Files.write(original, PKCS12); // the whole source, still in the drop folder
        Files.write(staged.resolveSibling(".partial-b1.p12"), new byte[] {0x30, (byte) 0x82});
        Files.delete(staged);

        assertThat(store.recover()).isEmpty();

        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(original);
        assertThat(original).hasBinaryContent(PKCS12);
    }

    /**
     * The original never moved into staging, and another node has taken it from the drop folder since: recovery throws
     * the staging away instead of placing a second folder without the original.
     */
    @Test
    void aStagingWhoseOriginalWasTakenElsewhereIsThrownAway() throws Exception {
        Path gone = dir.resolve("gone.p12");
        Files.move(original, gone);
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of("b1.properties", "password=<redacted>\n")))
                .isInstanceOf(IOException.class);
        Files.delete(gone); // taken and placed by the other node

        assertThat(store.recover()).isEmpty();

        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(sidecar);
    }

    /** A dropped file named like one of certflow's own (reason.json) is kept beside it under another name, not over it. */
    @Test
    void aDroppedFileNamedLikeTheReasonDoesNotReplaceIt() throws Exception {
        Path hostile = Files.writeString(drop.resolve("reason.json"), "{\"findings\": [\"all is well\"]}");

        Path placed = store.reject("reason.json", hostile, null, Map.of("reason.json", "{\"findings\": [\"NOT_PKCS12\"]}"));

        assertThat(placed.resolve("reason.json")).hasContent("{\"findings\": [\"NOT_PKCS12\"]}");
        assertThat(placed.resolve("dropped-reason.json")).hasContent("{\"findings\": [\"all is well\"]}");
    }

    /** Archives b1 with the day's folder in the way, as a kill at the rename would leave it; returns the staged original. */
    private Path stopAtTheRename() throws IOException {
        Files.createDirectories(day.getParent());
        Files.writeString(day, "in the way");
        assertThatThrownBy(() -> store.archive("b1.p12", original, sidecar, Map.of())).isInstanceOf(IOException.class);
        Files.delete(day);
        try (Stream<Path> walk = Files.walk(dir.resolve("archive"))) {
            return walk.filter(p -> p.getFileName().toString().equals("b1.p12")).findFirst().orElseThrow();
        }
    }

    private Path dropOnAnotherFileSystem() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(dir)), "/dev/shm is a file system apart from the temporary folder");
        Path other = Files.createTempDirectory(shm, "certflow-drop");
        otherFileSystem = other;
        return other;
    }

    @AfterEach
    void removeTheOtherDrop() throws IOException {
        if (otherFileSystem != null) {
            try (Stream<Path> walk = Files.walk(otherFileSystem)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}

package dev.sessionbench.store.mapdb;

import static dev.sessionbench.store.mapdb.Children.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A full disk: a child JVM under a file-size limit, and (as root) a small tmpfs. A write that does not fit fails
 * before it is acknowledged, the store keeps serving reads, refuses writes until reopened, and loses nothing saved.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbDiskFullTest {

    @TempDir
    Path dir;

    /**
     * 6 MiB: the main file reaches the limit while it grows (the journal is emptied every 4 MiB), and the commit fails
     * where it reserves the space, before its batch is journaled. 3 MiB: the journal reaches the limit first.
     */
    @ParameterizedTest(name = "ulimit -f {0}: {1}")
    @CsvSource({"6144, reserving", "3072, writing the journal"})
    void fileSizeLimitFailsOneSaveAndLosesNoSavedSession(int limitKib, String failingStep) throws Exception {
        Path file = dir.resolve("limited.db");
        Process child = Children.startWithFileSizeLimit(limitKib, DiskFullChild.class, file.toString());
        Map<String, String> saved = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("saved ")) {
                    String[] f = line.split(" ");
                    saved.put(f[1], f[2]);
                } else {
                    lines.add(line);
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue())
                .as("exit status (153 would be death by SIGXFSZ); output " + lines)
                .isZero();
        assertThat(saved.size()).as("saves before the limit").isGreaterThan(50);
        assertThat(lines).as("child output").hasSize(5);
        assertThat(lines.get(0)).isEqualTo("open");
        assertThat(lines.get(1)).as("the save that hit the limit").startsWith("failed ");
        assertThat(lines.get(2)).as("reads after the failure").isEqualTo("reads " + saved.size() + " " + saved.size());
        assertThat(lines.get(4)).isEqualTo("closed");

        reopenWithRoomAndFindAll(file, saved);

        assertThat(lines.get(1))
                .as("the save that hit the limit")
                .contains(file.toString())
                .contains("File too large")
                .contains(failingStep);
        assertThat(lines.get(3))
                .as("a write after the failure")
                .startsWith("refused ")
                .contains("failed state after a write error")
                .contains("reopen");
    }

    /** A commit whose batch was journaled but not written into the main file: close must not empty the journal. */
    @Test
    void closeAfterACommitFailedPastItsJournalKeepsTheJournalForTheNextOpen() {
        Path file = dir.resolve("apply.db");
        MapDbSessionStore store = open(file);
        String first = store.save(store.create().setAttribute("n", "1"));
        store.volumeForTest().failAfterJournalForTest = true;
        Session second = store.create().setAttribute("n", "2");
        assertThatThrownBy(() -> store.save(second)).isInstanceOf(SessionStoreException.class);
        store.close();
        assertThat(JournaledVolume.journalPathOf(file))
                .as("journal after close")
                .exists();
        try (MapDbSessionStore reopened = open(file)) {
            assertThat(reopened.find(first)).isPresent();
            assertThat(reopened.find(second.id()).flatMap(s -> s.attribute("n")))
                    .as("the journaled batch, replayed")
                    .contains("2");
        }
    }

    /** Mounts a tmpfs of 8 MiB (root only), fills it, then remounts it larger, as an operator freeing space would. */
    @Test
    void fullFileSystemFailsOneSaveAndLosesNoSavedSession() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Object uid;
        try {
            uid = Files.getAttribute(mnt, "unix:uid"); // the owner of a new file: this process's user
        } catch (UnsupportedOperationException e) {
            uid = "unknown (no unix attributes here)";
        }
        Object user = uid;
        assumeTrue(
                Integer.valueOf(0).equals(uid),
                () -> "mounting a small tmpfs needs root; this test runs as uid " + user);
        String mountError = run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mnt.toString());
        assumeTrue(mountError == null, () -> "root, but cannot mount a tmpfs here: " + mountError);
        try {
            Path file = mnt.resolve("full.db");
            Map<String, String> saved = new LinkedHashMap<>();
            String pad = DiskFullChild.pad();
            MapDbSessionStore store = open(file);
            try {
                SessionStoreException failure = null;
                for (int i = 0; i < 20_000 && failure == null; i++) {
                    Session s = store.create()
                            .setAttribute("n", Integer.toString(i))
                            .setAttribute("pad", pad);
                    try {
                        saved.put(store.save(s), Integer.toString(i));
                    } catch (SessionStoreException e) {
                        failure = e;
                    }
                }
                assertThat(failure).as("a save on the full file system").isNotNull();
                assertThat(saved.size()).isGreaterThan(50);
                assertThat(DiskFullChild.readable(store, saved))
                        .as("sessions readable after the failure")
                        .isEqualTo(saved.size());
                assertThat(failure).hasMessageContaining(file.toString()).hasMessageContaining("No space left");
                Session existing = store.find(saved.keySet().iterator().next()).orElseThrow();
                assertThatThrownBy(() -> store.save(store.create().setAttribute("a", "b")))
                        .isInstanceOf(SessionStoreException.class)
                        .hasMessageContaining("failed state after a write error")
                        .hasMessageContaining("reopen");
                assertThatThrownBy(() -> store.invalidate(existing))
                        .isInstanceOf(SessionStoreException.class)
                        .hasMessageContaining("failed state after a write error");
            } finally {
                store.close();
            }
            assertThat(run("mount", "-o", "remount,size=64m", mnt.toString()))
                    .as("remount larger")
                    .isNull();
            reopenWithRoomAndFindAll(file, saved);
        } finally {
            String error = run("umount", mnt.toString());
            if (error != null) {
                run("umount", "-l", mnt.toString());
            }
        }
    }

    /** Reopens with room: every returned save is there, and the store takes new saves that survive another reopen. */
    private void reopenWithRoomAndFindAll(Path file, Map<String, String> saved) {
        Map<String, String> more = new LinkedHashMap<>(saved);
        try (MapDbSessionStore store = open(file)) {
            assertThat(DiskFullChild.readable(store, saved))
                    .as("returned saves after reopening with room")
                    .isEqualTo(saved.size());
            for (int i = 0; i < 50; i++) {
                more.put(store.save(store.create().setAttribute("n", "more" + i)), "more" + i);
            }
        }
        try (MapDbSessionStore store = open(file)) {
            assertThat(DiskFullChild.readable(store, more)).isEqualTo(more.size());
        }
    }

    /** Runs a command; returns null when it succeeded, else its exit status and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return String.join(" ", command) + " did not start: " + e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " timed out";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + output;
    }
}

package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store file deleted or replaced underneath an open store, in this process and from another one. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbFileIdentityTest {

    @TempDir
    Path dir;

    private MapDbSessionStore.Builder builder(Path file) {
        return MapDbSessionStore.builder()
                .file(file)
                .policy(SessionPolicy.defaults())
                .purgeInterval(Duration.ZERO);
    }

    @Test
    void deletedFileFailsTheNextWriteAndEveryCallAfterItLoudly() throws Exception {
        Path file = dir.resolve("deleted.db");
        try (MapDbSessionStore store = builder(file).build()) {
            String value = store.save(store.create().setAttribute("a", "b"));
            Files.delete(file);
            Session next = store.create().setAttribute("c", "d");
            assertThatThrownBy(() -> store.save(next))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("deleted or replaced");
            assertThatThrownBy(() -> store.find(value))
                    .as("reads of a file that is gone")
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("deleted or replaced");
        }
        assertThat(file).doesNotExist();
        assertThat(JournaledVolume.journalPathOf(file))
                .as("the deleted file's journal, deleted by close")
                .doesNotExist();
    }

    @Test
    void replacedFileFailsTheNextWriteLoudly() throws Exception {
        Path file = dir.resolve("replaced.db");
        Path other = dir.resolve("other.db");
        try (MapDbSessionStore o = builder(other).build()) {
            o.save(o.create().setAttribute("other", "file"));
        }
        try (MapDbSessionStore store = builder(file).build()) {
            store.save(store.create().setAttribute("a", "b"));
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertThatThrownBy(() -> store.save(store.create().setAttribute("c", "d")))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("deleted or replaced");
        }
        try (MapDbSessionStore replacement = builder(file).build()) {
            assertThat(replacement.fileSize())
                    .as("the replacement file opens as it is")
                    .isPositive();
        }
    }

    @Test
    void deletionIsNoticedWithinTheCommitIntervalWithoutAnyWrite() throws Exception {
        Path file = dir.resolve("idle.db");
        try (MapDbSessionStore store =
                builder(file).commitInterval(Duration.ofMillis(20)).build()) {
            String value = store.save(store.create().setAttribute("a", "b"));
            Files.delete(file);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean noticed = false;
            while (!noticed && System.nanoTime() < deadline) {
                Thread.sleep(20); // real time is the point: the background thread's interval
                try {
                    store.find(value);
                } catch (SessionStoreException e) {
                    assertThat(e).hasMessageContaining("deleted or replaced");
                    noticed = true;
                }
            }
            assertThat(noticed)
                    .as("a read after the background thread checked the file")
                    .isTrue();
        }
    }

    @Test
    void deletedFileCannotBeOpenedAgainInThisProcessWhileTheFirstStoreHoldsIt() throws Exception {
        Path file = dir.resolve("twice.db");
        Path journal = JournaledVolume.journalPathOf(file);
        MapDbSessionStore first = builder(file).build();
        try {
            first.save(first.create().setAttribute("a", "b"));
            Files.delete(file);
            assertThatThrownBy(() -> builder(file).build())
                    .as("the journal is still there")
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString());
            Files.delete(journal);
            assertThatThrownBy(() -> builder(file).build())
                    .as("main file and journal deleted")
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("already open");
            assertThat(file).as("no new file made by a refused open").doesNotExist();
        } finally {
            first.close();
        }
        try (MapDbSessionStore again = builder(file).build()) {
            assertThat(again.find(again.save(again.create().setAttribute("a", "b"))))
                    .isPresent();
        }
    }

    @Test
    @SuppressWarnings("try") // closing the child's input early is its signal to close
    void fileReplacedUnderAStoreInAnotherProcessCannotBeOpenedTwice() throws Exception {
        Path file = dir.resolve("held.db");
        Path journal = JournaledVolume.journalPathOf(file);
        Process child = Children.start(HoldChild.class, file.toString());
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                OutputStream toChild = child.getOutputStream()) {
            assertThat(in.readLine()).startsWith("open ");

            // rm of the main file: its journal, held by the child, keeps a second store out.
            Path moved = dir.resolve("moved-away.db");
            Files.move(file, moved);
            assertThatThrownBy(() -> builder(file).build())
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(journal.getFileName().toString());
            assertThat(file).as("no new file made by a refused open").doesNotExist();

            // Another MapDB file moved over the path: it opens, but its journal is the child's.
            try (MapDbSessionStore o = builder(dir.resolve("other.db")).build()) {
                o.save(o.create());
            }
            Files.move(dir.resolve("other.db"), file);
            assertThatThrownBy(() -> builder(file).build())
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("already open");

            // Both gone: a new store may create the file, and the child notices at its next commit.
            Files.delete(file);
            Files.delete(journal);
            try (MapDbSessionStore second = builder(file).build()) {
                String value = second.save(second.create().setAttribute("owner", "second"));
                toChild.write("save\n".getBytes(StandardCharsets.UTF_8));
                toChild.flush();
                assertThat(in.readLine())
                        .startsWith("failed ")
                        .contains(file.toString())
                        .contains("deleted or replaced");
                toChild.close();
                assertThat(in.readLine()).isEqualTo("closed");
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(journal)
                        .as("the second store's journal, left alone by the child's close")
                        .exists();
                assertThat(second.find(value)).isPresent();
                second.save(second.create());
            }
            try (MapDbSessionStore reopened = builder(file).build()) {
                assertThat(reopened.fileSize()).isPositive();
            }
        } finally {
            child.destroyForcibly();
        }
    }
}

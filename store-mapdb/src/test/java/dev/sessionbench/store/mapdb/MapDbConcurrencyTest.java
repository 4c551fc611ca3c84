package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency of the crash-safe mode: saves that wait for their fsync at the same time share one, a find neither
 * writes nor waits for a commit, and the slide a find keeps in memory reaches the file with the next commit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MapDbConcurrencyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final SessionPolicy policy =
            SessionPolicy.defaults().withIdleTimeout(Duration.ofMinutes(30)).withClock(clock);

    private MapDbSessionStore open(Path file) {
        return MapDbSessionStore.builder()
                .file(file)
                .policy(policy)
                .purgeInterval(Duration.ZERO)
                .commitInterval(Duration.ofHours(1))
                .build();
    }

    @Test
    void savesWaitingAtTheSameTimeShareOneJournalFsyncAndEachReturnsOnlyOnceItIsDurable() throws Exception {
        Path file = dir.resolve("group.db");
        int writers = 4;
        try (MapDbSessionStore store = open(file)) {
            JournaledVolume volume = store.volumeForTest();
            long sealedBefore = volume.sealedSeq();
            long forcesBefore = volume.journalForces.get();
            ReentrantLock commits = volume.commitLockForTest();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<String>> saves = new ArrayList<>();
            commits.lock(); // as a commit whose fsync takes a while
            try {
                for (int i = 0; i < writers; i++) {
                    Session s = store.create().setAttribute("n", Integer.toString(i));
                    saves.add(pool.submit(() -> store.save(s)));
                }
                while (volume.sealedSeq() < sealedBefore + writers) {
                    Thread.sleep(1); // every save has sealed its batch and waits for its fsync
                }
                for (Future<String> f : saves) {
                    assertThat(f.isDone())
                            .as("a save returned before its fsync")
                            .isFalse();
                }
            } finally {
                commits.unlock();
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : saves) {
                ids.add(f.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(volume.journalForces.get() - forcesBefore)
                    .as("journal fsyncs for " + writers + " saves")
                    .isEqualTo(1);
            store.abandonForTest(); // as kill -9: only what was durable is in the file
            try (MapDbSessionStore reopened = open(file)) {
                for (String id : ids) {
                    assertThat(reopened.find(id)).as("a save that returned").isPresent();
                }
            }
        }
    }

    @Test
    void aFindAnswersWhileASaveWaitsForItsFsyncAndWritesNothing() throws Exception {
        try (MapDbSessionStore store = open(dir.resolve("reads.db"))) {
            JournaledVolume volume = store.volumeForTest();
            String id = store.save(store.create().setAttribute("user", "alice"));
            clock.advance(Duration.ofMinutes(10));
            ReentrantLock commits = volume.commitLockForTest();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            commits.lock();
            try {
                Session other = store.create().setAttribute("user", "bob");
                Future<String> save = pool.submit(() -> store.save(other));
                while (volume.sealedSeq() == 0 || !commits.hasQueuedThreads()) {
                    Thread.sleep(1); // the save waits for its fsync
                }
                assertThat(store.find(id).flatMap(s -> s.attribute("user"))).contains("alice");
                assertThat(volume.pendingPages()).as("pages a find wrote").isZero();
                assertThat(save.isDone()).isFalse();
            } finally {
                commits.unlock();
                pool.shutdown();
            }
        }
    }

    @Test
    void theSlideOfAFindReachesTheFileWithTheNextCommit() {
        Path file = dir.resolve("slide.db");
        MapDbSessionStore store = open(file);
        String id = store.save(store.create().setAttribute("user", "alice"));
        clock.advance(Duration.ofMinutes(20));
        assertThat(store.find(id)).isPresent(); // slides the idle deadline to 50 minutes
        store.flush();
        store.abandonForTest(); // as kill -9 right after the commit
        clock.advance(Duration.ofMinutes(20)); // 40 minutes: past the first deadline, before the slid one
        try (MapDbSessionStore reopened = open(file)) {
            assertThat(reopened.find(id))
                    .as("the session, kept alive by the find before the crash")
                    .isPresent();
        }
    }
}

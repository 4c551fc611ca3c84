package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page cache once the file outgrows it: the pages every lookup reads (the record index and the upper levels of
 * the session tree) stay in memory, so a lookup reads about two pages from the file (a leaf and its record), not
 * one per level of the tree: dropping the pages with the lowest numbers first, as a plain map's iteration order
 * does, made it about twelve.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MapDbPageCacheTest {

    private static final long CACHE_BYTES = 1L << 20;
    private static final int SESSIONS = 12_000;
    private static final int FINDS = 20_000;

    @Test
    void aFileSixTimesTheCacheCostsALookupAboutTwoPageReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.db");
        List<String> ids = new ArrayList<>(SESSIONS);
        try (MapDbSessionStore store = open(file, MapDbSessionStore.Durability.BATCHED)) {
            for (int i = 0; i < SESSIONS; i++) {
                Session s = store.create();
                for (int a = 0; a < 8; a++) {
                    s.setAttribute("attribute" + a, "value-" + i + "-" + a);
                }
                ids.add(store.save(s));
            }
        }
        assertThat(Files.size(file)).as("the file outgrows the cache").isGreaterThan(5 * CACHE_BYTES);

        try (MapDbSessionStore store = open(file, MapDbSessionStore.Durability.SYNC)) {
            JournaledVolume volume = store.volumeForTest();
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < FINDS; i++) { // warm the cache up
                assertThat(store.find(ids.get(random.nextInt(SESSIONS)))).isPresent();
            }
            long before = volume.pageReads.get();
            for (int i = 0; i < FINDS; i++) {
                assertThat(store.find(ids.get(random.nextInt(SESSIONS)))).isPresent();
            }
            double perFind = (double) (volume.pageReads.get() - before) / FINDS;
            // A lookup touches the record index, three or four tree levels and the record: with the hot pages kept,
            // the leaf and the record are what is left to read (about 2.1 per lookup); losing them costs 12.
            assertThat(perFind).as("page reads per lookup").isLessThan(4);
        }
    }

    private static MapDbSessionStore open(Path file, MapDbSessionStore.Durability durability) {
        return MapDbSessionStore.builder()
                .file(file)
                .policy(SessionPolicy.defaults())
                .durability(durability)
                .cacheBytes(CACHE_BYTES)
                .purgeInterval(Duration.ZERO)
                .verifyOnOpen(false)
                .build();
    }
}

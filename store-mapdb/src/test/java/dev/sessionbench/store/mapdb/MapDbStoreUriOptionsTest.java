package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MapDB store's URI options go through the core's parser: RFC 3986 decoding (a + stays a +, in the path too),
 * and purgeInterval=0 for off.
 */
class MapDbStoreUriOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aPlusInAnOptionValueAndInThePathStaysAPlus() {
        Path file = dir.resolve("a+b.db");
        try (SessionStore store =
                SessionStores.open("mapdb:" + file + "?cacheMiB=+8&compactFreeMiB=+0", SessionPolicy.defaults())) {
            String value = store.save(store.create().setAttribute("k", "v"));
            assertThat(store.find(value)).isPresent();
        }
        assertThat(Files.exists(file)).as("the file is named with its +").isTrue();
    }

    @Test
    void purgeIntervalZeroTurnsTheBackgroundPurgeOff() {
        for (String off : new String[] {"0", "0s", "PT0S"}) {
            try (MapDbSessionStore store = (MapDbSessionStore) SessionStores.open(
                    "mapdb:" + dir.resolve("off-" + off + ".db") + "?purgeInterval=" + off, SessionPolicy.defaults())) {
                assertThat(store.purgeInterval()).as(off).isZero();
            }
        }
        try (MapDbSessionStore store = (MapDbSessionStore)
                SessionStores.open("mapdb:" + dir.resolve("on.db") + "?purgeInterval=5m", SessionPolicy.defaults())) {
            assertThat(store.purgeInterval()).isEqualTo(Duration.ofMinutes(5));
        }
    }
}

package dev.sessionbench.store.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MapDB store's URI options go through the core's RFC 3986 decoding: a + stays a +, in the path too. */
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
}

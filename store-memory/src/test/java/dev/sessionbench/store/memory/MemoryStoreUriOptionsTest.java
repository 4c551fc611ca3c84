package dev.sessionbench.store.memory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreFullException;
import dev.sessionbench.core.SessionStores;
import org.junit.jupiter.api.Test;

/** The memory store's URI options go through the core's RFC 3986 decoding: a + in a value stays a +. */
class MemoryStoreUriOptionsTest {

    @Test
    void aPlusInAnOptionValueStaysAPlus() {
        try (SessionStore store = SessionStores.open("memory:?maxSessions=+2", SessionPolicy.defaults())) {
            store.save(store.create());
            store.save(store.create());
            assertThatThrownBy(() -> store.save(store.create()))
                    .isInstanceOf(SessionStoreFullException.class)
                    .hasMessageContaining("2 live sessions");
        }
    }

    @Test
    void aMalformedEscapeInAnOptionIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> SessionStores.open("memory:?maxSessions=%2", SessionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'maxSessions'")
                .hasMessageContaining("%25");
    }
}

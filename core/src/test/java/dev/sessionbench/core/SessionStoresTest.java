package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Core alone has no store on its classpath, which is exactly the case these messages are for. */
class SessionStoresTest {

    private final SessionPolicy policy = SessionPolicy.defaults();

    @Test
    void unknownSchemeNamesTheKnownOnes() {
        assertThatThrownBy(() -> SessionStores.open("mongodb://localhost/sessions", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown store URI scheme 'mongodb'")
                .hasMessageContaining("memory, mapdb, redis, rediss, token");
    }

    @Test
    void knownSchemeWithoutItsModuleNamesTheArtifact() {
        assertThatThrownBy(() -> SessionStores.open("redis://127.0.0.1:6379/0", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.sessionbench:sessionbench-store-redis");
        assertThatThrownBy(() -> SessionStores.open("MEMORY:", policy))
                .hasMessageContaining("dev.sessionbench:sessionbench-store-memory");
    }

    @Test
    void uriWithoutSchemeIsRefused() {
        assertThatThrownBy(() -> SessionStores.open("/tmp/sessions.db", policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> SessionStores.open(null, policy)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SessionStores.open("memory:", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void passwordsNeverAppearInMessages() {
        assertThatThrownBy(() -> SessionStores.open("rediz://user:hunter2@localhost:6379", policy))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("***");
    }
}

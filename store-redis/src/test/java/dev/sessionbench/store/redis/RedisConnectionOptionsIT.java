package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisBinary;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Password, ACL user and database from the URI, against a throwaway redis-server that requires a password. */
class RedisConnectionOptionsIT {

    private static final String PASSWORD = "p@ss:w/rd";
    private static final String ENCODED = "p%40ss%3Aw%2Frd";
    private static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start(
                RedisBinary.locate(), List.of("requirepass \"" + PASSWORD + "\"", "user app on >apppw ~* &* +@all"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String hostPort() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void passwordAndDatabaseFromTheUriAreUsed() {
        try (SessionStore store = SessionStores.open(
                "redis://:" + ENCODED + "@" + hostPort() + "/3?prefix=opt:", SessionPolicy.defaults())) {
            String value = store.save(store.create().setAttribute("a", "b"));
            assertThat(store.find(value)).isPresent();
        }
        RedisEndpoint db3 = new RedisEndpoint("127.0.0.1", server.port(), null, PASSWORD, 3, false);
        try (RespConnection c = RespConnection.open(db3, Duration.ofSeconds(1))) {
            assertThat(c.callLong("DBSIZE"))
                    .as("keys in database 3: the session and its family's deadline index")
                    .isEqualTo(2);
        }
    }

    @Test
    void aclUserAndPasswordFromTheUriAreUsed() {
        try (SessionStore store =
                SessionStores.open("redis://app:apppw@" + hostPort() + "?prefix=acl:", SessionPolicy.defaults())) {
            String value = store.save(store.create().setAttribute("a", "b"));
            assertThat(store.find(value)).isPresent();
        }
    }

    @Test
    void aWrongPasswordFailsToOpenWithoutShowingThePassword() {
        assertThatThrownBy(() -> SessionStores.open("redis://:wrongpw@" + hostPort(), SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageNotContaining("wrongpw");
        assertThatThrownBy(() -> SessionStores.open("redis://" + hostPort(), SessionPolicy.defaults()))
                .as("no password")
                .isInstanceOf(SessionStoreException.class);
    }
}

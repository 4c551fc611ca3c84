package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RedisKeys;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the store writes to Redis: one hash per session under prefix + {SHA-256 of the ID}, and never a raw ID. */
class RedisKeyLayoutIT {

    private static final RedisFixture REDIS = RedisFixture.shared();

    // JUnit makes a new instance for every test: each test has a prefix, store and connection of its own
    private final String prefix = REDIS.newPrefix();
    private final RedisSessionStore store = RedisSessionStore.builder()
            .server(RedisURI.create(REDIS.url()))
            .keyPrefix(prefix)
            .policy(SessionPolicy.defaults())
            .build();
    private final RespConnection redis = REDIS.connect();

    @AfterEach
    void close() {
        store.close();
        redis.close();
        REDIS.deleteUnder(prefix);
    }

    @Test
    void keyIsThePrefixAHashTagOfTheHashedIdAndTheHashedId() {
        Session s = store.create().setAttribute("user", "alice");
        String value = store.save(s);
        String tag = java.util.HexFormat.of().toHexDigits(SessionIds.digest(value)[0]);
        assertThat(store.key(value))
                .isEqualTo(prefix + "{" + tag + "}"
                        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(SessionIds.digest(value)));
        assertThat(keys()).containsExactly(store.key(value));
        assertThat(redis.callString("TYPE", store.key(value))).isEqualTo("hash");
    }

    @Test
    void noRawIdInAnyKeyOrValue() {
        List<String> ids = new ArrayList<>();
        Session s = store.create().setAttribute("user", "alice").setAttribute("cart", "1,2");
        ids.add(store.save(s));
        Session found = store.find(ids.get(0)).orElseThrow().setAttribute("step", "2");
        store.save(found);
        Session rotated = store.changeId(found);
        ids.add(store.save(rotated.setAttribute("role", "admin")));
        for (int i = 0; i < 5; i++) {
            ids.add(store.save(store.create().setAttribute("n", Integer.toString(i))));
        }
        List<String> keys = keys();
        assertThat(keys).hasSize(6);
        for (String key : keys) {
            List<?> fields = (List<?>) redis.call("HGETALL", key);
            for (String id : ids) {
                assertThat(key).doesNotContain(id);
                assertThat(fields).allSatisfy(f -> assertThat((String) f).doesNotContain(id));
            }
            assertThat(fields.stream().map(String.class::cast).filter(f -> fields.indexOf(f) % 2 == 0))
                    .allSatisfy(f -> assertThat(f).matches("c|l|a:.+"));
        }
    }

    @Test
    void aForeignOrCorruptRecordIsAnErrorNotAnEmptyResult() {
        String value = store.save(store.create().setAttribute("a", "b"));
        redis.call("HSET", store.key(value), "c", "not a number");
        assertThatThrownBy(() -> store.find(value))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(SessionIds.fingerprint(value))
                .hasMessageNotContaining(value);
        redis.call("DEL", store.key(value));
        redis.call("SET", store.key(value), "a string, not a hash");
        assertThatThrownBy(() -> store.find(value))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageNotContaining(value);
    }

    @Test
    void prefixWithABraceOrSpaceIsRefused() {
        assertThatThrownBy(() -> RedisSessionStore.builder().keyPrefix("app{x}:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("braces");
        assertThatThrownBy(() -> RedisSessionStore.builder().keyPrefix("my app:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 2");
        assertThatThrownBy(() -> RedisSessionStore.builder().keyPrefix("x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> reply =
                    (List<?>) redis.call("SCAN", cursor, "MATCH", RedisKeys.escapeGlob(prefix) + "*", "COUNT", "1000");
            cursor = (String) reply.get(0);
            ((List<?>) reply.get(1))
                    .stream()
                            .map(String.class::cast)
                            .filter(k -> !k.endsWith(":d")) // the deadline index of a family, beside its sessions
                            .forEach(keys::add);
        } while (!cursor.equals("0"));
        return keys;
    }
}

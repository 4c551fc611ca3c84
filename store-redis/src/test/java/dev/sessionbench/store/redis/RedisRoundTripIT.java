package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts the commands of each operation twice: on the client (a Lettuce CommandListener) and on the server (INFO
 * commandstats of a throwaway redis-server that only this class uses, so CONFIG RESETSTAT disturbs nobody).
 */
class RedisRoundTripIT {

    /** A server of this class's own, closed after its last test. */
    @AutoClose
    private static final RedisServer server = RedisServer.start();

    private final CountingListener commands = new CountingListener();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private RedisSessionStore store;

    @BeforeEach
    void openStore() {
        store = RedisSessionStore.builder()
                .server(RedisURI.create(server.url()))
                .keyPrefix("rt:")
                .policy(SessionPolicy.defaults().withClock(clock))
                .commandListener(commands)
                .build();
        commands.drain();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void eachOperationIsOneRoundTrip() {
        Session s = store.create().setAttribute("user", "alice").setAttribute("cart", "1");
        assertThat(commands.drain()).as("create").isEmpty();

        String value = store.save(s);
        assertThat(commands.drain()).as("first save").containsExactly("EVALSHA");

        Session found = store.find(value).orElseThrow();
        assertThat(commands.drain())
                .as("find within a slide step of the last access")
                .containsExactly("HGETALL");

        clock.advance(SessionPolicy.defaults().idleTimeout().dividedBy(RedisSessionStore.SLIDE_SHARE));
        found = store.find(value).orElseThrow();
        assertThat(commands.drain()).as("find that slides the last access").containsExactly("HGETALL", "EVALSHA");
        store.find(value).orElseThrow();
        assertThat(commands.drain()).as("the next find").containsExactly("HGETALL");

        store.save(found.setAttribute("cart", "1,2").removeAttribute("user"));
        assertThat(commands.drain()).as("delta save").containsExactly("EVALSHA");

        Session rotated = store.changeId(found);
        assertThat(commands.drain()).as("changeId").containsExactly("EVALSHA");

        store.invalidate(rotated);
        assertThat(commands.drain()).as("invalidate").containsExactly("EVALSHA");

        assertThat(store.find("not-an-id")).isEmpty();
        store.changeId(store.create());
        store.invalidate(store.create());
        assertThat(commands.drain())
                .as("malformed find, changeId and invalidate of new sessions")
                .isEmpty();
        assertThat(store.purgeExpired()).isZero();
        assertThat(commands.drain())
                .as("purge: one script over every family's deadline index")
                .containsExactly("EVALSHA");
    }

    @Test
    void serverSeesOneCommandPerOperation() {
        try (RespConnection admin = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            admin.call("CONFIG", "RESETSTAT");
            String value = store.save(store.create().setAttribute("a", "1")); // 1 EVALSHA
            Session found = store.find(value).orElseThrow(); // 1 HGETALL
            store.save(found.setAttribute("b", "2")); // 1 EVALSHA
            Session rotated = store.changeId(found); // 1 EVALSHA
            store.invalidate(rotated); // 1 EVALSHA
            Map<String, Long> calls = commandCalls(admin.callString("INFO", "commandstats"));
            System.out.println("server commandstats after save, find, delta save, changeId, invalidate: " + calls);
            assertThat(calls.get("evalsha")).isEqualTo(4);
            assertThat(calls.get("hgetall"))
                    .as("the find's, no script reads the whole hash")
                    .isEqualTo(1);
            // the scripts' own HMGET, HSET, PEXPIRE... are counted too, but no other top-level command was sent
            assertThat(calls).doesNotContainKeys("eval", "script", "multi", "exec", "watch", "ping", "pttl");
        }
    }

    @Test
    void lostScriptCacheCostsOneEvalThenEvalshaAgain() {
        String value = store.save(store.create().setAttribute("a", "1"));
        try (RespConnection admin = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            admin.call("SCRIPT", "FLUSH");
        }
        commands.drain();
        Session found = store.find(value).orElseThrow();
        assertThat(commands.drain()).as("find, a plain HGETALL").containsExactly("HGETALL");
        store.save(found.setAttribute("a", "2"));
        assertThat(commands.drain()).as("save after SCRIPT FLUSH").containsExactly("EVALSHA", "EVAL");
        store.save(store.find(value).orElseThrow().setAttribute("a", "3"));
        assertThat(commands.drain()).as("the next find and save").containsExactly("HGETALL", "EVALSHA");
    }

    /** Returns the calls per command from INFO commandstats (which counts commands issued by scripts as well). */
    static Map<String, Long> commandCalls(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                for (String part : List.of(line.substring(line.indexOf(':') + 1).split(","))) {
                    if (part.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(part.substring("calls=".length())));
                    }
                }
            }
        }
        calls.remove("config");
        calls.remove("info");
        return calls;
    }
}

package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.fixtures.redis.RedisCluster;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RedisKeys;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real 3-master Redis Cluster on loopback ports that the fixture starts for this class and
 * stops after it, plus the cluster's own points: the store opens by a seed-list URI, a rotation moves a session to
 * another slot without CROSSSLOT, and the sessions spread over the masters.
 */
class RedisClusterSessionStoreIT extends RedisContractSuite {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    String newPrefix() {
        return RedisKeys.randomPrefix();
    }

    @Override
    RedisSessionStore.Builder target(RedisSessionStore.Builder builder) {
        List<RedisURI> seeds = new ArrayList<>();
        for (RedisEndpoint e : cluster.endpoints()) {
            seeds.add(RedisURI.create(e.host(), e.port()));
        }
        return builder.cluster(seeds);
    }

    @Override
    void deleteUnder(String keyPrefix) {
        cluster.deleteUnder(keyPrefix);
    }

    @Override
    protected String storeUri() {
        return "redis://" + cluster.seeds() + "?cluster=true&prefix=" + prefix;
    }

    @Override
    protected Optional<Boolean> backendHolds(String id) {
        String key = opened.key(id);
        for (RedisEndpoint node : cluster.endpoints()) {
            try (RespConnection c = RespConnection.open(node, RespConnection.DEFAULT_TIMEOUT)) {
                if (c.callLong("EXISTS", key) == 1) {
                    return Optional.of(true);
                }
            } catch (RespConnection.RespError moved) {
                // MOVED: another node owns the key's slot
            }
        }
        return Optional.of(false);
    }

    @Test
    void changeIdKeepsTheSessionInItsSlotWithoutCrossSlotError() {
        assertThat(opened.isCluster()).isTrue();
        for (int i = 0; i < 10; i++) {
            String value = saved("user", "u" + i);
            Session rotated = store.changeId(store.find(value).orElseThrow());
            String newValue = store.save(rotated.setAttribute("role", "admin"));
            assertThat(newValue).isNotEqualTo(value);
            assertThat(store.find(value)).isEmpty();
            assertThat(store.find(newValue).orElseThrow().attributes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("user", "u" + i, "role", "admin"));
            assertThat(slot(opened.key(newValue))).isEqualTo(slot(opened.key(value)));
        }
    }

    @Test
    void roundTripsInTheClusterAreOneEach() {
        commands.drain();
        String value = store.save(store.create().setAttribute("a", "1"));
        assertThat(commands.drain()).as("first save").containsExactly("EVALSHA");
        Session found = store.find(value).orElseThrow();
        assertThat(commands.drain()).as("find within a slide step").containsExactly("HGETALL");
        clock.advance(IDLE.dividedBy(RedisSessionStore.SLIDE_SHARE));
        found = store.find(value).orElseThrow();
        assertThat(commands.drain())
                .as("find that slides, on the session's node")
                .containsExactly("HGETALL", "EVALSHA");
        store.save(found.setAttribute("b", "2"));
        assertThat(commands.drain()).as("delta save").containsExactly("EVALSHA");
        Session rotated = store.changeId(found);
        assertThat(commands.drain())
                .as("changeId: one atomic move within the slot")
                .containsExactly("EVALSHA");
        store.invalidate(rotated);
        assertThat(commands.drain()).as("invalidate").containsExactly("EVALSHA");
    }

    @Test
    void sessionsSpreadOverEveryMaster() {
        for (int i = 0; i < 60; i++) {
            saved("n", Integer.toString(i));
        }
        for (RedisEndpoint node : cluster.endpoints()) {
            assertThat(RedisKeys.countUnder(node, prefix)).as("keys on " + node).isPositive();
        }
        long families = 0;
        for (int tag = 0; tag < 256; tag++) {
            String deadlines = opened.deadlineKey(java.util.HexFormat.of().toHexDigits((byte) tag));
            for (RedisEndpoint node : cluster.endpoints()) {
                try (RespConnection c = RespConnection.open(node, RespConnection.DEFAULT_TIMEOUT)) {
                    families += c.callLong("EXISTS", deadlines);
                } catch (RespConnection.RespError moved) {
                    // MOVED: another node owns the key's slot
                }
            }
        }
        assertThat(cluster.countUnder(prefix))
                .as("60 sessions and the deadline index of each family they use")
                .isEqualTo(60 + families);
    }

    private static long slot(String key) {
        try (RespConnection c = RespConnection.open(cluster.endpoints().get(0), RespConnection.DEFAULT_TIMEOUT)) {
            return c.callLong("CLUSTER", "KEYSLOT", key);
        }
    }
}

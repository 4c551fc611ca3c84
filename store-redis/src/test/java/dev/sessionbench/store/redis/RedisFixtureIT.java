package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.fixtures.redis.RedisBinary;
import dev.sessionbench.fixtures.redis.RedisCluster;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RedisKeys;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared Redis fixture (sessionbench-fixtures): its search order, its throwaway servers (from PATH and the bundled binary,
 * the path a machine without Redis takes), its throwaway cluster, and deletion of one prefix's keys only.
 */
@SuppressWarnings("unchecked")
class RedisFixtureIT {

    @Test
    void redisUrlWinsWhenSet() {
        try (RedisServer server = RedisServer.start()) {
            try (RedisFixture fixture = RedisFixture.find(Map.of(RedisFixture.ENV, server.url()))) {
                assertThat(fixture.source()).isEqualTo(RedisFixture.Source.ENVIRONMENT);
                assertThat(fixture.endpoint().port()).isEqualTo(server.port());
            }
            assertThat(server.isRunning())
                    .as("a fixture leaves a Redis it did not start alone")
                    .isTrue();
        }
    }

    @Test
    void redisUrlThatDoesNotAnswerFailsLoudlyInsteadOfSkipping() {
        String dead = RedisEndpoint.loopback(RedisServer.freePort()).url();
        assertThatThrownBy(() -> RedisFixture.find(Map.of(RedisFixture.ENV, dead)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REDIS_URL");
    }

    @Test
    void withoutRedisUrlItUsesTheLocalDefaultOrStartsAThrowawayServer() {
        boolean localAnswers = RespConnection.answersPing(RedisFixture.LOCAL_DEFAULT, RedisFixture.PROBE_TIMEOUT);
        try (RedisFixture fixture = RedisFixture.find(Map.of())) {
            assertThat(fixture.source())
                    .isEqualTo(localAnswers ? RedisFixture.Source.LOCAL_DEFAULT : RedisFixture.Source.THROWAWAY);
            assertThat(RespConnection.answersPing(fixture.endpoint(), Duration.ofSeconds(1)))
                    .isTrue();
        }
    }

    @Test
    void withNothingAnsweringItStartsAThrowawayServerAndStopsItOnClose() {
        RedisEndpoint nothing = RedisEndpoint.loopback(RedisServer.freePort());
        RedisEndpoint started;
        try (RedisFixture fixture = RedisFixture.find(Map.of(), nothing)) {
            assertThat(fixture.source()).isEqualTo(RedisFixture.Source.THROWAWAY);
            started = fixture.endpoint();
            assertThat(RespConnection.answersPing(started, Duration.ofSeconds(1)))
                    .isTrue();
        }
        assertThat(RespConnection.answersPing(started, Duration.ofMillis(300))).isFalse();
    }

    @Test
    void withoutRedisServerOnPathTheBundledBinaryIsUsed() {
        assertThat(RedisBinary.locate("")).isEqualTo(RedisBinary.bundled());
        assertThat(RedisBinary.locate(null)).isEqualTo(RedisBinary.bundled());
    }

    @Test
    void throwawayFixtureDeletesOnlyItsPrefixAndStopsItsServerOnClose() {
        RedisEndpoint endpoint;
        try (RedisFixture fixture = RedisFixture.throwaway()) {
            assertThat(fixture.source()).isEqualTo(RedisFixture.Source.THROWAWAY);
            endpoint = fixture.endpoint();
            String mine = fixture.newPrefix();
            String other = fixture.newPrefix();
            assertThat(mine).isNotEqualTo(other).startsWith(RedisKeys.PREFIX_ROOT);
            try (RespConnection c = fixture.connect()) {
                for (int i = 0; i < 1500; i++) {
                    c.call("SET", mine + i, "v");
                }
                c.call("SET", other + "kept", "v");
                c.call("SET", mine.substring(0, mine.length() - 1) + "X", "v"); // shares all but the last character
            }
            assertThat(fixture.countUnder(mine)).isEqualTo(1500);
            assertThat(fixture.deleteUnder(mine)).isEqualTo(1500);
            assertThat(fixture.countUnder(mine)).isZero();
            try (RespConnection c = fixture.connect()) {
                assertThat(c.callLong("DBSIZE")).isEqualTo(2);
            }
            assertThatThrownBy(() -> fixture.deleteUnder("sb")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RespConnection.answersPing(endpoint, Duration.ofMillis(300))).isFalse();
    }

    @Test
    void serverStopsAndRestartsOnTheSamePortWithoutItsData() {
        Path dir;
        try (RedisServer server = RedisServer.start()) {
            dir = server.directory();
            try (RespConnection c = RespConnection.open(server.endpoint(), Duration.ofSeconds(1))) {
                c.call("SET", "k", "v");
                assertThat((List<Object>) c.call("CONFIG", "GET", "save")).containsExactly("save", "");
                assertThat((List<Object>) c.call("CONFIG", "GET", "appendonly")).containsExactly("appendonly", "no");
                assertThat((List<Object>) c.call("CONFIG", "GET", "bind")).containsExactly("bind", "127.0.0.1");
            }
            int port = server.port();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThat(RespConnection.answersPing(server.endpoint(), Duration.ofMillis(300)))
                    .isFalse();
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            try (RespConnection c = RespConnection.open(server.endpoint(), Duration.ofSeconds(1))) {
                assertThat(c.callLong("EXISTS", "k"))
                        .as("nothing survives a restart without persistence")
                        .isZero();
            }
        }
        assertThat(Files.exists(dir)).as("the server's directory is deleted").isFalse();
    }

    @Test
    void bundledBinaryStartsWhereNoRedisIsInstalled() {
        try (RedisServer server = RedisServer.start(RedisBinary.bundled(), List.of());
                RespConnection c = RespConnection.open(server.endpoint(), Duration.ofSeconds(1))) {
            assertThat(c.callString("INFO", "server")).contains("redis_version:6.2.");
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void bundledBinaryFormsAClusterThroughAddSlots() {
        // Redis 6.2 has no CLUSTER ADDSLOTSRANGE: this takes the fixture's fallback path.
        List<Path> dirs;
        try (RedisCluster cluster = RedisCluster.start(3, RedisBinary.bundled())) {
            dirs = cluster.nodes().stream().map(RedisServer::directory).toList();
            for (RedisEndpoint node : cluster.endpoints()) {
                try (RespConnection c = RespConnection.open(node, Duration.ofSeconds(1))) {
                    assertThat(c.callString("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:3");
                }
            }
        }
        assertThat(dirs).allSatisfy(d -> assertThat(Files.exists(d)).isFalse());
    }
}

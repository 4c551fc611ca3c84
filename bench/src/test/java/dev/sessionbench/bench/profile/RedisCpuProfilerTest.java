package dev.sessionbench.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RespConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

class RedisCpuProfilerTest {

    private static final String INFO = "# CPU\r\nused_cpu_sys:12.500000\r\nused_cpu_user:7.250000\r\n"
            + "used_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\n";

    @Test
    void serverCpuIsSystemPlusUserTime() {
        assertThat(RedisCpuProfiler.cpuSeconds(INFO)).isCloseTo(19.75, within(1e-9));
    }

    @Test
    void anAnswerWithoutCpuTimesIsAnErrorNotZero() {
        assertThatThrownBy(() -> RedisCpuProfiler.cpuSeconds("# Server\r\nredis_version:7.2.4\r\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used_cpu_sys");
    }

    @Test
    void onlyRedisSubjectsAreMeasured() {
        assertThat(RedisCpuProfiler.serversOf("memory")).isEmpty();
        assertThat(RedisCpuProfiler.serversOf("no-such-subject")).isEmpty();
        assertThat(RedisCpuProfiler.serversOf("raw-lettuce")).containsExactly(RedisEndpoint.parse(Adapters.redisUrl()));
    }

    @Test
    void theClusterSubjectIsMeasuredOnEveryNode() {
        List<RedisEndpoint> nodes = RedisCpuProfiler.serversOf("redis-cluster");
        assertThat(nodes).hasSize(3);
        assertThat(RedisCpuProfiler.cpuSeconds(nodes)).isPositive();
    }

    @Test
    void aRealServersCpuTimeGrowsWithWork() {
        List<RedisEndpoint> servers = RedisCpuProfiler.serversOf("redis");
        double before = RedisCpuProfiler.cpuSeconds(servers);
        try (RespConnection c = RespConnection.open(servers.get(0), RespConnection.DEFAULT_TIMEOUT)) {
            for (int i = 0; i < 5_000; i++) {
                c.call("PING");
            }
        }
        assertThat(RedisCpuProfiler.cpuSeconds(servers)).isGreaterThan(before);
    }

    @Test
    void aShortRunOfARedisLookupReportsServerAndClientCpuPerOperation() throws Exception {
        RunResult run = new Runner(new OptionsBuilder()
                        .include("dev.sessionbench.bench.LookupBenchmark.lookupHit")
                        .param("subject", "redis")
                        .param("liveSessions", "100")
                        .forks(0)
                        .threads(1)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(300))
                        .addProfiler(CpuProfiler.class)
                        .addProfiler(RedisCpuProfiler.class)
                        .shouldFailOnError(true)
                        .build())
                .runSingle();
        Result<?> server = run.getAggregatedResult().getSecondaryResults().get(RedisCpuProfiler.PER_OP);
        assertThat(server).as("server CPU per operation").isNotNull();
        // only its sign is checked: the shared test server also serves other clients, whose CPU counts too
        assertThat(server.getScore()).isGreaterThan(0.0);
        assertThat(server.getScoreUnit()).isEqualTo("us/op");
        assertThat(run.getAggregatedResult()
                        .getSecondaryResults()
                        .get(CpuProfiler.PER_OP)
                        .getScore())
                .isGreaterThan(0.0);
    }
}

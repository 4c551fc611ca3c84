package dev.sessionbench.bench.profile;

import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.adapter.ClusterRedis;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RespConnection;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * Redis server CPU per operation, for the Redis subjects: {@code used_cpu_sys + used_cpu_user} of {@code INFO cpu}
 * (summed over the nodes of a cluster) read before and after each iteration, divided by its operations, as the
 * secondary results {@value #PER_OP} (microseconds per operation) and {@value #CORES}. Other subjects get no
 * result. The figure is the whole server's: another client of the same Redis during the run would count too, so
 * measure on a Redis of the run's own.
 *
 * <p>HOW TO RUN: {@code java -jar bench/target/benchmarks.jar 'LookupBenchmark.lookupHit'
 * -p subject=redis,spring-redis,raw-lettuce -t 32 -f 1 -wi 3 -w 4s -i 8 -r 1s
 * -prof dev.sessionbench.bench.profile.CpuProfiler -prof dev.sessionbench.bench.profile.RedisCpuProfiler -rf json}
 */
public final class RedisCpuProfiler implements InternalProfiler {

    /** The label of server CPU microseconds per operation. */
    public static final String PER_OP = "redis.cpu.per.op";
    /** The label of the server cores busy on average. */
    public static final String CORES = "redis.cpu.cores";

    private final Function<String, List<RedisEndpoint>> servers;
    private List<RedisEndpoint> measured = List.of();
    private double cpuStart;
    private long wallStart;

    /** A profiler of the Redis each subject uses, as the adapters find it. */
    public RedisCpuProfiler() {
        this(RedisCpuProfiler::serversOf);
    }

    /** A profiler of the servers {@code servers} names for a subject's label (none: no result). */
    RedisCpuProfiler(Function<String, List<RedisEndpoint>> servers) {
        this.servers = servers;
    }

    /**
     * Returns the servers of the subject labelled {@code label}: the suite's Redis for the Redis family, every node
     * for {@code redis-cluster}, none for the others.
     */
    public static List<RedisEndpoint> serversOf(String label) {
        Subject subject;
        try {
            subject = Subject.of(label);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (subject == Subject.REDIS_CLUSTER) {
            return ClusterRedis.shared().nodes();
        }
        return subject.family() == Subject.Family.REDIS ? List.of(RedisEndpoint.parse(Adapters.redisUrl())) : List.of();
    }

    @Override
    public String getDescription() {
        return "Redis server CPU per operation: INFO cpu (used_cpu_sys + used_cpu_user) over each iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        String subject = benchmarkParams.getParam("subject");
        measured = subject == null ? List.of() : servers.apply(subject);
        wallStart = System.nanoTime();
        cpuStart = measured.isEmpty() ? 0 : cpuSeconds(measured);
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        if (measured.isEmpty()) {
            return List.of();
        }
        double used = cpuSeconds(measured) - cpuStart;
        long wall = System.nanoTime() - wallStart;
        return CpuProfiler.results(
                PER_OP,
                CORES,
                Math.round(used * 1e9),
                wall,
                result.getMetadata().getAllOps());
    }

    /** Returns the CPU seconds the servers have used since they started, summed. */
    public static double cpuSeconds(List<RedisEndpoint> servers) {
        double total = 0;
        for (RedisEndpoint server : servers) {
            try (RespConnection c = RespConnection.open(server, RespConnection.DEFAULT_TIMEOUT)) {
                total += cpuSeconds(c.callString("INFO", "cpu"));
            }
        }
        return total;
    }

    /** Returns {@code used_cpu_sys + used_cpu_user} of an {@code INFO cpu} answer, in seconds. */
    static double cpuSeconds(String info) {
        Double sys = null;
        Double user = null;
        for (String line : info.split("\r?\n")) {
            String l = line.trim().toLowerCase(Locale.ROOT);
            if (l.startsWith("used_cpu_sys:")) {
                sys = Double.parseDouble(l.substring("used_cpu_sys:".length()));
            } else if (l.startsWith("used_cpu_user:")) {
                user = Double.parseDouble(l.substring("used_cpu_user:".length()));
            }
        }
        if (sys == null || user == null) {
            throw new IllegalStateException("INFO cpu has no used_cpu_sys and used_cpu_user; it answered: "
                    + info.lines().limit(5).toList());
        }
        return sys + user;
    }
}

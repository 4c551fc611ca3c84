package dev.sessionbench.bench.report;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One JMH result: a benchmark method at one parameter set and thread count. Throughput is in operations per second
 * whatever unit JMH wrote; {@code error} is NaN when JMH could not compute it (fewer than three iterations).
 *
 * @param benchmark       JMH's full benchmark name
 * @param operation       the benchmark method's simple name (a {@code @Group} benchmark's group name)
 * @param subject         the {@code subject} parameter, or the benchmark's class name when there is none
 * @param params          every other JMH parameter, by name
 * @param threads         threads that ran it (for a group, all threads of the group)
 * @param mode            JMH mode, e.g. {@code thrpt}
 * @param score           the mean, in ops/s for throughput, otherwise in {@code unit}
 * @param error           the 99.9 % confidence half-width in the same unit as {@code score}
 * @param unit            the unit as JMH wrote it
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation, NaN without {@code -prof gc}
 * @param cpuNsPerOp      the benchmark process's CPU time per operation in nanoseconds, from the secondary result
 *                        {@value JmhJson#CPU_PER_OP} (unit {@code ns/op}) of a CPU profiler; NaN when not measured
 * @param groupParts      for a {@code @Group} benchmark, each part's throughput by method name (ops/s)
 * @param serverCpuNsPerOp the Redis server's CPU time per operation in nanoseconds, from the secondary result
 *                        {@value JmhJson#REDIS_CPU_PER_OP}; NaN when not measured (and for subjects without a server)
 * @param cpuCores        the benchmark process's cores busy on average ({@value JmhJson#CPU_CORES}); NaN when not
 *                        measured
 * @param serverCpuCores  the Redis server's cores busy on average ({@value JmhJson#REDIS_CPU_CORES}); NaN when not
 *                        measured
 */
public record Measurement(
        String benchmark,
        String operation,
        String subject,
        Map<String, String> params,
        int threads,
        String mode,
        double score,
        double error,
        String unit,
        double allocBytesPerOp,
        Map<String, Part> groupParts,
        double cpuNsPerOp,
        double serverCpuNsPerOp,
        double cpuCores,
        double serverCpuCores) {

    /** JMH's name of the live-session count parameter. */
    public static final String LIVE_SESSIONS = "liveSessions";
    /** JMH's name of the payload parameter. */
    public static final String PAYLOAD = "payload";
    /** JMH's name of the network parameter: how a Redis subject reaches its server. */
    public static final String NETWORK = "network";
    /** The network of every subject measured without a simulated round trip. */
    public static final String DIRECT = "direct";
    /** JMH's name of throughput mode. */
    public static final String THROUGHPUT = "thrpt";

    public Measurement {
        Objects.requireNonNull(benchmark, "benchmark");
        params = Map.copyOf(params);
        groupParts = Map.copyOf(groupParts);
    }

    /** One part of a {@code @Group} benchmark, in ops/s. */
    public record Part(double score, double error) {}

    /** Returns whether this is a throughput result, the only mode the report compares. */
    public boolean isThroughput() {
        return THROUGHPUT.equals(mode);
    }

    /** Returns the live-session count, when the benchmark has that parameter and it is a number. */
    public Optional<Long> liveSessions() {
        String v = params.get(LIVE_SESSIONS);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.replace("_", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Returns the network parameter: {@value #DIRECT} when the benchmark has none. */
    public String network() {
        return params.getOrDefault(NETWORK, DIRECT);
    }

    /** Returns whether this result ran without a simulated round trip. */
    public boolean isDirect() {
        return DIRECT.equals(network());
    }

    /**
     * Returns the client's plus the server's CPU per operation in microseconds: the client's alone for a subject
     * without a server of its own, NaN when the client's, or a Redis subject's server's, was not measured.
     */
    public double totalCpuMicrosPerOp() {
        boolean server = Run.catalog(subject)
                .map(s -> s.family() == Subject.Family.REDIS)
                .orElse(false);
        if (!Double.isFinite(cpuNsPerOp) || server && !Double.isFinite(serverCpuNsPerOp)) {
            return Double.NaN;
        }
        return (cpuNsPerOp + (server ? serverCpuNsPerOp : 0)) / 1000;
    }

    /** Returns the cores 10,000 operations per second keep busy: client and server CPU per op / 100; NaN if unknown. */
    public double coresPer10k() {
        return Units.coresPer10k(totalCpuMicrosPerOp());
    }

    /** Returns the payload parameter, when the benchmark has it. */
    public Optional<String> payload() {
        return Optional.ofNullable(params.get(PAYLOAD));
    }

    /** Returns the key of the measurements this one is compared with: same operation, other parameters, threads. */
    public Config config() {
        return new Config(operation, params, threads);
    }

    /** An operation at one parameter set (subject aside) and thread count: where ratios are taken. */
    public record Config(String operation, Map<String, String> params, int threads) {
        public Config {
            params = Map.copyOf(params);
        }
    }
}

package dev.sessionbench.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a profile runs: a list of steps, each one benchmark method over a set of subjects and sizes at one thread
 * count, with the profile's JMH settings. {@code quick} covers every strategy and operation at small scale in under
 * 10 minutes on 2 cores; {@code full} is the published run, about 43 minutes on 2 cores (102 forked runs of 12 s
 * warm-up and 8 one-second iterations); {@code targets} runs only the comparisons the targets name.
 */
public final class Plan {

    /** A profile: its name, JMH settings and steps. */
    public enum Profile {
        QUICK(1, 2, 1, 2, 1),
        FULL(1, 3, 4, 8, 1),
        /** Only the comparisons of the targets, with the settings of its anchors (about 13 minutes). */
        TARGETS(1, 5, 3, 5, 1);

        final int forks;
        final int warmupIterations;
        final int warmupSeconds;
        final int iterations;
        final int iterationSeconds;

        Profile(int forks, int warmupIterations, int warmupSeconds, int iterations, int iterationSeconds) {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupSeconds = warmupSeconds;
            this.iterations = iterations;
            this.iterationSeconds = iterationSeconds;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Returns the JMH options of every step, as JMH's command line would write them. */
        public String jmhSettings() {
            return "-f " + forks + " -wi " + warmupIterations + " -w " + warmupSeconds + "s -i " + iterations
                    + " -r " + iterationSeconds + "s -prof gc -rf json -jvmArgsAppend \"" + String.join(" ", JVM_ARGS)
                    + "\"";
        }

        /** Returns the seconds one forked run takes, setup excluded. */
        public int secondsPerRun() {
            return forks * (warmupIterations * warmupSeconds + iterations * iterationSeconds);
        }
    }

    /** Seconds a forked run spends outside its iterations: JVM start, setup, teardown (measured on 2 cores). */
    static final int FORK_SECONDS = 3;

    /** The flags of every forked benchmark JVM: a fixed heap, so that GC sizing does not vary between runs. */
    public static final List<String> JVM_ARGS = List.of("-Xms4g", "-Xmx4g");

    static final List<String> STRATEGIES =
            List.of("memory", "mapdb", "mapdb-batched", "redis", "token", "token-revocable");
    static final List<String> PEERS = List.of("spring-map", "spring-redis");
    static final List<String> LOOKUP_RAW =
            List.of("raw-chm", "raw-mapdb", "raw-mapdb-wal", "raw-lettuce", "raw-lettuce-hash", "raw-jjwt", "raw-hmac");
    static final List<String> CREATE_RAW = List.of("raw-chm", "raw-mapdb", "raw-mapdb-wal", "raw-lettuce", "raw-jjwt",
            "raw-hmac", "raw-securerandom");
    static final List<String> EXPIRY_SUBJECTS = List.of("memory", "mapdb", "mapdb-batched");

    /**
     * One JMH run of a benchmark method.
     *
     * @param benchmark    the benchmark class
     * @param operation    the method
     * @param subjects     subject labels
     * @param liveSessions sizes of the live set
     * @param payloads     payload labels
     * @param threads      JMH threads
     */
    public record Step(Class<?> benchmark, Operation operation, List<String> subjects, List<Integer> liveSessions,
            List<String> payloads, int threads) {

        /** Returns the regular expression that selects exactly this step's method. */
        public String include() {
            return "^" + benchmark.getName().replace(".", "\\.") + "\\." + operation.method() + "$";
        }

        /** Returns how many forked runs (parameter combinations) this step makes. */
        public int runs() {
            return subjects.size() * liveSessions.size() * payloads.size();
        }

        /** Returns a rough estimate of this step's seconds: the runs, plus JVM start and seeding. */
        public long estimateSeconds(Profile profile) {
            long seconds = 0;
            for (String s : subjects) {
                for (int n : liveSessions) {
                    long seed = seedingSeconds(s, n);
                    seconds += (long) payloads.size() * (profile.secondsPerRun() + FORK_SECONDS + seed);
                }
            }
            return seconds;
        }

        private static long seedingSeconds(String subject, int n) {
            double perSecond = subject.contains("redis") || subject.contains("lettuce") ? 40_000
                    : subject.startsWith("mapdb") || subject.startsWith("raw-mapdb") ? 50_000 : 500_000;
            return Math.round(n / perSecond);
        }

        public String name() {
            return benchmark.getSimpleName() + "." + operation.method();
        }

        @Override
        public String toString() {
            return name() + " [" + String.join(",", subjects) + "] liveSessions=" + liveSessions + " payload="
                    + payloads + " threads=" + threads;
        }
    }

    private Plan() {
    }

    /** Returns the steps of a profile. */
    public static List<Step> steps(Profile profile) {
        return switch (profile) {
            case QUICK -> quick();
            case FULL -> full();
            case TARGETS -> targets();
        };
    }

    private static List<Step> targets() {
        List<Integer> headline = List.of(100_000);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("memory", "raw-chm", "spring-map",
                "redis", "raw-lettuce", "raw-lettuce-hash", "spring-redis", "mapdb", "mapdb-batched", "raw-mapdb",
                "raw-mapdb-wal", "token", "raw-jjwt", "raw-hmac"), headline, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE,
                List.of("memory", "spring-map", "redis", "spring-redis", "mapdb", "raw-mapdb-wal"), headline, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, List.of("memory", "spring-map"), headline, p, 2));
        steps.add(new Step(AccessAndSaveBenchmark.class, Operation.ACCESS_AND_SAVE, List.of("mapdb", "raw-mapdb-wal"),
                headline, p, 1));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS, List.of(1_000, 100_000), p, 1));
        return steps;
    }

    private static List<Step> quick() {
        List<Integer> small = List.of(1_000);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, concat(STRATEGIES, PEERS,
                List.of("raw-chm", "raw-mapdb", "raw-lettuce", "raw-jjwt")), small, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("memory", "redis", "raw-chm"),
                List.of(100_000), p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MISS, concat(STRATEGIES, PEERS), small, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MALFORMED, STRATEGIES, small, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, concat(STRATEGIES, PEERS,
                List.of("raw-chm", "raw-lettuce", "raw-jjwt", "raw-securerandom")), small, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, List.of("memory", "spring-map"), small, p, 2));
        steps.add(new Step(AccessAndSaveBenchmark.class, Operation.ACCESS_AND_SAVE, concat(STRATEGIES, PEERS),
                small, p, 1));
        steps.add(new Step(ChangeIdBenchmark.class, Operation.CHANGE_ID, concat(STRATEGIES, PEERS), small, p, 1));
        steps.add(new Step(InvalidateBenchmark.class, Operation.INVALIDATE, concat(STRATEGIES, PEERS), small, p, 1));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS, small, p, 1));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, List.of("memory", "mapdb-batched"),
                List.of(100_000), p, 1));
        steps.add(new Step(MixedBenchmark.class, Operation.MIXED, STRATEGIES, small, p, 1));
        return steps;
    }

    private static List<Step> full() {
        List<Integer> headline = List.of(100_000);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, concat(STRATEGIES, PEERS, LOOKUP_RAW),
                headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("memory", "redis", "raw-chm"),
                List.of(1_000, 1_000_000), p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT,
                List.of("memory", "spring-map", "raw-chm", "redis"), headline, p, 2));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("memory", "redis"), headline,
                List.of("large"), 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MISS, concat(STRATEGIES, List.of("spring-map")),
                headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MALFORMED, STRATEGIES, headline, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, concat(STRATEGIES, PEERS,
                CREATE_RAW.stream().filter(r -> !r.equals("raw-mapdb")).toList()), headline, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE,
                List.of("memory", "spring-map", "raw-chm", "raw-securerandom"), headline, p, 2));
        steps.add(new Step(AccessAndSaveBenchmark.class, Operation.ACCESS_AND_SAVE,
                concat(STRATEGIES, PEERS, List.of("raw-chm", "raw-lettuce", "raw-mapdb-wal")), headline, p, 1));
        steps.add(new Step(ChangeIdBenchmark.class, Operation.CHANGE_ID, concat(STRATEGIES, PEERS), headline, p, 1));
        steps.add(new Step(InvalidateBenchmark.class, Operation.INVALIDATE, concat(STRATEGIES, PEERS), headline, p,
                1));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS,
                List.of(1_000, 100_000, 1_000_000), p, 1));
        steps.add(new Step(MixedBenchmark.class, Operation.MIXED, concat(STRATEGIES, PEERS), headline, p, 2));
        return steps;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).distinct().toList();
    }

    /** Returns the steps whose subjects are narrowed to {@code only} (empty: all), dropping steps left empty. */
    public static List<Step> narrow(List<Step> steps, List<String> only, String include) {
        Stream<Step> s = steps.stream();
        if (include != null && !include.isBlank()) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(include);
            s = s.filter(step -> p.matcher(step.name()).find());
        }
        if (!only.isEmpty()) {
            only.forEach(Subject::of);
            s = s.map(step -> new Step(step.benchmark(), step.operation(),
                    step.subjects().stream().filter(only::contains).toList(), step.liveSessions(), step.payloads(),
                    step.threads())).filter(step -> !step.subjects().isEmpty());
        }
        return s.toList();
    }
}

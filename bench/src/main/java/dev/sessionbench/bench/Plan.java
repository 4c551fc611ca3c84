package dev.sessionbench.bench;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a profile runs: a list of steps, each one benchmark method over a set of subjects and sizes at one thread
 * count, with the profile's JMH settings. {@code full} is the published run (about 4 hours on 2 cores): every
 * operation of every strategy beside its raw limit and peer, and the headline operations at {@link #THREAD_SWEEP}
 * threads. {@code quick} is a sample of {@code full}'s rows with {@code full}'s settings, under 10 minutes on 2 cores;
 * {@code comparisons} runs only each store beside its raw limit and peer. Every forked JVM pre-touches its heap.
 *
 * <p>In {@code full}, the headline rows (lookup, create, access-and-save at 1 thread, mixed at 2, all at 100,000 live
 * sessions and the small payload) of the strategies and of the references they are compared with are measured with
 * {@link Profile#headline} settings: 100 one-second iterations instead of 6, and 140 for the 2-thread rows. On a
 * shared 2-core VM one second's throughput varies by 8 to 18 % at 1 thread even for a bare HMAC loop (the host, not
 * the JVM), and by up to 23 % at 2 threads. JMH's 99.9 % interval is {@code t(n-1) / sqrt(n)} times that spread: 0.34
 * times it over 100 samples and 0.28 times over 140, which is what four hours allow. Every other row keeps the
 * shorter {@link Profile#standard} settings.
 */
public final class Plan {

    /**
     * JMH settings of a forked run.
     *
     * @param forks             forked JVMs
     * @param warmupIterations  warm-up iterations
     * @param warmupSeconds     seconds per warm-up iteration
     * @param iterations        measured iterations
     * @param iterationSeconds  seconds per measured iteration
     */
    public record Settings(int forks, int warmupIterations, int warmupSeconds, int iterations, int iterationSeconds) {

        /** Returns these settings as JMH's command line writes them. */
        public String jmhOptions() {
            return "-f " + forks + " -wi " + warmupIterations + " -w " + warmupSeconds + "s -i " + iterations
                    + " -r " + iterationSeconds + "s";
        }

        /** Returns the seconds one forked run takes, setup excluded. */
        public int secondsPerRun() {
            return forks * (warmupIterations * warmupSeconds + iterations * iterationSeconds);
        }
    }

    /** A profile: its name, JMH settings and steps. */
    public enum Profile {
        /**
         * A sample of the full run's rows with the full run's settings and JVM flags, warmed up to steady state,
         * so that each row it reports is the row a full run reports: fewer rows, not shorter ones.
         */
        QUICK(new Settings(1, 3, 4, 6, 1), null, null, PRE_TOUCHED_HEAP),
        FULL(new Settings(1, 3, 4, 6, 1), new Settings(1, 3, 4, 100, 1), new Settings(1, 3, 4, 140, 1),
                PRE_TOUCHED_HEAP),
        /** Each store beside its raw limit and peer at 100,000 live sessions, and expiry (about 15 minutes). */
        COMPARISONS(new Settings(1, 5, 3, 5, 1), null, null, PRE_TOUCHED_HEAP);

        /** The settings of every step but the headline ones. */
        public final Settings standard;
        /** The settings of the 1-thread headline steps: the standard ones where the profile sets none of its own. */
        public final Settings headline;
        /** The settings of the headline steps at more than 1 thread, which vary more on a 2-core host. */
        public final Settings threadedHeadline;
        /** The flags of every forked benchmark JVM. */
        public final List<String> jvmArgs;

        Profile(Settings standard, Settings headline, Settings threadedHeadline, List<String> jvmArgs) {
            this.standard = standard;
            this.headline = headline != null ? headline : standard;
            this.threadedHeadline = threadedHeadline != null ? threadedHeadline : this.headline;
            this.jvmArgs = jvmArgs;
        }

        /** Returns the seconds a forked run spends outside its iterations: JVM start, setup, teardown. */
        int forkSeconds() {
            return jvmArgs.contains(PRE_TOUCH) ? FORK_SECONDS + PRE_TOUCH_SECONDS : FORK_SECONDS;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Returns the settings {@code step} runs with in this profile. */
        public Settings settings(Step step) {
            if (!step.headline()) {
                return standard;
            }
            return step.threads() > 1 ? threadedHeadline : headline;
        }

        /** Returns the JMH options of every step, as JMH's command line would write them. */
        public String jmhSettings() {
            String common = " -prof gc -rf json -jvmArgsAppend \"" + String.join(" ", jvmArgs) + "\"";
            if (headline.equals(standard) && threadedHeadline.equals(standard)) {
                return standard.jmhOptions() + common;
            }
            String threaded = threadedHeadline.equals(headline) ? ""
                    : " (at 2 threads: " + threadedHeadline.jmhOptions() + ")";
            return "headline rows: " + headline.jmhOptions() + threaded + "; other rows: " + standard.jmhOptions()
                    + ";" + common;
        }
    }

    /** Seconds a forked run spends outside its iterations: JVM start, setup, teardown (measured on 2 cores). */
    static final int FORK_SECONDS = 3;
    /** Seconds the pre-touch of a 4 GiB heap adds to a JVM's start in this VM. */
    static final int PRE_TOUCH_SECONDS = 5;
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    /**
     * The fixed heap, touched at start, so that the first pass over new heap pages (slow in a VM) is not measured
     * as part of an operation: without it an in-memory lookup lost half its speed over 20 seconds here.
     */
    static final List<String> PRE_TOUCHED_HEAP = List.of("-Xms4g", "-Xmx4g", PRE_TOUCH);

    static final List<String> STRATEGIES =
            List.of("memory", "mapdb", "mapdb-batched", "redis", "token", "token-revocable");
    static final List<String> PEERS = List.of("spring-map", "spring-redis");
    static final List<String> LOOKUP_RAW =
            List.of("raw-chm", "raw-mapdb", "raw-mapdb-wal", "raw-lettuce", "raw-lettuce-hash", "raw-jjwt", "raw-hmac");
    static final List<String> CREATE_RAW = List.of("raw-chm", "raw-mapdb", "raw-mapdb-wal", "raw-lettuce", "raw-jjwt",
            "raw-hmac", "raw-securerandom");
    static final List<String> EXPIRY_SUBJECTS = List.of("memory", "mapdb", "mapdb-batched");
    /** The live-session count of the headline rows. */
    static final int HEADLINE_LIVE_SESSIONS = 100_000;
    /** Request threads of the full run's thread sweep: one request at a time up to a busy application server. */
    static final List<Integer> THREAD_SWEEP = List.of(1, 2, 8, 32, 128);
    /** The operations measured at every thread count of the sweep. */
    static final List<Operation> SWEPT_OPERATIONS =
            List.of(Operation.LOOKUP_HIT, Operation.ACCESS_AND_SAVE, Operation.CREATE, Operation.MIXED);
    /** The strategies the quick profile measures, beside their references, at 1 and {@link #QUICK_THREADS}. */
    static final List<String> QUICK_STRATEGIES = List.of("memory", "mapdb", "redis");
    /** The one thread count above 1 the quick profile touches. */
    static final int QUICK_THREADS = 32;

    /**
     * One JMH run of a benchmark method.
     *
     * @param benchmark    the benchmark class
     * @param operation    the method
     * @param subjects     subject labels
     * @param liveSessions sizes of the live set
     * @param payloads     payload labels
     * @param threads      JMH threads
     * @param headline     whether the step measures headline rows, with the profile's headline settings
     */
    public record Step(Class<?> benchmark, Operation operation, List<String> subjects, List<Integer> liveSessions,
            List<String> payloads, int threads, boolean headline) {

        /** A step with the profile's standard settings. */
        public Step(Class<?> benchmark, Operation operation, List<String> subjects, List<Integer> liveSessions,
                List<String> payloads, int threads) {
            this(benchmark, operation, subjects, liveSessions, payloads, threads, false);
        }

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
                    seconds += (long) payloads.size() * (profile.settings(this).secondsPerRun() + profile.forkSeconds() + seed);
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
                    + payloads + " threads=" + threads + (headline ? " (headline)" : "");
        }
    }

    private Plan() {
    }

    /** Returns the steps of a profile. */
    public static List<Step> steps(Profile profile) {
        return switch (profile) {
            case QUICK -> quick();
            case FULL -> full();
            case COMPARISONS -> comparisons();
        };
    }

    private static List<Step> comparisons() {
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
        List<Integer> headline = List.of(HEADLINE_LIVE_SESSIONS);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        // the full run's rows at the full run's settings: fewer rows, each as long as there
        List<String> lookup = concat(QUICK_STRATEGIES, references(QUICK_STRATEGIES, Operation.LOOKUP_HIT));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, concat(lookup, List.of("token", "raw-jjwt")),
                headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, lookup, headline, p, QUICK_THREADS));
        // the open-loop latency run of mixed and one proxied Redis row join here when their harnesses exist
        return steps;
    }

    /**
     * The full run: every operation of every strategy beside its raw limit and peer; the headline operations at
     * {@link #THREAD_SWEEP} threads, the headline thread count with the headline settings for the strategies and
     * their references alike (a ratio is as precise as its less precise side).
     */
    private static List<Step> full() {
        List<Integer> headline = List.of(HEADLINE_LIVE_SESSIONS);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        for (Operation op : SWEPT_OPERATIONS) {
            Class<?> benchmark = benchmarkOf(op);
            List<String> subjects = concat(STRATEGIES, references(STRATEGIES, op));
            steps.add(new Step(benchmark, op, subjects, headline, p, headlineThreads(op), true));
            for (int t : THREAD_SWEEP) {
                if (t != headlineThreads(op)) {
                    steps.add(new Step(benchmark, op, subjects, headline, p, t));
                }
            }
        }
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("raw-lettuce-hash", "raw-hmac"),
                headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("memory", "redis", "raw-chm"),
                List.of(1_000, 1_000_000), p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MISS, concat(STRATEGIES, List.of("spring-map")),
                headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MALFORMED, STRATEGIES, headline, p, 1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, List.of("raw-hmac", "raw-securerandom"),
                headline, p, 1));
        steps.add(new Step(ChangeIdBenchmark.class, Operation.CHANGE_ID, concat(STRATEGIES, PEERS), headline, p, 1));
        steps.add(new Step(InvalidateBenchmark.class, Operation.INVALIDATE, concat(STRATEGIES, PEERS), headline, p,
                1));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS,
                List.of(1_000, 100_000, 1_000_000), p, 1));
        // the open-loop latency runs and the proxied Redis rows join here when their harnesses exist
        return steps;
    }

    /** Returns the thread count of an operation's headline rows: mixed traffic comes from more than one request. */
    static int headlineThreads(Operation op) {
        return op == Operation.MIXED ? 2 : 1;
    }

    /**
     * Returns the references of {@code strategies} that can run {@code op}: each one's raw limit and peer, and for
     * the writes, {@code raw-fsync}, the floor under the crash-safe MapDB store's saves.
     */
    static List<String> references(List<String> strategies, Operation op) {
        List<String> refs = new ArrayList<>();
        for (String label : strategies) {
            Subject s = Subject.of(label);
            s.baseline().ifPresent(r -> refs.add(r.label()));
            s.peer().ifPresent(r -> refs.add(r.label()));
            if (s == Subject.MAPDB && (op == Operation.CREATE || op == Operation.ACCESS_AND_SAVE)) {
                refs.add(Subject.RAW_FSYNC.label());
            }
        }
        return refs.stream().distinct().toList();
    }

    private static Class<?> benchmarkOf(Operation op) {
        return switch (op) {
            case LOOKUP_HIT, LOOKUP_MISS, LOOKUP_MALFORMED -> LookupBenchmark.class;
            case CREATE -> CreateBenchmark.class;
            case ACCESS_AND_SAVE -> AccessAndSaveBenchmark.class;
            case CHANGE_ID -> ChangeIdBenchmark.class;
            case INVALIDATE -> InvalidateBenchmark.class;
            case EXPIRY -> ExpiryBenchmark.class;
            case MIXED -> MixedBenchmark.class;
        };
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
                    step.threads(), step.headline())).filter(step -> !step.subjects().isEmpty());
        }
        return s.toList();
    }
}

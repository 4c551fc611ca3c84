package dev.sessionbench.bench;

import dev.sessionbench.bench.profile.CpuProfiler;
import dev.sessionbench.bench.profile.RedisCpuProfiler;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.InternalProfiler;

/**
 * What a profile runs: a list of JMH steps, each one benchmark method over a set of subjects, sizes and networks at
 * one thread count, with the profile's JMH settings and CPU profilers; and {@link CommandStep command steps}, the
 * suite's own commands (the open-loop latency runs and the per-request cost) in forked JVMs. {@code full} is the
 * published run (under 2 and a half hours on 2 cores): every operation of every strategy beside its raw limit and
 * peer, the headline operations at 1, 32 and (Redis) 128 threads, the Redis subjects through simulated round trips,
 * the Redis store on a cluster, latency under load, and what a session costs an HTTP request. {@code quick} is a sample of {@code full}'s rows with {@code full}'s settings,
 * under 9 and a half minutes on 2 cores; {@code comparisons} runs only each store beside its raw limit and peer.
 * Every forked JVM pre-touches its heap.
 *
 * <p>In {@code full}, the headline rows (lookup, create, access-and-save at 1 thread, mixed at 2, all at 100,000 live
 * sessions and the small payload) of the strategies and of the references they are compared with are measured with
 * {@link Profile#headline} settings ({@link #HEADLINE}, {@link #THREADED_HEADLINE}); every other row keeps the
 * shorter {@link Profile#standard} settings. {@code quick} uses the same settings for the same rows.
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
            return "-f " + forks + " -wi " + warmupIterations + " -w " + warmupSeconds + "s -i " + iterations + " -r "
                    + iterationSeconds + "s";
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
        QUICK(STANDARD, HEADLINE, THREADED_HEADLINE, PRE_TOUCHED_HEAP),
        FULL(STANDARD, HEADLINE, THREADED_HEADLINE, PRE_TOUCHED_HEAP),
        /**
         * Each store beside its raw limit and peer at 100,000 live sessions, at 1 thread and under concurrency (Redis
         * lookups at 32 threads, crash-safe MapDB saves at 8), and expiry with 1,000 to 1,000,000 live sessions.
         */
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
            String common = " -prof gc -prof " + CpuProfiler.class.getName() + " (and -prof "
                    + RedisCpuProfiler.class.getName() + " in the steps with a Redis subject) -rf json"
                    + " -jvmArgsAppend \"" + String.join(" ", jvmArgs) + "\"";
            if (headline.equals(standard) && threadedHeadline.equals(standard)) {
                return standard.jmhOptions() + common;
            }
            String threaded =
                    threadedHeadline.equals(headline) ? "" : " (at 2 threads: " + threadedHeadline.jmhOptions() + ")";
            return "headline rows: " + headline.jmhOptions() + threaded + "; other rows: " + standard.jmhOptions() + ";"
                    + common;
        }
    }

    /** Every row of quick and full but the headline ones: 12 s of warm-up (the JIT's 10-15 s on 2 cores), 6 s. */
    static final Settings STANDARD = new Settings(1, 3, 4, 6, 1);
    /**
     * The 1-thread headline rows: 30 one-second samples. On a shared 2-core VM one second's throughput varies by 8
     * to 18 % at 1 thread even for a bare HMAC loop (the host, not the JVM); JMH's 99.9 % interval is
     * {@code t(n-1) / sqrt(n)} times that spread, 0.67 times it over 30 samples: about ± 5 to 12 %.
     */
    static final Settings HEADLINE = new Settings(1, 3, 4, 30, 1);
    /** The 2-thread headline rows (mixed), which vary by up to 23 %: 0.62 times it over 34 samples, about ± 14 %. */
    static final Settings THREADED_HEADLINE = new Settings(1, 3, 4, 34, 1);

    /**
     * Seconds a forked JMH run spends outside its iterations and seeding: JVM start, JMH's setup with its
     * profilers, the store's opening, teardown and the deletion of its keys. A full run on this 2-core VM took
     * 8,084 s for 102 runs of 6,528 s of iterations and about 175 s of seeding: 13 s a run, of which the pre-touch
     * is 5.
     */
    static final int FORK_SECONDS = 8;
    /** Seconds the pre-touch of a 4 GiB heap adds to a JVM's start in this VM. */
    static final int PRE_TOUCH_SECONDS = 5;
    /** Seconds of the footprint step (outside JMH) that the run command adds unless told not to. */
    public static final int FOOTPRINT_SECONDS = 90;
    /** Sessions per second Redis is seeded with over loopback (16 synchronous clients). */
    static final int REDIS_SEEDS_PER_SECOND = 40_000;
    /** Seconds a forked JVM spends starting its throwaway three-node Redis Cluster. */
    static final int CLUSTER_START_SECONDS = 10;

    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";
    /** The network parameter of the rows over loopback. */
    static final List<String> DIRECT = List.of("direct");

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
    static final List<String> CREATE_RAW =
            List.of("raw-chm", "raw-mapdb", "raw-mapdb-wal", "raw-lettuce", "raw-jjwt", "raw-hmac", "raw-securerandom");
    static final List<String> EXPIRY_SUBJECTS = List.of("memory", "mapdb", "mapdb-batched");
    /** The live-session count of the headline rows. */
    static final int HEADLINE_LIVE_SESSIONS = 100_000;
    /**
     * Request threads of the full run's thread sweep: one request at a time (two for mixed traffic, the headline),
     * an application server's worker pool, and a busy server; see {@link #sweptAt}.
     */
    static final List<Integer> THREAD_SWEEP = List.of(1, 2, 32, 128);
    /** The operations measured at every thread count of the sweep. */
    static final List<Operation> SWEPT_OPERATIONS =
            List.of(Operation.LOOKUP_HIT, Operation.ACCESS_AND_SAVE, Operation.CREATE, Operation.MIXED);
    /** The strategies the quick profile measures, beside their references, at 1 and {@link #QUICK_THREADS}. */
    static final List<String> QUICK_STRATEGIES = List.of("memory", "mapdb", "redis");
    /**
     * The strategies the quick profile measures at the headline's 1 thread (30 samples each; mapdb's would not fit
     * in 9 and a half minutes beside the other rows, and its 32-thread row is there).
     */
    static final List<String> QUICK_HEADLINE = List.of("memory", "redis");
    /** The one thread count above 1 the quick profile touches. */
    static final int QUICK_THREADS = 32;
    /** The request threads of the comparisons' Redis lookups: an application server's worker pool. */
    static final int COMPARISON_POOL = 32;
    /** The writers of the comparisons' crash-safe MapDB saves: enough to share each fsync among several. */
    static final int COMPARISON_WRITERS = 8;
    /** The Redis subjects measured through simulated networks: the store, its raw limit and its peer. */
    static final List<String> NETWORK_SUBJECTS = List.of("redis", "raw-lettuce", "spring-redis");
    /**
     * The networks of the network rows besides loopback (whose rows the thread sweep has): the proxy's own cost,
     * and round trips of 0.2 and 1 ms, a Redis in the same zone and one a zone away.
     */
    static final List<String> NETWORKS = List.of("proxy-0us", "rtt-200us", "rtt-1ms");
    /** The network that measures the proxy's own cost. */
    static final String PROXY_COST = "proxy-0us";
    /** The thread counts of the network rows: one request at a time, a worker pool, a busy server. */
    static final List<Integer> NETWORK_THREADS = List.of(1, 32, 128);
    /** The thread counts of the Redis Cluster rows, beside the single Redis's rows of the sweep. */
    static final List<Integer> CLUSTER_THREADS = List.of(1, 32);
    /** The subjects of the open-loop latency runs: every strategy, and the peers and raw limits of memory and Redis. */
    static final List<String> LATENCY_SUBJECTS = List.of(
            "memory",
            "mapdb",
            "mapdb-batched",
            "redis",
            "token",
            "token-revocable",
            "spring-map",
            "spring-redis",
            "raw-chm",
            "raw-lettuce");
    /** Request threads of the latency runs: an application server's worker pool. */
    static final int LATENCY_THREADS = 32;
    /**
     * The common offered load of {@code mixed}, requests per second. 10 % of mixed requests write (6 % saves, 3 %
     * creates, 1 % invalidations), and the crash-safe MapDB store commits about 600 writes/s at 1 thread (one fsync
     * each): 2,000 requests/s are 200 writes/s, a third of that, so every strategy holds it with room for stalls.
     */
    static final int LATENCY_MIXED_RATE = 2_000;
    /**
     * The common offered load of {@code lookupHit}, requests per second: the slowest subject, Spring Session's Redis
     * repository with JDK serialization, serves well over 10,000 lookups/s at 32 threads on loopback here.
     */
    static final int LATENCY_LOOKUP_RATE = 5_000;
    /** Percentages of each subject's own closed-loop maximum at which the latency runs offer load. */
    static final List<Integer> LATENCY_LOADS = List.of(50, 90);
    /** Warm-up, recorded time and closed-loop maximum time of every latency run, seconds. */
    static final int LATENCY_WARMUP_SECONDS = 4;

    static final int LATENCY_DURATION_SECONDS = 6;
    static final int LATENCY_MAX_SECONDS = 2;
    /** Live sessions of the latency runs. */
    static final int LATENCY_LIVE_SESSIONS = 100_000;

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
     * @param networks     the network parameter's values ({@code direct}, {@code proxy-<rtt>}, {@code rtt-<rtt>})
     */
    public record Step(
            Class<?> benchmark,
            Operation operation,
            List<String> subjects,
            List<Integer> liveSessions,
            List<String> payloads,
            int threads,
            boolean headline,
            List<String> networks)
            implements Narrowable<Step> {

        @Override
        public Step withSubjects(List<String> subjects) {
            return new Step(benchmark, operation, subjects, liveSessions, payloads, threads, headline, networks);
        }

        /** A step over loopback. */
        public Step(
                Class<?> benchmark,
                Operation operation,
                List<String> subjects,
                List<Integer> liveSessions,
                List<String> payloads,
                int threads,
                boolean headline) {
            this(benchmark, operation, subjects, liveSessions, payloads, threads, headline, DIRECT);
        }

        /** A step with the profile's standard settings, over loopback. */
        public Step(
                Class<?> benchmark,
                Operation operation,
                List<String> subjects,
                List<Integer> liveSessions,
                List<String> payloads,
                int threads) {
            this(benchmark, operation, subjects, liveSessions, payloads, threads, false);
        }

        /** Returns the regular expression that selects exactly this step's method. */
        public String include() {
            return "^" + benchmark.getName().replace(".", "\\.") + "\\." + operation.method() + "$";
        }

        /** Returns how many forked runs (parameter combinations) this step makes. */
        public int runs() {
            return subjects.size() * liveSessions.size() * payloads.size() * networks.size();
        }

        /**
         * Returns the JMH profilers of this step: {@link CpuProfiler} always, and {@link RedisCpuProfiler} when a
         * subject runs on Redis (it adds no result to the rows of the other subjects of the same step).
         */
        public List<Class<? extends InternalProfiler>> profilers() {
            boolean redis = subjects.stream().anyMatch(s -> Subject.of(s).family() == Subject.Family.REDIS);
            return redis ? List.of(CpuProfiler.class, RedisCpuProfiler.class) : List.of(CpuProfiler.class);
        }

        /** Returns an estimate of this step's seconds: the runs, plus JVM start and seeding. */
        public long estimateSeconds(Profile profile) {
            long seconds = 0;
            for (String s : subjects) {
                for (int n : liveSessions) {
                    for (String network : networks) {
                        long seed = seedingSeconds(s, n, network);
                        seconds += (long) payloads.size()
                                * (profile.settings(this).secondsPerRun() + profile.forkSeconds() + seed);
                    }
                }
            }
            return seconds;
        }

        /**
         * Returns the seconds seeding {@code n} sessions takes: Redis's 16 seeding clients each wait one round trip
         * per session, so through a simulated network they go at about 16 / (round trip + 0.2 ms) sessions per
         * second; a cluster adds the start of its three nodes.
         */
        static long seedingSeconds(String subject, int n, String network) {
            double perSecond = subject.contains("redis") || subject.contains("lettuce")
                    ? REDIS_SEEDS_PER_SECOND
                    : subject.startsWith("mapdb") || subject.startsWith("raw-mapdb") ? 50_000 : 500_000;
            double rtt = roundTripSeconds(network);
            if (rtt > 0) {
                perSecond = Math.min(perSecond, Seeding.REMOTE_SEEDERS / (rtt + 0.000_2));
            }
            long cluster = subject.equals(Subject.REDIS_CLUSTER.label()) ? CLUSTER_START_SECONDS : 0;
            return Math.round(n / perSecond) + cluster;
        }

        private static double roundTripSeconds(String network) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:proxy|rtt)-(\\d+)(us|ms)")
                    .matcher(network);
            if (!m.matches()) {
                return 0;
            }
            double v = Double.parseDouble(m.group(1));
            return m.group(2).equals("ms") ? v / 1e3 : v / 1e6;
        }

        public String name() {
            return benchmark.getSimpleName() + "." + operation.method();
        }

        @Override
        public String toString() {
            return name() + " [" + String.join(",", subjects) + "] liveSessions=" + liveSessions + " payload="
                    + payloads + " threads=" + threads + (networks.equals(DIRECT) ? "" : " network=" + networks)
                    + (headline ? " (headline)" : "");
        }
    }

    /**
     * A step that is not JMH: a subcommand of the suite's jar run in a forked JVM (the runner's {@code java}, the
     * profile's JVM flags, the jar's class path), bounded by {@link #timeoutSeconds()}. The subjects go on its
     * command line after {@code subjectOption}, so that {@code --only} narrows them like a JMH step's.
     *
     * @param name           what the step measures, e.g. {@code latency-mixed}; {@code --include} matches it
     * @param subjects       the subjects it touches
     * @param subjectOption  the option that takes the subjects, comma-separated, e.g. {@code -s}
     * @param arguments      the subcommand and its options, {@value #RUN_DIR} standing for the run's folder
     * @param fixedSeconds   the estimated seconds of the JVM whatever the subjects
     * @param secondsPerSubject the estimated seconds each subject adds
     */
    public record CommandStep(
            String name,
            List<String> subjects,
            String subjectOption,
            List<String> arguments,
            long fixedSeconds,
            long secondsPerSubject)
            implements Narrowable<CommandStep> {

        @Override
        public CommandStep withSubjects(List<String> subjects) {
            return new CommandStep(name, subjects, subjectOption, arguments, fixedSeconds, secondsPerSubject);
        }

        /** The placeholder of the run's folder in {@link #arguments()}. */
        public static final String RUN_DIR = "{runDir}";

        /** Returns the estimated seconds of this step. */
        public long estimateSeconds() {
            return fixedSeconds + secondsPerSubject * subjects.size();
        }

        /** Returns the seconds after which the command is stopped: twice the estimate, and at least 2 minutes more. */
        public long timeoutSeconds() {
            return Math.max(2 * estimateSeconds(), estimateSeconds() + 120);
        }

        /** Returns the command line after the main class, with the run's folder in place. */
        public List<String> commandLine(java.nio.file.Path runDir) {
            List<String> line = new ArrayList<>();
            for (String a : arguments) {
                line.add(a.replace(RUN_DIR, runDir.toString()));
            }
            line.add(subjectOption);
            line.add(String.join(",", subjects));
            return line;
        }

        @Override
        public String toString() {
            return name + " [" + String.join(",", subjects) + "] " + String.join(" ", arguments);
        }
    }

    private Plan() {}

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
        steps.add(new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                List.of(
                        "memory",
                        "raw-chm",
                        "spring-map",
                        "redis",
                        "raw-lettuce",
                        "raw-lettuce-hash",
                        "spring-redis",
                        "mapdb",
                        "mapdb-batched",
                        "raw-mapdb",
                        "raw-mapdb-wal",
                        "token",
                        "raw-jjwt",
                        "raw-hmac"),
                headline,
                p,
                1));
        steps.add(new Step(
                CreateBenchmark.class,
                Operation.CREATE,
                List.of("memory", "spring-map", "redis", "spring-redis", "mapdb", "raw-mapdb-wal"),
                headline,
                p,
                1));
        steps.add(new Step(CreateBenchmark.class, Operation.CREATE, List.of("memory", "spring-map"), headline, p, 2));
        steps.add(new Step(
                AccessAndSaveBenchmark.class,
                Operation.ACCESS_AND_SAVE,
                List.of("memory", "spring-map", "mapdb", "raw-mapdb-wal"),
                headline,
                p,
                1));
        // under concurrency: Redis lookups at an application server's worker pool, against the raw GET and the
        // peer; crash-safe MapDB saves at 8 threads, whose fsyncs the waiting writers share
        steps.add(new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                List.of("redis", "raw-lettuce", "spring-redis"),
                headline,
                p,
                COMPARISON_POOL));
        steps.add(new Step(
                AccessAndSaveBenchmark.class,
                Operation.ACCESS_AND_SAVE,
                List.of("mapdb", "raw-mapdb-wal"),
                headline,
                p,
                COMPARISON_WRITERS));
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS, List.of(1_000, 100_000), p, 1));
        // the memory store's purge per reclaimed session with a large live set beside the small one
        steps.add(new Step(ExpiryBenchmark.class, Operation.EXPIRY, List.of("memory"), List.of(1_000_000), p, 1));
        return steps;
    }

    private static List<Step> quick() {
        List<Integer> headline = List.of(HEADLINE_LIVE_SESSIONS);
        List<String> p = List.of("small");
        List<Step> steps = new ArrayList<>();
        // rows of the full run at the full run's settings: fewer rows, each as long as there; the strategies at
        // the headline's 1 thread, and beside their raw limits at 32
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_HIT, QUICK_HEADLINE, headline, p, 1, true));
        steps.add(new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                concat(QUICK_STRATEGIES, rawLimits(QUICK_STRATEGIES)),
                headline,
                p,
                QUICK_THREADS));
        // one round trip of a Redis a zone away, for the store and its raw limit
        steps.add(new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                List.of("redis", "raw-lettuce"),
                headline,
                p,
                QUICK_THREADS,
                false,
                List.of("rtt-1ms")));
        return steps;
    }

    /**
     * The full run: every operation of every strategy beside its raw limit and peer; the headline operations at
     * {@link #THREAD_SWEEP} threads, the headline thread count with the headline settings for the strategies and
     * their references alike (a ratio is as precise as its less precise side); the Redis subjects through
     * simulated networks; the Redis store on a cluster beside the single Redis.
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
                    List<String> at =
                            subjects.stream().filter(s -> sweptAt(s, op, t)).toList();
                    if (!at.isEmpty()) {
                        steps.add(new Step(benchmark, op, at, headline, p, t));
                    }
                }
            }
        }
        for (int t : NETWORK_THREADS) {
            // the proxy's own cost once, at the worker pool's 32 threads, beside its direct row
            List<String> networks = t == QUICK_THREADS
                    ? NETWORKS
                    : NETWORKS.stream().filter(n -> !n.equals(PROXY_COST)).toList();
            steps.add(new Step(
                    LookupBenchmark.class, Operation.LOOKUP_HIT, NETWORK_SUBJECTS, headline, p, t, false, networks));
        }
        for (int t : CLUSTER_THREADS) {
            steps.add(new Step(
                    LookupBenchmark.class,
                    Operation.LOOKUP_HIT,
                    List.of(Subject.REDIS_CLUSTER.label()),
                    headline,
                    p,
                    t));
        }
        // mixed traffic on the cluster where it matters, the worker pool
        steps.add(new Step(
                MixedBenchmark.class,
                Operation.MIXED,
                List.of(Subject.REDIS_CLUSTER.label()),
                headline,
                p,
                QUICK_THREADS));
        steps.add(new Step(
                LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("raw-lettuce-hash", "raw-hmac"), headline, p, 1));
        steps.add(new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                List.of("memory", "redis", "raw-chm"),
                List.of(1_000_000),
                p,
                1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MISS, STRATEGIES, headline, p, 1));
        steps.add(new Step(LookupBenchmark.class, Operation.LOOKUP_MALFORMED, STRATEGIES, headline, p, 1));
        steps.add(new Step(
                CreateBenchmark.class, Operation.CREATE, List.of("raw-hmac", "raw-securerandom"), headline, p, 1));
        steps.add(new Step(ChangeIdBenchmark.class, Operation.CHANGE_ID, concat(STRATEGIES, PEERS), headline, p, 1));
        steps.add(new Step(InvalidateBenchmark.class, Operation.INVALIDATE, concat(STRATEGIES, PEERS), headline, p, 1));
        steps.add(new Step(
                ExpiryBenchmark.class, Operation.EXPIRY, EXPIRY_SUBJECTS, List.of(1_000, 100_000, 1_000_000), p, 1));
        return steps;
    }

    /**
     * Returns whether the sweep measures {@code subject}'s {@code op} at {@code threads}, besides the headline
     * thread count, where every subject runs. At 32 threads every subject runs, but the writes of the in-process
     * subjects (memory, tokens, maps, jjwt): bound by the 2 cores from 2 threads on, their 32-thread write rows
     * repeat the 1-thread ones times the cores. At 128 threads the Redis subjects, which wait on the network and
     * whose throughput grows with the requests in flight. Other thread counts (2 and 8 besides the mixed
     * headline) are not in the full run: on 2 cores they fall between those rows and would take an hour.
     */
    static boolean sweptAt(String subject, Operation op, int threads) {
        Subject s = Subject.of(subject);
        boolean waits =
                s.family() == Subject.Family.REDIS || s.family() == Subject.Family.MAPDB || s == Subject.RAW_FSYNC;
        boolean write = op == Operation.CREATE || op == Operation.ACCESS_AND_SAVE;
        return switch (threads) {
            case QUICK_THREADS -> waits || !write;
            case 128 -> s.family() == Subject.Family.REDIS;
            default -> false;
        };
    }

    /** Returns the steps of a profile that are not JMH: the open-loop latency runs. */
    public static List<CommandStep> commands(Profile profile) {
        return switch (profile) {
            case QUICK ->
                List.of(latency(
                        "latency-mixed", List.of("memory", "redis"), Operation.MIXED, LATENCY_MIXED_RATE, List.of(90)));
            case FULL ->
                List.of(
                        // lookups alone: the common rate and near each one's maximum
                        latency(
                                "latency-lookupHit",
                                LATENCY_SUBJECTS,
                                Operation.LOOKUP_HIT,
                                LATENCY_LOOKUP_RATE,
                                List.of(90)),
                        latency("latency-mixed", LATENCY_SUBJECTS, Operation.MIXED, LATENCY_MIXED_RATE, LATENCY_LOADS),
                        requestCost());
            case COMPARISONS -> List.of();
        };
    }

    /**
     * Returns a latency step: {@code op} of every subject at {@link #LATENCY_THREADS} threads, at {@code rate}
     * requests/s and at {@code loads} percent of each subject's own maximum, into the run's {@code latency.json}.
     */
    static CommandStep latency(String name, List<String> subjects, Operation op, int rate, List<Integer> loads) {
        List<String> args = List.of(
                "latency",
                "--dir",
                CommandStep.RUN_DIR,
                "-o",
                op.method(),
                "--rate",
                String.valueOf(rate),
                "--load",
                String.join(",", loads.stream().map(String::valueOf).toList()),
                "-t",
                String.valueOf(LATENCY_THREADS),
                "--live-sessions",
                String.valueOf(LATENCY_LIVE_SESSIONS),
                "--warmup",
                LATENCY_WARMUP_SECONDS + "s",
                "--duration",
                LATENCY_DURATION_SECONDS + "s",
                "--max-duration",
                LATENCY_MAX_SECONDS + "s");
        // per subject: its seeding and opening, the closed-loop maximum, then every load warmed up and recorded
        long perSubject = 3
                + seedingSecondsOf(LATENCY_LIVE_SESSIONS)
                + LATENCY_WARMUP_SECONDS
                + LATENCY_MAX_SECONDS
                + (1L + loads.size()) * (LATENCY_WARMUP_SECONDS + LATENCY_DURATION_SECONDS);
        return new CommandStep(name, subjects, "-s", args, FORK_SECONDS + PRE_TOUCH_SECONDS, perSubject);
    }

    /** The session choices of the per-request step: no session, each server-side store, and Spring Session Redis. */
    static final List<String> REQUEST_COST_STORES = List.of("none", "memory", "mapdb", "redis", "spring-redis");
    /** The per-request step's options: both connection counts, two common rates, each phase warmed up for 10 s. */
    static final List<String> REQUEST_COST_OPTIONS = List.of(
            "-c", "32,128", "--rate", "500,1000", "--warmup", "10s", "--max-duration", "5s", "--duration", "6s");

    /**
     * Returns the per-request step: one endpoint of a Spring Boot application (read the session, change one
     * attribute, answer) on each of {@link #REQUEST_COST_STORES}, over HTTP, open loop, into the run's
     * {@code request-cost.json}.
     */
    static CommandStep requestCost() {
        List<String> args = new ArrayList<>(List.of("request-cost", "--dir", CommandStep.RUN_DIR));
        args.addAll(REQUEST_COST_OPTIONS);
        List<String> oneStore = new ArrayList<>(REQUEST_COST_OPTIONS);
        oneStore.addAll(List.of("-s", "none"));
        long perStore = dev.sessionbench.bench.http.RequestCostCommand.estimateSeconds(oneStore);
        return new CommandStep("request-cost", REQUEST_COST_STORES, "-s", args, FORK_SECONDS, perStore);
    }

    private static long seedingSecondsOf(int n) {
        return Math.round((double) n / REDIS_SEEDS_PER_SECOND);
    }

    private static List<String> rawLimits(List<String> strategies) {
        return strategies.stream()
                .map(Subject::of)
                .flatMap(s -> s.baseline().stream())
                .map(Subject::label)
                .toList();
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
        return narrowed(steps, only, include);
    }

    /** Returns the command steps narrowed as {@link #narrow} narrows the JMH steps, matching their names. */
    public static List<CommandStep> narrowCommands(List<CommandStep> steps, List<String> only, String include) {
        return narrowed(steps, only, include);
    }

    /**
     * Returns the steps whose name {@code include} finds (blank: all), each with only its subjects in {@code only}
     * (empty: all, and every name in it must be a known subject), dropping the steps left with no subject.
     */
    private static <T extends Narrowable<T>> List<T> narrowed(List<T> steps, List<String> only, String include) {
        Stream<T> s = steps.stream();
        if (include != null && !include.isBlank()) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(include);
            s = s.filter(step -> p.matcher(step.name()).find());
        }
        if (!only.isEmpty()) {
            only.forEach(Subject::of);
            s = s.map(step -> step.withSubjects(
                            step.subjects().stream().filter(only::contains).toList()))
                    .filter(step -> !step.subjects().isEmpty());
        }
        return s.toList();
    }

    /** What {@link #narrow} and {@link #narrowCommands} narrow: a named step over subjects. */
    interface Narrowable<T> {
        String name();

        List<String> subjects();

        /** Returns this step over {@code subjects} instead. */
        T withSubjects(List<String> subjects);
    }
}

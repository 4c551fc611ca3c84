package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Plan.CommandStep;
import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.Plan.Step;
import dev.sessionbench.bench.profile.CpuProfiler;
import dev.sessionbench.bench.profile.RedisCpuProfiler;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlanTest {

    /** The report's headline: these operations, at these threads, 100,000 live sessions, small payload. */
    private static final List<Object[]> HEADLINE = List.of(
            new Object[] {Operation.LOOKUP_HIT, 1}, new Object[] {Operation.CREATE, 1},
            new Object[] {Operation.ACCESS_AND_SAVE, 1}, new Object[] {Operation.MIXED, 2});

    @Test
    void fullMeasuresEveryStrategyOfTheHeadlineWithTheHeadlineSettings() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Object[] h : HEADLINE) {
            Set<String> precise = steps.stream()
                    .filter(s -> s.operation() == h[0] && s.threads() == (int) h[1] && s.headline())
                    .filter(s -> s.liveSessions().equals(List.of(100_000))
                            && s.payloads().equals(List.of("small")))
                    .flatMap(s -> s.subjects().stream())
                    .collect(Collectors.toSet());
            List<String> expected = new java.util.ArrayList<>(Plan.STRATEGIES);
            for (String strategy : Plan.STRATEGIES) {
                Subject.of(strategy).baseline().ifPresent(r -> expected.add(r.label()));
                Subject.of(strategy).peer().ifPresent(r -> expected.add(r.label()));
            }
            assertThat(precise)
                    .as("headline subjects of %s: every strategy and every reference it is compared with", h[0])
                    .containsAll(expected)
                    .doesNotHaveDuplicates();
        }
        assertThat(steps.stream().filter(Step::headline).map(Step::operation).collect(Collectors.toSet()))
                .as("only headline operations get the longer settings")
                .containsExactlyInAnyOrder(
                        Operation.LOOKUP_HIT, Operation.CREATE, Operation.ACCESS_AND_SAVE, Operation.MIXED);
    }

    @Test
    void headlineSettingsTakeFiveTimesTheSamplesWithTheSameWarmUpAndMoreAtTwoThreads() {
        Plan.Settings standard = Profile.FULL.standard;
        Plan.Settings headline = Profile.FULL.headline;
        Plan.Settings threaded = Profile.FULL.threadedHeadline;
        assertThat(headline.iterations()).isGreaterThanOrEqualTo(5 * standard.iterations());
        assertThat(threaded.iterations()).isGreaterThan(headline.iterations());
        assertThat(headline.warmupIterations() * headline.warmupSeconds())
                .as("at least the 10-15 s the JIT needs on 2 cores")
                .isGreaterThanOrEqualTo(12);
        for (Step step : Plan.steps(Profile.FULL)) {
            Plan.Settings expected = !step.headline() ? standard : step.threads() > 1 ? threaded : headline;
            assertThat(Profile.FULL.settings(step)).as("settings of %s", step).isEqualTo(expected);
        }
        String profilers = " -prof gc -prof dev.sessionbench.bench.profile.CpuProfiler (and -prof"
                + " dev.sessionbench.bench.profile.RedisCpuProfiler in the steps with a Redis subject) -rf json"
                + " -jvmArgsAppend \"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"";
        assertThat(Profile.FULL.jmhSettings())
                .isEqualTo("headline rows: -f 1 -wi 3 -w 4s -i 30 -r 1s (at 2 threads: -f 1 -wi 3 -w 4s -i 34 -r 1s);"
                        + " other rows: -f 1 -wi 3 -w 4s -i 6 -r 1s;" + profilers);
        assertThat(Profile.QUICK.jmhSettings()).isEqualTo(Profile.FULL.jmhSettings());
    }

    @Test
    void everyStepMeasuresCpuAndTheStepsWithARedisSubjectRedisCpuToo() {
        for (Profile p : Profile.values()) {
            for (Step step : Plan.steps(p)) {
                boolean redis =
                        step.subjects().stream().anyMatch(s -> Subject.of(s).family() == Subject.Family.REDIS);
                assertThat(step.profilers()).as("profilers of %s", step).contains(CpuProfiler.class);
                assertThat(step.profilers().contains(RedisCpuProfiler.class))
                        .as("Redis CPU of %s", step)
                        .isEqualTo(redis);
            }
        }
    }

    @Test
    void fullMeasuresEveryRedisSubjectAtThirtyTwoAndOneHundredTwentyEightThreads() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Operation op : Plan.SWEPT_OPERATIONS) {
            for (String subject : List.of("redis", "raw-lettuce", "spring-redis")) {
                for (int t : List.of(32, 128)) {
                    assertThat(steps).as("%s %s at %d threads", subject, op, t).anySatisfy(s -> {
                        assertThat(s.operation()).isEqualTo(op);
                        assertThat(s.threads()).isEqualTo(t);
                        assertThat(s.subjects()).contains(subject);
                        assertThat(s.networks()).contains("direct");
                        assertThat(s.profilers()).contains(CpuProfiler.class, RedisCpuProfiler.class);
                    });
                }
            }
        }
    }

    @Test
    void fullMeasuresRedisLookupsThroughTheProxyAndRoundTripsAtOneThirtyTwoAndOneHundredTwentyEightThreads() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (String subject : Plan.NETWORK_SUBJECTS) {
            for (int t : List.of(1, 32, 128)) {
                Set<String> networks = steps.stream()
                        .filter(s -> s.operation() == Operation.LOOKUP_HIT && s.threads() == t)
                        .filter(s -> s.subjects().contains(subject))
                        .flatMap(s -> s.networks().stream())
                        .collect(Collectors.toSet());
                assertThat(networks)
                        .as("networks of %s at %d threads", subject, t)
                        .contains("direct", "rtt-200us", "rtt-1ms");
            }
        }
        assertThat(steps)
                .as("the proxy's own cost")
                .anySatisfy(s -> assertThat(s.networks()).contains("proxy-0us"));
        assertThat(steps.stream().filter(s -> !s.networks().equals(Plan.DIRECT)))
                .allSatisfy(s -> assertThat(s.subjects())
                        .allSatisfy(subject -> assertThat(Sessions.NETWORKED).contains(Subject.of(subject))));
    }

    @Test
    void fullMeasuresTheClusterBesideTheSingleRedisAtOneAndThirtyTwoThreads() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (int t : List.of(1, 32)) {
            for (String subject : List.of("redis", "redis-cluster")) {
                assertThat(steps).as("%s lookupHit at %d threads", subject, t).anySatisfy(s -> {
                    assertThat(s.operation()).isEqualTo(Operation.LOOKUP_HIT);
                    assertThat(s.threads()).isEqualTo(t);
                    assertThat(s.subjects()).contains(subject);
                    assertThat(s.liveSessions()).contains(Plan.HEADLINE_LIVE_SESSIONS);
                });
            }
        }
        assertThat(steps).anySatisfy(s -> {
            assertThat(s.operation()).isEqualTo(Operation.MIXED);
            assertThat(s.subjects()).contains("redis-cluster");
        });
    }

    @Test
    void fullMeasuresTheLatencyOfLookupsAndMixedTrafficForEveryStrategyAndTheReferencesOfMemoryAndRedis() {
        List<CommandStep> commands = Plan.commands(Profile.FULL);
        for (String op : List.of("lookupHit", "mixed")) {
            assertThat(commands).as("latency of %s", op).anySatisfy(c -> {
                assertThat(c.arguments())
                        .startsWith("latency", "--dir", CommandStep.RUN_DIR)
                        .containsSubsequence("-o", op)
                        .containsSubsequence("-t", "32")
                        .contains("--rate", "--load");
                assertThat(c.subjects())
                        .containsAll(Plan.STRATEGIES)
                        .contains("spring-map", "spring-redis", "raw-chm", "raw-lettuce");
            });
        }
        CommandStep mixed = commands.stream()
                .filter(c -> c.name().equals("latency-mixed"))
                .findFirst()
                .orElseThrow();
        assertThat(mixed.arguments())
                .containsSubsequence("--load", "50,90")
                .containsSubsequence("--rate", String.valueOf(Plan.LATENCY_MIXED_RATE));
        assertThat(mixed.commandLine(java.nio.file.Path.of("/runs/x")))
                .containsSubsequence("--dir", "/runs/x")
                .endsWith("-s", String.join(",", Plan.LATENCY_SUBJECTS));
    }

    @Test
    void fullMeasuresWhatEachSessionChoiceCostsAnHttpRequestAgainstNoSessionAndSpringSessionRedis() {
        CommandStep cost = Plan.commands(Profile.FULL).stream()
                .filter(c -> c.name().equals("request-cost"))
                .findFirst()
                .orElseThrow();
        assertThat(cost.subjects()).containsExactly("none", "memory", "mapdb", "redis", "spring-redis");
        assertThat(cost.commandLine(java.nio.file.Path.of("/runs/x")))
                .startsWith("request-cost", "--dir", "/runs/x")
                .containsSubsequence("-c", "32,128")
                .endsWith("-s", "none,memory,mapdb,redis,spring-redis");
        List<String> options = new java.util.ArrayList<>(Plan.REQUEST_COST_OPTIONS);
        options.addAll(List.of("-s", String.join(",", cost.subjects())));
        assertThat(cost.estimateSeconds())
                .as("the command's own estimate, and the JVM's start")
                .isEqualTo(dev.sessionbench.bench.http.RequestCostCommand.estimateSeconds(options) + Plan.FORK_SECONDS);
        assertThat(Plan.commands(Profile.QUICK)).noneMatch(c -> c.name().equals("request-cost"));
    }

    @Test
    void narrowingACommandStepKeepsItsSubjectsThatAreAskedForAndItsNameMatches() {
        List<CommandStep> narrowed =
                Plan.narrowCommands(Plan.commands(Profile.FULL), List.of("redis", "raw-chm"), "mixed");
        assertThat(narrowed).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("latency-mixed");
            assertThat(c.subjects()).containsExactly("redis", "raw-chm");
            assertThat(c.estimateSeconds())
                    .isLessThan(Plan.commands(Profile.FULL).get(1).estimateSeconds());
        });
        assertThat(Plan.narrowCommands(Plan.commands(Profile.FULL), List.of("raw-jjwt"), null))
                .isEmpty();
    }

    @Test
    void everyStrategyIsInEveryOperationOfTheFullProfile() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Operation op : Operation.values()) {
            Set<String> subjects = steps.stream()
                    .filter(s -> s.operation() == op)
                    .flatMap(s -> s.subjects().stream())
                    .collect(Collectors.toSet());
            List<String> expected = op == Operation.EXPIRY ? Plan.EXPIRY_SUBJECTS : Plan.STRATEGIES;
            assertThat(subjects).as("subjects of %s", op).containsAll(expected);
        }
    }

    @Test
    void quickFitsInNineAndAHalfMinutesAndFullInTwoHoursFifteen() {
        // with the footprint step the run command adds
        assertThat(estimate(Profile.QUICK) + Plan.FOOTPRINT_SECONDS).isLessThanOrEqualTo(9 * 60 + 30);
        assertThat(estimate(Profile.FULL) + Plan.FOOTPRINT_SECONDS).isLessThanOrEqualTo(2 * 60 * 60 + 30 * 60);
    }

    @Test
    void theEstimateCountsNetworksTheSlowerSeedingThroughARoundTripAndTheClustersStart() {
        Step direct = new Step(
                LookupBenchmark.class, Operation.LOOKUP_HIT, List.of("redis"), List.of(100_000), List.of("small"), 32);
        Step far = new Step(
                LookupBenchmark.class,
                Operation.LOOKUP_HIT,
                List.of("redis"),
                List.of(100_000),
                List.of("small"),
                32,
                false,
                List.of("rtt-1ms"));
        assertThat(far.estimateSeconds(Profile.FULL)).isGreaterThan(direct.estimateSeconds(Profile.FULL));
        assertThat(Step.seedingSeconds("redis", 100_000, "rtt-1ms"))
                .isGreaterThan(Step.seedingSeconds("redis", 100_000, "direct"));
        assertThat(Step.seedingSeconds("redis-cluster", 100_000, "direct"))
                .isGreaterThan(Step.seedingSeconds("redis", 100_000, "direct"));
    }

    @Test
    void fullSweepsTheThreadsOfEveryHeadlineOperationForEveryStrategyAndItsReferences() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Operation op : Plan.SWEPT_OPERATIONS) {
            for (int t : List.of(Plan.headlineThreads(op), 32)) {
                Set<String> at = steps.stream()
                        .filter(s -> s.operation() == op && s.threads() == t)
                        .filter(s -> s.liveSessions().contains(Plan.HEADLINE_LIVE_SESSIONS))
                        .flatMap(s -> s.subjects().stream())
                        .collect(Collectors.toSet());
                List<String> expected = concat(Plan.STRATEGIES, Plan.references(Plan.STRATEGIES, op)).stream()
                        .filter(s -> t == Plan.headlineThreads(op) || Plan.sweptAt(s, op, t))
                        .toList();
                assertThat(at)
                        .as("%s at %d threads", op, t)
                        .containsAll(expected)
                        .contains("mapdb", "redis", "raw-lettuce", "spring-redis");
            }
        }
        assertThat(Plan.sweptAt("memory", Operation.CREATE, 32))
                .as("in-process writes at 32 threads")
                .isFalse();
        assertThat(Plan.sweptAt("memory", Operation.LOOKUP_HIT, 32)).isTrue();
        assertThat(Plan.references(Plan.STRATEGIES, Operation.MIXED))
                .as("mixed has raw limits")
                .contains("raw-chm", "raw-lettuce", "raw-mapdb-wal", "raw-jjwt");
        assertThat(Plan.references(List.of("mapdb"), Operation.ACCESS_AND_SAVE)).contains("raw-fsync");
        assertThat(Plan.references(List.of("mapdb"), Operation.LOOKUP_HIT)).doesNotContain("raw-fsync");
    }

    @Test
    void quickRowsAreRowsOfFullWithTheSameSettingsAndProfilers() {
        assertThat(Profile.QUICK.jvmArgs).isEqualTo(Profile.FULL.jvmArgs);
        List<Step> full = Plan.steps(Profile.FULL);
        for (Step q : Plan.steps(Profile.QUICK)) {
            for (String subject : q.subjects()) {
                for (String network : q.networks()) {
                    assertThat(full)
                            .as(
                                    "full measures %s %s at %d threads over %s with quick's settings",
                                    subject, q.operation(), q.threads(), network)
                            .anySatisfy(f -> {
                                assertThat(f.operation()).isEqualTo(q.operation());
                                assertThat(f.threads()).isEqualTo(q.threads());
                                assertThat(f.subjects()).contains(subject);
                                assertThat(f.networks()).contains(network);
                                assertThat(f.liveSessions()).containsAll(q.liveSessions());
                                assertThat(f.payloads()).containsAll(q.payloads());
                                assertThat(Profile.FULL.settings(f)).isEqualTo(Profile.QUICK.settings(q));
                                assertThat(f.profilers()).containsAll(q.profilers());
                            });
                }
            }
        }
    }

    @Test
    void quickTouchesOneAndThirtyTwoThreadsARoundTripAndTheLatencyOfMixedTraffic() {
        List<Step> quick = Plan.steps(Profile.QUICK);
        Set<String> one = quick.stream()
                .filter(s -> s.threads() == 1)
                .flatMap(s -> s.subjects().stream())
                .collect(Collectors.toSet());
        assertThat(one).contains("memory", "redis");
        Set<String> pool = quick.stream()
                .filter(s -> s.threads() == Plan.QUICK_THREADS)
                .filter(s -> s.networks().equals(Plan.DIRECT))
                .flatMap(s -> s.subjects().stream())
                .collect(Collectors.toSet());
        assertThat(pool).containsAll(Plan.QUICK_STRATEGIES).contains("raw-chm", "raw-mapdb-wal", "raw-lettuce");
        assertThat(quick).anySatisfy(s -> {
            assertThat(s.networks()).containsExactly("rtt-1ms");
            assertThat(s.subjects()).contains("redis", "raw-lettuce");
        });
        assertThat(Plan.commands(Profile.QUICK)).singleElement().satisfies(c -> {
            assertThat(c.subjects()).containsExactly("memory", "redis");
            assertThat(c.arguments()).containsSubsequence("-o", "mixed").containsSubsequence("--load", "90");
            CommandStep inFull = Plan.commands(Profile.FULL).stream()
                    .filter(f -> f.name().equals(c.name()))
                    .findFirst()
                    .orElseThrow();
            for (String option :
                    List.of("-t", "--rate", "--live-sessions", "--warmup", "--duration", "--max-duration")) {
                assertThat(valueOf(c, option)).as("%s as in full", option).isEqualTo(valueOf(inFull, option));
            }
        });
    }

    private static String valueOf(CommandStep c, String option) {
        return c.arguments().get(c.arguments().indexOf(option) + 1);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).distinct().toList();
    }

    @Test
    void narrowingKeepsWhetherAStepIsAHeadlineStep() {
        List<Step> narrowed = Plan.narrow(Plan.steps(Profile.FULL), List.of("memory"), "lookupHit");
        assertThat(narrowed)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.subjects()).containsExactly("memory"));
        assertThat(narrowed.get(0).headline()).isTrue();
        assertThat(narrowed.stream().filter(s -> !s.headline())).isNotEmpty();
    }

    @Test
    void comparisonsSetEachStoreUnderConcurrencyBesideItsRawLimitAndPeer() {
        List<Step> steps = Plan.steps(Profile.COMPARISONS);
        assertThat(subjectsOf(steps, Operation.LOOKUP_HIT, 32))
                .containsExactlyInAnyOrder("redis", "raw-lettuce", "spring-redis");
        assertThat(subjectsOf(steps, Operation.ACCESS_AND_SAVE, 8)).containsExactlyInAnyOrder("mapdb", "raw-mapdb-wal");
        assertThat(subjectsOf(steps, Operation.ACCESS_AND_SAVE, 1)).contains("mapdb", "memory", "spring-map");
        assertThat(subjectsOf(steps, Operation.CREATE, 2)).contains("memory", "spring-map");
        assertThat(steps.stream()
                        .filter(s -> s.operation() == Operation.EXPIRY
                                && s.subjects().contains("memory"))
                        .flatMap(s -> s.liveSessions().stream()))
                .as("memory's purge at a small and a large live set")
                .contains(1_000, 1_000_000);
    }

    private static Set<String> subjectsOf(List<Step> steps, Operation op, int threads) {
        return steps.stream()
                .filter(s -> s.operation() == op && s.threads() == threads)
                .flatMap(s -> s.subjects().stream())
                .collect(Collectors.toSet());
    }

    private static long estimate(Profile p) {
        return Plan.steps(p).stream().mapToLong(s -> s.estimateSeconds(p)).sum()
                + Plan.commands(p).stream()
                        .mapToLong(CommandStep::estimateSeconds)
                        .sum();
    }
}

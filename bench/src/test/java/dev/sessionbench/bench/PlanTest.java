package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.Plan.Step;
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
                    .filter(s -> s.liveSessions().equals(List.of(100_000)) && s.payloads().equals(List.of("small")))
                    .flatMap(s -> s.subjects().stream()).collect(Collectors.toSet());
            List<String> expected = new java.util.ArrayList<>(Plan.STRATEGIES);
            for (String strategy : Plan.STRATEGIES) {
                Subject.of(strategy).baseline().ifPresent(r -> expected.add(r.label()));
                Subject.of(strategy).peer().ifPresent(r -> expected.add(r.label()));
            }
            assertThat(precise).as("headline subjects of %s: every strategy and every reference it is compared with",
                    h[0]).containsAll(expected).doesNotHaveDuplicates();
        }
        assertThat(steps.stream().filter(Step::headline).map(Step::operation).collect(Collectors.toSet()))
                .as("only headline operations get the longer settings")
                .containsExactlyInAnyOrder(Operation.LOOKUP_HIT, Operation.CREATE, Operation.ACCESS_AND_SAVE,
                        Operation.MIXED);
    }

    @Test
    void headlineSettingsTakeFifteenTimesTheSamplesWithTheSameWarmUpAndMoreAtTwoThreads() {
        Plan.Settings standard = Profile.FULL.standard;
        Plan.Settings headline = Profile.FULL.headline;
        Plan.Settings threaded = Profile.FULL.threadedHeadline;
        assertThat(headline.iterations()).isGreaterThanOrEqualTo(15 * standard.iterations());
        assertThat(threaded.iterations()).isGreaterThan(headline.iterations());
        assertThat(headline.warmupIterations() * headline.warmupSeconds())
                .as("at least the 10-15 s the JIT needs on 2 cores").isGreaterThanOrEqualTo(12);
        for (Step step : Plan.steps(Profile.FULL)) {
            Plan.Settings expected = !step.headline() ? standard : step.threads() > 1 ? threaded : headline;
            assertThat(Profile.FULL.settings(step)).as("settings of %s", step).isEqualTo(expected);
        }
        assertThat(Profile.FULL.jmhSettings())
                .isEqualTo("headline rows: -f 1 -wi 3 -w 4s -i 100 -r 1s (at 2 threads: -f 1 -wi 3 -w 4s -i 140 -r 1s);"
                        + " other rows: -f 1 -wi 3 -w 4s -i 6 -r 1s;"
                        + " -prof gc -rf json -jvmArgsAppend \"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"");
        assertThat(Profile.QUICK.jmhSettings()).isEqualTo("-f 1 -wi 3 -w 4s -i 6 -r 1s -prof gc -rf json"
                + " -jvmArgsAppend \"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"");
    }

    @Test
    void everyStrategyIsInEveryOperationOfTheFullProfile() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Operation op : Operation.values()) {
            Set<String> subjects = steps.stream().filter(s -> s.operation() == op)
                    .flatMap(s -> s.subjects().stream()).collect(Collectors.toSet());
            List<String> expected = op == Operation.EXPIRY ? Plan.EXPIRY_SUBJECTS : Plan.STRATEGIES;
            assertThat(subjects).as("subjects of %s", op).containsAll(expected);
        }
    }

    @Test
    void quickFitsInTenMinutesAndFullInFourHours() {
        // the run command adds a minute of footprint measurement to the JMH steps
        assertThat(estimate(Profile.QUICK) + 60).isLessThanOrEqualTo(10 * 60);
        assertThat(estimate(Profile.FULL) + 60).isLessThanOrEqualTo(4 * 60 * 60);
    }

    @Test
    void fullSweepsTheThreadsOfEveryHeadlineOperationForEveryStrategyAndItsReferences() {
        List<Step> steps = Plan.steps(Profile.FULL);
        for (Operation op : Plan.SWEPT_OPERATIONS) {
            for (int t : List.of(1, 2, 8, 32, 128)) {
                Set<String> at = steps.stream().filter(s -> s.operation() == op && s.threads() == t)
                        .filter(s -> s.liveSessions().contains(Plan.HEADLINE_LIVE_SESSIONS))
                        .flatMap(s -> s.subjects().stream()).collect(Collectors.toSet());
                assertThat(at).as("%s at %d threads", op, t).containsAll(Plan.STRATEGIES)
                        .containsAll(Plan.references(Plan.STRATEGIES, op));
            }
        }
        assertThat(Plan.references(Plan.STRATEGIES, Operation.MIXED)).as("mixed has raw limits")
                .contains("raw-chm", "raw-lettuce", "raw-mapdb-wal", "raw-jjwt");
        assertThat(Plan.references(List.of("mapdb"), Operation.ACCESS_AND_SAVE)).contains("raw-fsync");
        assertThat(Plan.references(List.of("mapdb"), Operation.LOOKUP_HIT)).doesNotContain("raw-fsync");
    }

    @Test
    void quickIsASampleOfFullRowsWithFullSettingsAtOneAndThirtyTwoThreads() {
        assertThat(Profile.QUICK.standard).isEqualTo(Profile.FULL.standard);
        assertThat(Profile.QUICK.jvmArgs).isEqualTo(Profile.FULL.jvmArgs);
        assertThat(Profile.QUICK.standard.warmupIterations() * Profile.QUICK.standard.warmupSeconds())
                .as("warmed up to steady state").isGreaterThanOrEqualTo(10);
        List<Step> quick = Plan.steps(Profile.QUICK);
        List<Step> full = Plan.steps(Profile.FULL);
        for (Step q : quick) {
            for (String subject : q.subjects()) {
                assertThat(full).as("full measures %s %s at %d threads", subject, q.operation(), q.threads())
                        .anySatisfy(f -> {
                            assertThat(f.operation()).isEqualTo(q.operation());
                            assertThat(f.threads()).isEqualTo(q.threads());
                            assertThat(f.subjects()).contains(subject);
                            assertThat(f.liveSessions()).containsAll(q.liveSessions());
                            assertThat(f.payloads()).containsAll(q.payloads());
                        });
            }
        }
        for (int t : List.of(1, Plan.QUICK_THREADS)) {
            Set<String> at = quick.stream().filter(s -> s.threads() == t).flatMap(s -> s.subjects().stream())
                    .collect(Collectors.toSet());
            assertThat(at).as("quick at %d threads", t).containsAll(Plan.QUICK_STRATEGIES)
                    .containsAll(Plan.references(Plan.QUICK_STRATEGIES, Operation.LOOKUP_HIT));
        }
    }

    @Test
    void narrowingKeepsWhetherAStepIsAHeadlineStep() {
        List<Step> narrowed = Plan.narrow(Plan.steps(Profile.FULL), List.of("memory"), "lookupHit");
        assertThat(narrowed).isNotEmpty().allSatisfy(s -> assertThat(s.subjects()).containsExactly("memory"));
        assertThat(narrowed.get(0).headline()).isTrue();
        assertThat(narrowed.stream().filter(s -> !s.headline())).isNotEmpty();
    }

    private static long estimate(Profile p) {
        return Plan.steps(p).stream().mapToLong(s -> s.estimateSeconds(p)).sum();
    }
}

package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.Plan.Step;
import dev.sessionbench.bench.report.Operation;
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
            assertThat(precise).as("headline subjects of %s", h[0]).containsExactlyInAnyOrderElementsOf(
                    Plan.STRATEGIES);
        }
        assertThat(steps.stream().filter(Step::headline).map(Step::operation).collect(Collectors.toSet()))
                .as("only headline operations get the longer settings")
                .containsExactlyInAnyOrder(Operation.LOOKUP_HIT, Operation.CREATE, Operation.ACCESS_AND_SAVE,
                        Operation.MIXED);
    }

    @Test
    void headlineSettingsTakeTwentyTimesTheSamplesWithTheSameWarmUpAndMoreAtTwoThreads() {
        Plan.Settings standard = Profile.FULL.standard;
        Plan.Settings headline = Profile.FULL.headline;
        Plan.Settings threaded = Profile.FULL.threadedHeadline;
        assertThat(headline.iterations()).isGreaterThanOrEqualTo(20 * standard.iterations());
        assertThat(threaded.iterations()).isGreaterThan(headline.iterations());
        assertThat(headline.warmupIterations() * headline.warmupSeconds())
                .as("at least the 10-15 s the JIT needs on 2 cores").isGreaterThanOrEqualTo(12);
        for (Step step : Plan.steps(Profile.FULL)) {
            Plan.Settings expected = !step.headline() ? standard : step.threads() > 1 ? threaded : headline;
            assertThat(Profile.FULL.settings(step)).as("settings of %s", step).isEqualTo(expected);
        }
        assertThat(Profile.FULL.jmhSettings())
                .isEqualTo("headline rows: -f 1 -wi 3 -w 4s -i 180 -r 1s (at 2 threads: -f 1 -wi 3 -w 4s -i 240 -r 1s);"
                        + " other rows: -f 1 -wi 3 -w 4s -i 8 -r 1s;"
                        + " -prof gc -rf json -jvmArgsAppend \"-Xms4g -Xmx4g -XX:+AlwaysPreTouch\"");
        assertThat(Profile.QUICK.jmhSettings()).isEqualTo("-f 1 -wi 2 -w 1s -i 2 -r 1s -prof gc -rf json"
                + " -jvmArgsAppend \"-Xms4g -Xmx4g\"");
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
    void quickFitsInTenMinutesAndFullInUnderTwoAndAHalfHours() {
        assertThat(estimate(Profile.QUICK)).isLessThanOrEqualTo(10 * 60);
        assertThat(estimate(Profile.FULL)).isLessThanOrEqualTo(150 * 60);
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

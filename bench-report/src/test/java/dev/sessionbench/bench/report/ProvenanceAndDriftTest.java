package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceAndDriftTest {

    @TempDir
    Path dir;

    private Publisher publisher() {
        return new Publisher(
                dir.resolve("results"), dir.resolve("README.md"), false, new PrintWriter(new StringWriter(), true));
    }

    @Test
    void aRunFromADirtyBuildIsRefusedUnlessForcedAndItsReportSaysSo() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/a"));
        Fixtures.environment(run, "gitCommit", "2bc6293-dirty");
        assertThatThrownBy(() -> publisher().publish(run, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2bc6293-dirty")
                .hasMessageContaining("--allow-dirty");
        assertThat(dir.resolve("results")).doesNotExist();

        Path target = publisher().publish(run, false, true);
        assertThat(Files.readString(target.resolve("README.md")))
                .contains("> **Not built from a clean commit.** The jar that made this run recorded `2bc6293-dirty`");
    }

    @Test
    void aRunWithoutARecordedCommitIsNotClean() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/a"));
        Fixtures.environment(run, "gitCommit", Run.UNKNOWN_COMMIT);
        assertThat(Run.load(run).buildClean()).isFalse();
        Fixtures.environment(run, "gitCommit", "2bc6293");
        assertThat(Run.load(run).buildClean()).isTrue();
    }

    @Test
    void aPublishedRunComparesItselfWithThePreviousRunOnTheSameMachine() throws IOException {
        Path first = Fixtures.copy("run-a", dir.resolve("runs/a"));
        Fixtures.editResults(
                first,
                "LookupBenchmark.lookupHit",
                "memory",
                m -> m.put("scoreError", m.get("score").asDouble() / 100));
        publisher().publish(first, false);
        Path second = Fixtures.copy("run-a", dir.resolve("runs/b"));
        Fixtures.environment(second, "date", "2026-11-30");
        // every memory lookup twice as fast, everything else the same: memory's ops/s and its ratios drift
        Fixtures.editResults(second, "LookupBenchmark.lookupHit", "memory", m -> {
            m.put("score", m.get("score").asDouble() * 2);
            m.put("scoreError", m.get("score").asDouble() / 100);
        });
        Path target = publisher().publish(second, false);
        String report = Files.readString(target.resolve("README.md"));
        assertThat(report)
                .contains("## Against the previous run on this machine")
                .contains("[2026-11-26-vm](../2026-11-26-vm/README.md)");
        String memoryRow = report.lines()
                .filter(l -> l.startsWith("| `memory` | `lookupHit`"))
                .findFirst()
                .orElseThrow();
        assertThat(memoryRow).contains("2.00×").contains("**drifted**");
        String redisRow = report.lines()
                .filter(l -> l.startsWith("| `redis` | `lookupHit`"))
                .findFirst()
                .orElseThrow();
        assertThat(redisRow).contains("1.00×").doesNotContain("drifted");
        assertThat(report)
                .contains("**The two runs differ by up to 2.00× in ops/s (`memory` `lookupHit`) while each"
                        + " states its numbers to within ± ");
    }

    @Test
    void theFirstRunOnAMachineHasNoComparison() throws IOException {
        Path target = publisher().publish(Fixtures.copy("run-a", dir.resolve("runs/a")), false);
        assertThat(Files.readString(target.resolve("README.md"))).doesNotContain("Against the previous run");
    }

    @Test
    void aQuickRunSaysWhatItIsAndTheComparisonWithAFullRunGivesAVerdictPerRow() throws IOException {
        Path quick = Fixtures.copy("run-b", dir.resolve("quick"));
        Path full = Fixtures.copy("run-a", dir.resolve("full"));
        String report = Fixtures.render(quick);
        assertThat(report)
                .contains("> **A quick run.** It measures")
                .contains("`memory` `lookupHit` at 1 thread, 1,000 live sessions, small payload");
        String compare =
                Files.readString(new CompareRenderer(Run.load(quick), Run.load(full), false).render(dir.resolve("c")));
        assertThat(compare).contains("| Within 25 % |");
        assertThat(compare).containsPattern("\\d+ of the \\d+ rows measured in both runs are within 25 %");
        assertThat(QuickSection.within(measurement(100), measurement(124))).isEqualTo("yes");
        assertThat(QuickSection.within(measurement(100), measurement(130))).isEqualTo("**no**");
    }

    private static Measurement measurement(double score) {
        return SyntheticRun.memoryLookupHit(score, 1);
    }
}

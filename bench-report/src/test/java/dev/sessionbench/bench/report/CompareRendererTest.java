package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareRendererTest {

    @TempDir
    Path dir;

    private static Measurement m(double score, double error) {
        return SyntheticRun.memoryLookupHit(score, error);
    }

    @Test
    void differenceLargerThanBothErrorsAddedIsMarkedOtherwiseWithinError() {
        assertThat(CompareRenderer.verdict(m(100, 5), m(111, 5))).isEqualTo(CompareRenderer.FASTER);
        assertThat(CompareRenderer.verdict(m(100, 5), m(89, 5))).isEqualTo(CompareRenderer.SLOWER);
        assertThat(CompareRenderer.verdict(m(100, 5), m(110, 5))).isEqualTo(CompareRenderer.WITHIN_ERROR);
        assertThat(CompareRenderer.verdict(m(100, Double.NaN), m(200, 5))).isEqualTo("error unknown");
        assertThat(CompareRenderer.verdict(null, m(200, 5))).isEqualTo("n/a");
    }

    @Test
    void twoRecordedRunsPairByOperationSubjectParamsAndThreads() throws IOException {
        Path a = Fixtures.copy("run-a", dir.resolve("a"));
        Path b = Fixtures.copy("run-b", dir.resolve("b"));
        Path out = dir.resolve("cmp");
        new CompareRenderer(Run.load(a), Run.load(b), false).render(out);
        String md = Files.readString(out.resolve("README.md"));
        // run-a memory lookupHit 18,976,539.78 ± 32,332,897.26; run-b 1,205,151.01 ± 1,345,636.08: ratio 0.0635
        assertThat(md)
                .contains("| `memory` | 1,000 live sessions, small payload | 1 | 19.0 ± 32.3 M ops/s "
                        + "| 1.21 ± 1.35 M ops/s | 0.0635× | within error |");
        assertThat(md).contains("| Profile | full | quick | **differs** |");
        assertThat(md).contains("Measured only in A (14 results): nothing to compare.");
        assertThat(md)
                .containsPattern(
                        "\\| `memory` \\| 100,000 live sessions, small payload \\| 1 \\| [^|]+ \\| n/a \\| n/a \\| n/a \\|");
        assertThat(out.resolve("charts/lookupHit-light.svg")).exists();
        assertThat(out.resolve("charts/lookupHit-dark.svg")).exists();
    }

    @Test
    void differencesBeyondTheErrorAreMarkedAndCounted() throws IOException {
        Path a = Fixtures.copy("run-a", dir.resolve("a"));
        Path b = Fixtures.copy("run-a", dir.resolve("b"));
        // an "after" run derived from the recording: memory create ten times faster, raw-lettuce lookupMiss ten
        // times slower, both with a tight error
        Fixtures.editResults(b, ".create", "memory", p -> {
            p.put("score", p.get("score").asDouble() * 10);
            p.put("scoreError", 1000.0);
        });
        Fixtures.editResults(b, ".lookupMiss", "raw-lettuce", p -> {
            p.put("score", p.get("score").asDouble() / 10);
            p.put("scoreError", 1000.0);
        });
        new CompareRenderer(Run.load(a), Run.load(b), false).render(dir.resolve("cmp"));
        String md = Files.readString(dir.resolve("cmp/README.md"));
        // 335,184.58 ± 369,268.64 against 3,351,845.79 ± 1,000
        assertThat(md)
                .contains("| `memory` | 1,000 live sessions, large payload | 1 | 335 ± 369 k ops/s "
                        + "| 3.35 ± 0.0010 M ops/s | 10.0× | **▲ faster** |");
        // 147,022.21 ± 26,500.11 against 14,702.22 ± 1,000
        assertThat(md)
                .contains("| `raw-lettuce` | 1,000 live sessions, small payload | 1 | 147 ± 27 k ops/s "
                        + "| 14.7 ± 1.0 k ops/s | 0.100× | **▼ slower** |");
        // unchanged rows
        assertThat(md)
                .contains("| `redis` | 1,000 live sessions, small payload | 1 | 123 ± 77 k ops/s "
                        + "| 123 ± 77 k ops/s | 1.00× | within error |");
        assertThat(md).contains("2 result(s) significantly faster in B, 1 significantly slower");
    }
}

package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request-cost section, rendered from a synthetic request-cost.json beside a recorded run. */
class RequestCostSectionTest {

    private static LatencySummary.Percentiles p(double p50, double p99) {
        return new LatencySummary.Percentiles(p50, p50 * 1.5, p99, p99 * 2, p99 * 3, p50 * 1.1);
    }

    private static RequestCostSummary.Rate rate(double offered, double p50, double p99) {
        return new RequestCostSummary.Rate(
                offered,
                null,
                offered,
                (long) offered * 10,
                0,
                0,
                5,
                10,
                p(p50, p99),
                p(p50 * 0.9, p99 * 0.8),
                150.0,
                120.0,
                "request-cost/x.intended.hgrm",
                "request-cost/x.service.hgrm",
                "request-cost/x.hlog");
    }

    private static RequestCostSummary summary() {
        return RequestCostSummary.of(
                "GET /counter",
                "a forked JVM",
                "Apache HttpClient 5",
                List.of(
                        new RequestCostSummary.Row(
                                "none",
                                "(no session)",
                                32,
                                3.0,
                                8000,
                                5,
                                100.0,
                                80.0,
                                List.of(rate(1000, 400, 1500), rate(4000, 600, 3000))),
                        new RequestCostSummary.Row(
                                "memory",
                                "memory:",
                                32,
                                3.5,
                                6000,
                                5,
                                140.0,
                                90.0,
                                List.of(rate(1000, 450, 1800), rate(4000, 800, 5000))),
                        new RequestCostSummary.Row(
                                "redis",
                                "redis://127.0.0.1:6379/0?prefix=<random prefix>",
                                32,
                                4.0,
                                3000,
                                5,
                                200.0,
                                95.0,
                                List.of(
                                        rate(1000, 900, 2500),
                                        RequestCostSummary.Rate.skipped(4000, "above 90 % of the saturation rate")))));
    }

    @Test
    void tableShowsSaturationPercentilesAndTheCostBesideNoSession(@TempDir Path dir) throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("run-a"));
        summary().write(run);
        assertThat(RequestCostSummary.read(run.resolve(RequestCostSummary.FILE_NAME)))
                .isEqualTo(summary());

        new ReportRenderer(Run.load(run), false).render(run);
        String readme = Files.readString(run.resolve("README.md"));
        assertThat(readme).contains("## " + RequestCostSection.TITLE);
        assertThat(readme)
                .contains("| Store | Connections | Saturation | App CPU per request"
                        + " | p50 / p99 at 1000 req/s | p50 / p99 at 4000 req/s |");
        // memory: 6000 of 8000 req/s is 75 %; p50 450 against 400 us is +50 us
        assertThat(readme)
                .contains(
                        "| `memory` | 32 | 6000 req/s<br><sub>75 % of no session</sub> | 140 µs"
                                + " | 450 µs / 1.80 ms<br><sub>+50.0 µs p50</sub> | 800 µs / 5.00 ms<br><sub>+200 µs p50</sub> |");
        assertThat(readme).contains("| `none` (no session) | 32 | 8000 req/s | 100 µs | 400 µs / 1.50 ms |");
        assertThat(readme)
                .contains("| `redis` | 32 | 3000 req/s<br><sub>38 % of no session</sub> | 200 µs"
                        + " | 900 µs / 2.50 ms<br><sub>+500 µs p50</sub> | over capacity |");
        for (String chart : List.of("request-cost-saturation", "request-cost-p99-c32")) {
            assertThat(readme).contains("charts/" + chart + "-light.svg");
            assertThat(run.resolve("charts/" + chart + "-light.svg")).isNotEmptyFile();
            assertThat(run.resolve("charts/" + chart + "-dark.svg")).isNotEmptyFile();
        }
    }

    @Test
    void sectionIsAbsentWithoutTheFile(@TempDir Path dir) throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("run-a"));
        new ReportRenderer(Run.load(run), false).render(run);
        assertThat(Files.readString(run.resolve("README.md"))).doesNotContain(RequestCostSection.TITLE);
        assertThat(run.resolve("charts/request-cost-saturation-light.svg")).doesNotExist();
    }
}

package dev.sessionbench.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Cli;
import dev.sessionbench.bench.report.LatencySummary;
import dev.sessionbench.bench.report.RequestCostSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A smoke run of the request-cost command: the application forked once per store (memory, and no session), two
 * connections, short phases, checked for what it wrote.
 */
class RequestCostCommandTest {

    @Test
    void measuresTheEndpointWithAndWithoutASessionAndWritesTheSummaryAndHistograms(@TempDir Path dir) throws Exception {
        CommandLine cli = new CommandLine(new Cli());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(
                "request-cost",
                "-s",
                "none,memory",
                "-c",
                "2",
                "--rate",
                "10,1000000",
                "--max-load",
                "100",
                "--warmup",
                "300ms",
                "--max-duration",
                "1s",
                "--duration",
                "1s",
                "--dir",
                dir.toString());
        assertThat(exit).as("exit; out:\n" + out + "\nerr:\n" + err).isZero();
        assertThat(out.toString()).contains("saturation").contains("not run");

        RequestCostSummary summary = RequestCostSummary.read(dir.resolve(RequestCostSummary.FILE_NAME));
        assertThat(summary.format()).isEqualTo(RequestCostSummary.FORMAT);
        assertThat(summary.rows()).extracting(RequestCostSummary.Row::store).containsExactly("none", "memory");
        for (RequestCostSummary.Row row : summary.rows()) {
            assertThat(row.connections()).isEqualTo(2);
            assertThat(row.saturationRate()).as(row.store()).isPositive();
            assertThat(row.saturationServerCpuMicrosPerRequest()).isPositive();
            assertThat(row.rates()).hasSize(2);
            RequestCostSummary.Rate fixed = row.rates().get(0);
            assertThat(fixed.skipped()).isNull();
            assertThat(fixed.offeredRate()).isEqualTo(10);
            assertThat(fixed.failures()).isZero();
            assertThat(fixed.unissued()).isZero();
            assertThat(fixed.operations()).isBetween(8L, 12L);
            LatencySummary.Percentiles p = fixed.intended();
            assertThat(p.p50()).isPositive().isLessThanOrEqualTo(p.p99());
            assertThat(p.p99()).isLessThanOrEqualTo(p.max()).isLessThan(1_000_000);
            assertThat(fixed.service().p50()).isLessThanOrEqualTo(p.p50());
            assertThat(fixed.serverCpuMicrosPerRequest()).isNotNull();
            for (String f : List.of(fixed.histogram(), fixed.serviceHistogram(), fixed.log())) {
                assertThat(dir.resolve(f)).isNotEmptyFile();
            }
            assertThat(row.rates().get(1).skipped()).contains("above 100 %");
        }
        assertThat(summary.rows().get(0).storeUri()).isEqualTo("(no session)");
        assertThat(summary.rows().get(1).storeUri()).isEqualTo("memory:");
        assertThat(Files.readString(dir.resolve("request-cost/memory-c2-rate10.intended.hgrm")))
                .contains("Value     Percentile");
    }

    @Test
    void estimateCountsTheApplicationsTheSaturationRunsAndEveryRate() {
        // 2 stores x (20 s + 2 connection counts x (5 + 5 + 3 x (5 + 10)))
        assertThat(RequestCostCommand.estimateSeconds(List.of("-s", "none,memory")))
                .isEqualTo(2 * (20 + 2 * 55));
        assertThat(RequestCostCommand.estimateSeconds(List.of(
                        "-s",
                        "redis",
                        "-c",
                        "32",
                        "--rate",
                        "1000",
                        "--warmup",
                        "1s",
                        "--duration",
                        "2s",
                        "--max-duration",
                        "3s")))
                .isEqualTo(20 + 1 + 3 + 1 + 2);
    }
}

package dev.sessionbench.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.Cli;
import dev.sessionbench.bench.report.LatencySummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A smoke run of the latency command on the in-memory store: short, and checked for what it wrote. */
class LatencyCommandTest {

    /** Runs the suite's command line on the space-separated {@code words}, then {@code more} as they are (paths). */
    private static Result execute(String words, String... more) {
        CommandLine cli = new CommandLine(new Cli());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of(words.split(" ")));
        args.addAll(List.of(more));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}

    @Test
    void runsBothOperationsAtAFixedRateAndAtAShareOfTheMaximumAndWritesTheHistograms(@TempDir Path dir)
            throws Exception {
        Result r = execute(
                "latency -s memory -o lookupHit,mixed --rate 2000 --load 20 -t 4 --live-sessions 256 --warmup 200ms --duration 300ms --max-duration 200ms --dir",
                dir.toString());
        assertThat(r.exit()).as("exit; out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        assertThat(r.out()).contains("p99 us").contains("maximum").contains("memory");

        LatencySummary summary = LatencySummary.read(dir.resolve(LatencySummary.FILE_NAME));
        assertThat(summary.unit()).isEqualTo("us");
        List<LatencySummary.Row> rows = summary.rows();
        assertThat(rows)
                .extracting(LatencySummary.Row::operation, LatencySummary.Row::load)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lookupHit", "fixed"),
                        org.assertj.core.groups.Tuple.tuple("lookupHit", "20%"),
                        org.assertj.core.groups.Tuple.tuple("mixed", "fixed"),
                        org.assertj.core.groups.Tuple.tuple("mixed", "20%"));
        for (LatencySummary.Row row : rows) {
            assertThat(row.subject()).isEqualTo("memory");
            assertThat(row.threads()).isEqualTo(4);
            assertThat(row.failures()).isZero();
            assertThat(row.operations()).isPositive();
            LatencySummary.Percentiles p = row.intended();
            assertThat(p.p50()).isPositive().isLessThanOrEqualTo(p.p90());
            assertThat(p.p90()).isLessThanOrEqualTo(p.p99());
            assertThat(p.p99()).isLessThanOrEqualTo(p.p999());
            assertThat(p.p999()).isLessThanOrEqualTo(p.max());
            assertThat(dir.resolve(row.histogram())).exists();
            assertThat(Files.readString(dir.resolve(row.histogram())))
                    .contains("Value")
                    .contains("Percentile");
            assertThat(dir.resolve(row.serviceHistogram())).exists();
            assertThat(tags(dir.resolve(row.log()))).containsExactly("intended", "service");
        }
        assertThat(rows)
                .allSatisfy(row -> assertThat(row.serverCpuMicrosPerOperation()).isNull());
        assertThat(rows).allSatisfy(row -> assertThat(row.network()).isEqualTo("direct"));
        LatencySummary.Row fixed = rows.get(0);
        assertThat(fixed.offeredRate()).isEqualTo(2000.0);
        assertThat(fixed.maxRate()).isPositive();
        assertThat(fixed.operations()).isEqualTo(600);
        LatencySummary.Row share = rows.get(1);
        assertThat(share.offeredRate()).isCloseTo(share.maxRate() * 0.2, org.assertj.core.api.Assertions.within(1e-6));
    }

    private static List<String> tags(Path log) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        List<String> tags = new ArrayList<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            tags.add(h.getTag());
        }
        reader.close();
        return tags;
    }

    @Test
    void aRedisSubjectThroughTheProxyAlsoReportsTheServersCpu(@TempDir Path dir) throws Exception {
        Result r = execute(
                "latency -s raw-lettuce -o lookupHit --rate 500 -t 2 --live-sessions 64 --network proxy-0us --warmup 200ms --duration 400ms --dir",
                dir.toString());
        assertThat(r.exit()).as("exit; out:\n" + r.out() + "\nerr:\n" + r.err()).isZero();
        LatencySummary.Row row = LatencySummary.read(dir.resolve(LatencySummary.FILE_NAME))
                .rows()
                .get(0);
        assertThat(row.network()).isEqualTo("proxy-0us");
        assertThat(row.operations()).isEqualTo(200);
        assertThat(row.serverCpuMicrosPerOperation())
                .as("server CPU per request")
                .isNotNull()
                .isPositive();
        assertThat(row.histogram()).contains("proxy-0us");
    }

    @Test
    void refusesAnOperationWithoutAWorkloadAndALoadAboveAHundredPercent(@TempDir Path dir) {
        Result op = execute("latency -o expiry --dir", dir.toString());
        assertThat(op.exit()).isNotZero();
        assertThat(op.err()).contains("lookupHit").contains("expiry");
        Result load = execute("latency --load 150 --dir", dir.toString());
        assertThat(load.exit()).isNotZero();
        assertThat(load.err()).contains("--load").contains("150");
    }

    @Test
    void aShareOfTheMaximumAboveTheHarnessCapIsOfferedAtTheCapAndSaysSo() {
        // 90 % of an in-memory lookup's 6.48 million/s at 32 threads: 5.832 million/s, above the 5 million/s cap
        LatencyCommand.Load capped = LatencyCommand.Load.shareOf(90, 6_480_000);
        assertThat(capped.label()).isEqualTo("90%");
        assertThat(capped.rate()).isEqualTo(OpenLoop.MAX_RATE);
        assertThat(capped.uncapped()).isCloseTo(5_832_000, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(capped.capNote(6_480_000.0))
                .contains("capped")
                .contains("90% of the maximum 6480000/s is 5832000/s")
                .contains("highest rate of 5000000/s")
                .contains("offered 5000000/s (77 % of the maximum)");
        // the capped rate is one the open loop accepts
        assertThat(new OpenLoop.Settings(capped.rate(), 32, Duration.ZERO, Duration.ofSeconds(1), 1).rate())
                .isEqualTo(OpenLoop.MAX_RATE);

        LatencyCommand.Load under = LatencyCommand.Load.shareOf(50, 6_480_000);
        assertThat(under.rate()).isEqualTo(3_240_000);
        assertThat(under.uncapped()).isNull();
        assertThat(under.capNote(6_480_000.0)).isNull();
    }

    @Test
    void refusesAFixedRateAboveTheHarnessCapBeforeRunningAnything(@TempDir Path dir) {
        Result r = execute("latency -s memory --rate 6000000 --dir", dir.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--rate must be above 0 and at most 5000000 requests/s, was 6000000");
        assertThat(dir.resolve(LatencySummary.FILE_NAME)).doesNotExist();
    }

    @Test
    void helpDescribesTheOpenLoop() {
        Result r = execute("latency --help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("open loop")
                .contains("--rate")
                .contains("--load")
                .contains("scheduled");
    }
}

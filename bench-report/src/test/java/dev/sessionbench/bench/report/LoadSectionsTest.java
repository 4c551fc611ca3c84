package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU columns, open-loop latency, network round trips and Redis Cluster, rendered from a synthetic run. */
class LoadSectionsTest {

    @TempDir
    static Path dir;

    static Path run;
    static String readme;

    @BeforeAll
    static void render() throws IOException {
        run = SyntheticRun.standard(dir.resolve("run")).write();
        readme = Fixtures.render(run);
    }

    /** Returns the text of the report from the heading {@code start} to the next heading of its level or above. */
    static String section(String report, String start) {
        int from = report.indexOf(start);
        assertThat(from).as("heading " + start).isNotNegative();
        int level = start.indexOf(' ');
        int next = report.length();
        for (int l = 1; l <= level; l++) {
            int n = report.indexOf("\n" + "#".repeat(l) + " ", from + start.length());
            if (n >= 0) {
                next = Math.min(next, n);
            }
        }
        return report.substring(from, next);
    }

    @Test
    void operationTablesShowClientAndServerCpuAndCoresPerTenThousandOrNotAvailable() {
        String lookup = section(readme, "### lookupHit\n");
        assertThat(lookup).contains("| Allocation | Client CPU | Server CPU | Cores per 10k ops/s |");
        // (20 + 10) us/op / 100 = 0.3 cores per 10,000 ops/s
        assertThat(lookup)
                .containsPattern("\\| `redis` \\| strategy \\| 1 \\| [^|]+\\| [^|]+\\| [^|]+\\| [^|]+\\| "
                        + "n/a \\| 20.0 µs/op \\| 10.0 µs/op \\| 0.300 \\|");
        assertThat(lookup)
                .containsPattern("\\| `memory` \\| strategy \\| 1 \\| [^|]+\\| [^|]+\\| [^|]+\\| [^|]+\\| "
                        + "n/a \\| 5.00 µs/op \\| — \\| 0.0500 \\|");
        assertThat(lookup)
                .containsPattern("\\| `raw-chm` \\| raw limit \\| 1 \\| [^|]+\\| [^|]+\\| [^|]+\\| [^|]+\\| "
                        + "n/a \\| n/a \\| — \\| n/a \\|");
        assertThat(section(readme, "## Headline"))
                .contains("CPU 20.0 µs/op + 10.0 server, 0.300 cores per 10k ops/s")
                .contains("CPU 5.00 µs/op, 0.0500 cores per 10k ops/s");
    }

    @Test
    void rowsThroughANetworkStayOutOfTheDirectTablesAndTheHeadline() {
        String perOperation = section(readme, "## Results per operation");
        assertThat(perOperation)
                .doesNotContain("1.23 k ops/s")
                .doesNotContain("90.0 k")
                .doesNotContain("network=");
        assertThat(section(readme, "## Headline")).contains("| `redis` | 100 k ops/s<br>");
        assertThat(perOperation
                        .lines()
                        .filter(l -> l.startsWith("| `redis` | strategy | 1 |"))
                        .count())
                .as("one redis row per operation at 1 thread, the direct one")
                .isEqualTo(2);
    }

    @Test
    void roundTripTableSetsEachNetworkAgainstDirectAndStatesTheProxyCostAndTheMechanism() {
        String rt = section(readme, "## Network round trips");
        assertThat(rt)
                .contains("| Subject | Threads | direct | proxy-0us | rtt-200us | rtt-1ms |")
                .contains("| `redis` | 1 | 100 k ops/s | 90.0 k ops/s (0.900×) | 5.00 k ops/s (0.0500×) "
                        + "| 1.23 k ops/s (0.0123×) |")
                .contains("| `redis` | 128 | 210 k ops/s | n/a | n/a | 105 k ops/s (0.500×) |")
                .contains("The proxy's own cost (`proxy-0us` against `direct`, no delay added): `redis` at 1 thread"
                        + " 0.900×")
                .contains("In this run, as its notes record: `rtt-1ms` through netem.")
                .doesNotContain("`memory`");
        assertThat(rt.lines().filter(l -> l.startsWith("| `redis` | 32 |")).count())
                .as("a thread count measured only directly is not a round-trip row")
                .isZero();
        assertThat(run.resolve("charts/rtt-lookupHit-light.svg")).exists();
        assertThat(run.resolve("charts/rtt-mixed-dark.svg")).exists();
    }

    @Test
    void clusterRowsStandBesideOneRedisAndLeaveTheNotMeasuredList() {
        String cluster = section(readme, "## Redis Cluster against one Redis");
        assertThat(cluster)
                .contains("| `lookupHit` | 1,000 live sessions, small payload | 1 | 100 k ops/s"
                        + " | 80.0 k ops/s"
                        + " | 0.800× | 0.300 | 0.400 |")
                .contains("| `mixed` | 1,000 live sessions, small payload | 32 | 200 k ops/s | 150 k ops/s | 0.750× |");
        String not = section(readme, "### Not measured");
        assertThat(not)
                .contains("no Redis replica.")
                .doesNotContain("Redis Cluster")
                .doesNotContain("this run has no `latency.json`");
    }

    @Test
    void aRunWhoseAchievedRateFellBehindTheScheduleDidNotKeepUpEvenWithNothingUnissued() {
        LatencySummary.Percentiles p =
                new LatencySummary.Percentiles(259_000, 378_000, 398_000, 400_000, 617_000, 260_000);
        LatencySummary.Row behind = new LatencySummary.Row(
                "memory",
                "mixed",
                "direct",
                32,
                "90%",
                1_380_000.0,
                1_533_000.0,
                852_000.0,
                8_520_000,
                0,
                0,
                4,
                6,
                p,
                p,
                2.4,
                1.9,
                null,
                null,
                null,
                null);
        assertThat(LatencySection.keptUp(behind))
                .isEqualTo("**no**: could not keep up: achieved 62 % of the offered rate");
        LatencySummary.Row onTime = new LatencySummary.Row(
                "memory", "mixed", "direct", 32, "fixed", 2_000.0, null, 1_990.0, 12_000, 0, 0, 4, 6, p, p, 2.4, 1.9,
                null, null, null, null);
        assertThat(LatencySection.keptUp(onTime)).isEqualTo("yes");
    }

    @Test
    void latencyTableHasIntendedPercentilesServiceP99CpuAndFlagsRowsThatDidNotKeepUp() {
        String lat = section(readme, "## Latency under load, open loop");
        String lookup = section(lat, "### lookupHit under load");
        assertThat(lookup)
                .contains("| Subject | Threads | Load | Offered/s | Achieved/s | p50 | p90 | p99 | p99.9"
                        + " | max"
                        + " | Service p99 | Client CPU | Server CPU | Kept up? |")
                .contains("| `memory` | 32 | fixed | 5.00 k ops/s | 5.00 k ops/s | 50.0 µs | 90.0 µs | 99.0 µs"
                        + " | 99.9 µs"
                        + " | 100 µs | 50.0 µs | 40.0 µs/op | — | yes |")
                .contains("| `redis` | 32 | fixed | 5.00 k ops/s | 4.99 k ops/s | 1.00 ms | 1.80 ms | 1.98 ms | 2.00 ms"
                        + " | 2.00 ms | 1.00 ms | 40.0 µs/op | 12.0 µs/op | yes |")
                .contains("| `redis` | 32 | 90% | 180 k ops/s | 150 k ops/s |")
                .contains("| **no**: could not keep up: 12,345 unissued, 3 failures |");
        // fixed load first, then the shares of each subject's maximum
        assertThat(lookup.indexOf("| fixed |")).isLessThan(lookup.indexOf("| 50% |"));
        assertThat(lat).contains("`latency/*.intended.hgrm`").contains("`latency/*.hlog`");
        for (String chart : List.of(
                "latency-lookupHit-fixed",
                "latency-lookupHit-50pct",
                "latency-lookupHit-90pct",
                "latency-mixed-fixed",
                "latency-load-lookupHit")) {
            assertThat(run.resolve("charts/" + chart + "-light.svg")).exists();
            assertThat(run.resolve("charts/" + chart + "-dark.svg")).exists();
            assertThat(lat).contains("charts/" + chart + "-light.svg");
        }
    }

    @Test
    void guidanceStatesCoresLatencySaturationAndTheOneMillisecondNetworkFromTheirNumbers() {
        String g = section(readme, "## Which strategy when");
        // at the most threads measured with CPU: memory 4 us/op, redis 14 + 9 us/op
        assertThat(g)
                .contains("`memory` 0.0400 (128 threads)")
                .contains("`redis` 0.230 (128 threads)")
                .contains("`redis-cluster` 0.320 (32 threads)");
        assertThat(g)
                .contains("p99 latency at the common load, from each request's intended start")
                .contains("`lookupHit` at 5.00 k ops/s, 32 threads: `memory` 99.0 µs, `redis` 1.98 ms");
        assertThat(g)
                .contains("A 1 ms network round trip leaves `redis` `mixed` this share of its direct throughput:"
                        + " 0.0123× at 1 thread, 0.500× at 128 threads");
        // memory: 1 M, 1.5 M (+50 %), 1.55 M (+3 %)
        assertThat(g).contains("`memory` peaks at 128 threads (1.55 M ops/s), gains under 10.0 % beyond 32");
        assertThat(g).contains("Latency at one thread, not capacity: a Redis lookup is **10.0× slower**");
    }

    @Test
    void withoutLatencyNetworkOrClusterRowsThoseSectionsAreAbsentAndTheNotMeasuredListSaysSo() throws IOException {
        Path plain = new SyntheticRun(dir.resolve("plain"))
                .row("lookupHit", "memory", 1, null, 1_000_000, Double.NaN, Double.NaN)
                .row("lookupHit", "redis", 1, null, 100_000, Double.NaN, Double.NaN)
                .write();
        String report = Fixtures.render(plain);
        assertThat(report)
                .doesNotContain("## Latency under load")
                .doesNotContain("## Network round trips")
                .doesNotContain("## Redis Cluster against one Redis")
                .contains("this run has no `latency.json`")
                .contains("no Redis Cluster or replica.")
                .contains("CPU n/a")
                .contains("Cores per 10,000 requests per second of the `mixed` workload: not measured")
                .doesNotContain("p99 latency at the common load")
                .doesNotContain("A 1 ms network round trip");
    }

    @Test
    void anUnreadableLatencyFileOrAMissingHistogramIsStatedNotACrash() throws IOException {
        Path broken = new SyntheticRun(dir.resolve("broken"))
                .row("lookupHit", "memory", 1, null, 1_000_000, Double.NaN, Double.NaN)
                .latency("lookupHit", "memory", "fixed", 5000, 5000, 100, 0, 0)
                .latency("lookupHit", "redis", "fixed", 5000, 4990, 2000, 0, 0)
                .write();
        Files.delete(broken.resolve("latency/redis-lookupHit-fixed.intended.hgrm"));
        String report = Fixtures.render(broken);
        assertThat(report)
                .contains("Histograms not drawn: `latency/redis-lookupHit-fixed.intended.hgrm` is not in"
                        + " the run's folder.");
        assertThat(broken.resolve("charts/latency-lookupHit-fixed-light.svg"))
                .as("memory's line is still drawn")
                .exists();
        Files.writeString(broken.resolve(LatencySummary.FILE_NAME), "{\"format\": \"other/9\", \"rows\": []}");
        report = Fixtures.render(broken);
        assertThat(report).contains("## Latency under load, open loop\n\nNot shown: latency.json could not be read:");
    }

    @Test
    void compareKeepsRowsOfTheSameSubjectAndThreadsApartByNetwork() throws IOException {
        Run a = Run.load(run);
        Path out = dir.resolve("compare");
        String report = Files.readString(new CompareRenderer(a, a, false).render(out));
        assertThat(report)
                .contains("| `redis` | 1,000 live sessions, small payload, network=rtt-1ms | 1 | 1.23 ± ")
                .contains("| `redis` | 1,000 live sessions, small payload | 1 | 100 ± ");
    }

    @Test
    void aQuickRunNamesItsNetworkRowsAndIsCheckedAgainstTheFullRunRowByRowNetworkByNetwork() throws IOException {
        Path quick = new SyntheticRun(dir.resolve("quick"))
                .profile("quick")
                .row("lookupHit", "redis", 1, "direct", 100_000, Double.NaN, Double.NaN)
                .row("lookupHit", "redis", 1, "rtt-1ms", 1_100, Double.NaN, Double.NaN)
                .write();
        String report = Fixtures.render(quick);
        assertThat(report)
                .contains("It measures 2 rows of the full run")
                .contains("`redis` `lookupHit` at 1 thread, 1,000 live sessions, small payload, network=rtt-1ms");
        Path out = dir.resolve("quick-vs-full");
        String compared = Files.readString(new CompareRenderer(Run.load(quick), Run.load(run), false).render(out));
        // 1.10 k against the full run's 1.23 k through rtt-1ms: within 25 %; never set against the direct 100 k
        assertThat(compared)
                .contains("| `redis` | 1,000 live sessions, small payload, network=rtt-1ms | 1 | 1.10 ± ")
                .containsPattern("network=rtt-1ms \\| 1 \\| 1\\.10 [^|]+\\| 1\\.23 [^|]+\\| [^|]+\\| [^|]+\\| yes \\|");
    }

    @Test
    void driftSetsADirectRowAgainstTheSameRowOfARunBeforeTheNetworkParameterNeverAgainstANetworkRow()
            throws IOException {
        Path before = new SyntheticRun(dir.resolve("before"))
                .row("lookupHit", "redis", 1, null, 100_000, Double.NaN, Double.NaN)
                .write();
        Path now = new SyntheticRun(dir.resolve("now"))
                .row("lookupHit", "redis", 1, "rtt-1ms", 1_234, Double.NaN, Double.NaN)
                .row("lookupHit", "redis", 1, "direct", 101_000, Double.NaN, Double.NaN)
                .write();
        Markdown md = new Markdown();
        new DriftSection(Run.load(now), Run.load(before)).render(md);
        assertThat(md.toString())
                .contains("| `redis` | `lookupHit` | 100 ± 1 k ops/s | 101 ± 1.0 k ops/s | 1.01× | held |")
                .doesNotContain("1.23 ");
    }

    @Test
    void hgrmTextIsReadBackAsHdrHistogramWroteIt() throws IOException {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L);
        }
        Path f = dir.resolve("one.hgrm");
        try (java.io.PrintStream out =
                new java.io.PrintStream(Files.newOutputStream(f), false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 5, 1000.0);
        }
        List<Hgrm.Point> points = Hgrm.read(f);
        Hgrm.Point p99 =
                points.stream().filter(p -> p.percentile() >= 0.99).findFirst().orElseThrow();
        assertThat(points).hasSizeGreaterThan(20);
        assertThat(p99.value()).isCloseTo(h.getValueAtPercentile(99) / 1000.0, within(5.0));
        assertThat(points.get(points.size() - 1).percentile()).isEqualTo(1.0);
    }

    @Test
    void percentileTicksReadAsTheNinesOfHdrHistogramsPlotter() {
        assertThat(Charts.percentileTick(0)).isEqualTo("0%");
        assertThat(Charts.percentileTick(1)).isEqualTo("90%");
        assertThat(Charts.percentileTick(2)).isEqualTo("99%");
        assertThat(Charts.percentileTick(3)).isEqualTo("99.9%");
        assertThat(Charts.percentileTick(4)).isEqualTo("99.99%");
        assertThat(Charts.percentileTick(1.5)).isEmpty();
    }
}

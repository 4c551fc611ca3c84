package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Renders the recorded run once and reads the report back. Expected numbers were worked out by hand from
 * {@code run-a/jmh.json}, e.g. memory lookupHit at 1 thread and 1,000 live sessions: 18,976,539.78 ops/s, raw-chm
 * 42,748,893.81 (ratio 0.4439), spring-map 6,314,343.14 (ratio 3.0053).
 */
class ReportRendererTest {

    @TempDir
    static Path dir;

    static Path run;
    static String readme;

    @BeforeAll
    static void renderRunA() throws IOException {
        run = Fixtures.copy("run-a", dir.resolve("run-a"));
        readme = Fixtures.render(run);
    }

    @Test
    void tableRowShowsThroughputErrorRatiosAndAllocationInReadableUnits() {
        assertThat(readme)
                .contains("| `memory` | strategy | 1,000 | 1 | 19.0 ± 32.3 M ops/s | ± 170.4 % "
                        + "| 0.444× raw-chm | 3.01× spring-map | 14 B/op |");
    }

    @Test
    void ratioToAReferenceNotMeasuredIsNotAvailableAndToNoReferenceIsADash() {
        assertThat(readme)
                .contains("| `redis` | strategy | 1,000 | 1 | 114 ± 110 k ops/s | ± 96.6 % "
                        + "| 1.23× raw-lettuce | n/a spring-redis | 14 B/op |");
        assertThat(readme).contains("| 1.37× raw-jjwt | — |");
        assertThat(readme)
                .containsPattern("\\| `raw-chm` \\| raw limit \\| 1,000 \\| 1 \\| [^|]+\\| [^|]+\\| — \\| — \\|");
    }

    @Test
    void headlineTakesEachOperationAtItsHeadlineConfiguration() {
        assertThat(readme).contains("`lookupHit`: 1 thread, 100,000 live sessions, small payload");
        assertThat(readme).contains("| `memory` | 13.2 M ops/s<br><sub>1.51× raw, 8.64× peer<br>CPU n/a</sub> |");
    }

    @Test
    void headlineNamesEveryNumberWhoseErrorIsWiderThanFivePercent() {
        assertThat(readme)
                .containsPattern("\\d+ of these \\d+ throughputs have a 99\\.9 % confidence interval wider "
                        + "than ± 5\\.0 % of their score: `[a-z-]+` `[a-zA-Z]+` ± [0-9.]+ %");
        assertThat(readme).contains("Read them as a range, not a point.");
    }

    @Test
    void headlineSaysWhenEveryNumberIsWithinFivePercent(@TempDir Path tight) throws IOException {
        Path copy = Fixtures.copy("run-a", tight.resolve("run-a"));
        com.fasterxml.jackson.databind.ObjectMapper json = Run.mapper();
        com.fasterxml.jackson.databind.JsonNode rows =
                json.readTree(copy.resolve("jmh.json").toFile());
        for (com.fasterxml.jackson.databind.JsonNode row : rows) {
            var metric = (com.fasterxml.jackson.databind.node.ObjectNode) row.get("primaryMetric");
            metric.put("scoreError", metric.get("score").asDouble() * 0.02);
        }
        json.writeValue(copy.resolve("jmh.json").toFile(), rows);
        Run run = Run.load(copy);
        List<String> ops = List.of("lookupHit", "create");
        assertThat(HeadlineSection.headlineErrors(run, ops))
                .matches("Each of these \\d+ throughputs is known to "
                        + "within ± 5\\.0 % \\(JMH's 99\\.9 % confidence interval\\); the widest is `[a-z-]+` `[a-zA-Z]+`, "
                        + "± 2\\.0 %\\.");
    }

    @Test
    void whichStrategyWhenIsComputedFromTheNumbers() {
        assertThat(readme)
                .contains(
                        "Latency at one thread, not capacity: a Redis lookup is **130× slower** than an in-memory one: 101 k ops/s against "
                                + "13.2 M ops/s, 9.90 µs against 76.0 ns per lookup");
        assertThat(readme)
                .contains("A stateless token costs 314 B of cookie on every request (the token itself "
                        + "291 B; 1.6 KiB with the large payload) and 1.96 µs of CPU to verify");
        assertThat(readme).contains("A MapDB lookup against an in-memory one: n/a");
        assertThat(readme).contains("cannot be revoked before it expires");
        assertThat(readme).contains("Memory sessions die with the process and are not shared");
    }

    @Test
    void environmentShowsEveryFieldAndTheJmhSettingsVerbatim() {
        assertThat(readme)
                .contains(List.of(
                        "| Date | 2026-11-26 |",
                        "| Machine | vm |",
                        "| Profile | full |",
                        "| CPU | Intel(R) Xeon(R) Processor |",
                        "| Cores | 2 |",
                        "| Memory | 23.5 GiB |",
                        "| OS | Linux 6.18.44-fc-v657 (amd64) |",
                        "| JVM flags | `-Xms1g` `-Xmx1g` `-XX:+UseG1GC` |",
                        "| Redis | 7.0.15 |",
                        "| Redis ran | throwaway redis-server",
                        "`mapdb`: write-ahead log",
                        "`io.lettuce:lettuce-core 6.8.2.RELEASE`",
                        "| Git commit | `2bc6293` |",
                        "| Run took | 3 min 15 s |",
                        "```\n-f 1 -wi 1 -w 100ms -i 6 -r 100ms -prof gc -rf json",
                        "JMH 1.37, OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1; forks 1; "
                                + "warmup 1 × 100 ms (batch 1); measurement 6 × 100 ms (batch 1)",
                        "```sh\njava -jar bench/target/benchmarks.jar run --profile full\n```"))
                .doesNotContain("Not a published result");
    }

    @Test
    void subjectTableSaysWhatEachSubjectIsAndWhereAPeerDoesLessWork() {
        assertThat(readme).contains("| Subject | What it is | Kind | Backend | Raw limit | Peer |");
        assertThat(readme).contains("| `memory` | this project's in-heap store (`memory:`)");
        assertThat(readme)
                .containsPattern("\\| `spring-map` \\| [^|]*records the access only at the save that ends a"
                        + " request \\| peer \\| memory \\| `raw-chm` \\| — \\|");
        assertThat(readme).contains("Spring Session's `findById` does less than our lookups");
        assertThat(Subject.SPRING_REDIS.description())
                .contains("`findById` is one `HGETALL` that does not move the idle deadline");
        for (Subject s : Subject.values()) {
            assertThat(s.description())
                    .as("description of %s", s.label())
                    .isNotBlank()
                    .doesNotContain("|");
        }
    }

    @Test
    void footprintAndAllocationAreInBytes() {
        assertThat(readme).contains("| `memory` | 412 B | 1.4 KiB | — |");
        assertThat(readme).contains("| Subject | create | lookupHit | lookupMiss | mixed |");
        assertThat(readme).contains("| `memory` | 120 B/op | 16 B/op | 14 B/op | 0 B/op |");
    }

    @Test
    void groupBenchmarkShowsItsParts() {
        assertThat(readme).contains("| Subject | Parameters | Threads | lookup | save |");
        assertThat(readme).containsPattern("\\| `memory` \\| 1,000 live sessions, small payload \\| 4 \\| [0-9.]+ ± ");
    }

    @Test
    void everyChartReferencedExistsInBothThemesAsWellFormedSvg() throws Exception {
        Matcher m = Pattern.compile("src=\"(charts/[^\"]+)-light\\.svg\"").matcher(readme);
        int charts = 0;
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        while (m.find()) {
            charts++;
            assertThat(readme).contains("srcset=\"" + m.group(1) + "-dark.svg\"");
            String light = Files.readString(run.resolve(m.group(1) + "-light.svg"));
            String dark = Files.readString(run.resolve(m.group(1) + "-dark.svg"));
            Document doc = f.newDocumentBuilder()
                    .parse(run.resolve(m.group(1) + "-dark.svg").toFile());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(light).contains("fill:rgb(255,255,255)");
            assertThat(dark).contains("fill:rgb(13,17,23)");
        }
        // one bar chart per operation (create, lookupHit, lookupMiss, mixed) and one scaling chart (lookupHit)
        assertThat(charts)
                .as("one bar chart per operation, live-session and thread scaling")
                .isEqualTo(6);
        try (Stream<Path> files = Files.list(run.resolve("charts"))) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(12).allMatch(n -> n.endsWith(".svg"));
        }
    }

    @Test
    void rerenderingGivesTheSameBytesAndRemovesOnlyItsOwnStaleCharts() throws IOException {
        Path again = Fixtures.copy("run-a", dir.resolve("again"));
        Files.createDirectories(again.resolve("charts"));
        Files.writeString(again.resolve("charts/gone-light.svg"), "<svg/>");
        Files.writeString(again.resolve("charts/notes.txt"), "kept");
        new ReportRenderer(Run.load(again), false).render(again);
        assertThat(again.resolve("charts/gone-light.svg")).doesNotExist();
        assertThat(again.resolve("charts/notes.txt")).exists();
        assertThat(Files.readString(again.resolve("README.md"))).isEqualTo(readme);
        assertThat(Files.mismatch(again.resolve("charts/lookupHit-dark.svg"), run.resolve("charts/lookupHit-dark.svg")))
                .isEqualTo(-1L);
    }

    @Test
    void quickRunSaysItIsNotAPublishedResult() throws IOException {
        Path quick = Fixtures.copy("run-b", dir.resolve("quick"));
        new ReportRenderer(Run.load(quick), false).render(quick);
        assertThat(Files.readString(quick.resolve("README.md")))
                .contains("**Not a published result.**")
                .contains("`quick` profile");
    }

    @Test
    void runWithoutEnvironmentRendersAndSaysSo() throws IOException {
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Files.copy(run.resolve("jmh.json"), bare.resolve("jmh.json"));
        new ReportRenderer(Run.load(bare), false).render(bare);
        assertThat(Files.readString(bare.resolve("README.md")))
                .contains("`environment.json` was missing")
                .contains("| CPU | not recorded |");
    }
}

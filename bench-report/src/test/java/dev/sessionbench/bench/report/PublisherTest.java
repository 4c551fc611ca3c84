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

class PublisherTest {

    private static final String PROJECT_README = """
            # sessionbench
            intro
            <!-- results:start -->
            old table
            <!-- results:end -->
            outro
            """;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private Publisher publisher(Path readme) {
        return new Publisher(dir.resolve("results"), readme, false, new PrintWriter(err, true));
    }

    @Test
    void publishCopiesTheJsonRendersTheReportAndUpdatesIndexAndProjectReadme() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/run-a"));
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, PROJECT_README);

        Path target = publisher(readme).publish(run, false);

        assertThat(target).isEqualTo(dir.resolve("results/2026-11-26-vm"));
        assertThat(Files.mismatch(run.resolve("jmh.json"), target.resolve("jmh.json")))
                .isEqualTo(-1L);
        assertThat(Files.mismatch(run.resolve("environment.json"), target.resolve("environment.json")))
                .isEqualTo(-1L);
        assertThat(target.resolve("README.md")).exists();
        assertThat(target.resolve("charts/lookupHit-light.svg")).exists();
        assertThat(target.resolve("charts/lookupHit-dark.svg")).exists();

        String index = Files.readString(dir.resolve("results/README.md"));
        assertThat(index)
                .contains("| [2026-11-26-vm](2026-11-26-vm/README.md) | 2026-11-26 | vm |")
                .contains("`lookupHit` (1 thread, 100,000 live sessions, small payload): `memory` 13.2 M ops/s · "
                        + "`redis` 101 k ops/s · `token` 510 k ops/s · `token-revocable` 534 k ops/s");

        String project = Files.readString(readme);
        assertThat(project)
                .startsWith("# sessionbench\nintro\n<!-- results:start -->\n")
                .endsWith("<!-- results:end -->\noutro\n")
                .doesNotContain("old table")
                .contains("[2026-11-26-vm](results/2026-11-26-vm/README.md)")
                .contains("| `memory` | 13.2 M ops/s<br><sub>1.51× raw, 8.64× peer<br>CPU n/a</sub> |");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void publishKeepsTheHistogramsAndLogsBesideTheJsonButNotTheLocalReport() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/run-a"));
        Files.writeString(run.resolve("latency.json"), "{}");
        Files.createDirectories(run.resolve("latency"));
        Files.writeString(run.resolve("latency/mixed-redis.hgrm"), "Value Percentile\n");
        Files.createDirectories(run.resolve("request-cost"));
        Files.writeString(run.resolve("request-cost/memory-c32.hlog"), "#[histogram log]\n");
        Files.writeString(run.resolve("request-cost.log"), "request-cost output\n");
        Files.writeString(run.resolve("README.md"), "the local report");
        Files.createDirectories(run.resolve("charts"));
        Files.writeString(run.resolve("charts/old.svg"), "<svg/>");

        Path target = dir.resolve("results/2026-11-26-vm");
        Publisher.copyRunFiles(run, target);

        assertThat(target.resolve("latency.json")).hasContent("{}");
        assertThat(target.resolve("latency/mixed-redis.hgrm")).hasContent("Value Percentile");
        assertThat(target.resolve("request-cost/memory-c32.hlog")).hasContent("#[histogram log]");
        assertThat(target.resolve("request-cost.log")).exists();
        assertThat(target.resolve("jmh.json")).exists();
        assertThat(target.resolve("README.md")).doesNotExist();
        assertThat(target.resolve("charts/old.svg")).doesNotExist();
    }

    @Test
    void quickRunIsRefusedUnlessAllowed() throws IOException {
        Path run = Fixtures.copy("run-b", dir.resolve("runs/run-b"));
        assertThatThrownBy(() -> publisher(null).publish(run, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'quick'")
                .hasMessageContaining("--allow-quick");
        assertThat(dir.resolve("results")).doesNotExist();

        assertThat(publisher(null).publish(run, true)).isDirectory();
    }

    @Test
    void indexListsRunsNewestFirst() throws IOException {
        Path older = Fixtures.copy("run-a", dir.resolve("runs/a"));
        Path newer = Fixtures.copy("run-b", dir.resolve("runs/b"));
        Fixtures.environment(newer, "date", "2026-11-27");
        Publisher p = publisher(null);
        p.publish(older, false);
        p.publish(newer, true);
        String index = Files.readString(dir.resolve("results/README.md"));
        assertThat(index.indexOf("[2026-11-27-vm]")).isPositive().isLessThan(index.indexOf("[2026-11-26-vm]"));
    }

    @Test
    void projectReadmeWithoutMarkersIsLeftAloneWithAWarning() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/run-a"));
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# no markers here\n");
        publisher(readme).publish(run, false);
        assertThat(Files.readString(readme)).isEqualTo("# no markers here\n");
        assertThat(err.toString()).contains("warning").contains("<!-- results:start -->");
    }

    @Test
    void missingProjectReadmeIsWarnedAboutNotCreated() throws IOException {
        Path readme = dir.resolve("README.md");
        publisher(readme).reindex();
        assertThat(readme).doesNotExist();
        assertThat(err.toString()).contains("warning").contains("not found");
        assertThat(Files.readString(dir.resolve("results/README.md"))).contains("No run is published yet");
    }

    @Test
    void machineNameThatIsNotFileNameSafeIsRefused() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("runs/run-a"));
        Fixtures.environment(run, "machine", "../escape");
        assertThatThrownBy(() -> publisher(null).publish(run, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file-name-safe");
    }
}

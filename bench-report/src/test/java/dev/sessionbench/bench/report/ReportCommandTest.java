package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ReportCommandTest {

    /** The report command as the benchmark jar's command line mounts it. */
    @Command(name = "sessionbench", subcommands = ReportCommand.class)
    static final class Top {}

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Top());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void reportRendersTheRunFolder() throws IOException {
        Path run = Fixtures.copy("run-a", dir.resolve("run"));
        assertThat(run("report", run.toString())).isZero();
        assertThat(run.resolve("README.md")).exists();
        assertThat(out.toString()).contains("wrote");
    }

    @Test
    void publishOfAQuickRunFailsAndNamesTheOverride() throws IOException {
        Path run = Fixtures.copy("run-b", dir.resolve("run"));
        assertThat(run(
                        "report",
                        run.toString(),
                        "--publish",
                        "--results",
                        dir.resolve("results").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--allow-quick");
        assertThat(run(
                        "report",
                        run.toString(),
                        "--publish",
                        "--allow-quick",
                        "--results",
                        dir.resolve("results").toString(),
                        "--readme",
                        dir.resolve("README.md").toString()))
                .isZero();
        assertThat(dir.resolve("results/2026-11-26-vm/README.md")).exists();
    }

    @Test
    void compareNeedsTwoRunsAndWritesWhereAsked() throws IOException {
        Path a = Fixtures.copy("run-a", dir.resolve("a"));
        Path b = Fixtures.copy("run-b", dir.resolve("b"));
        assertThat(run("report", "--compare", a.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("exactly two run folders");
        assertThat(run(
                        "report",
                        "--compare",
                        a.toString(),
                        b.toString(),
                        "--out",
                        dir.resolve("c").toString()))
                .isZero();
        assertThat(dir.resolve("c/README.md")).exists();
    }

    @Test
    void folderWithoutJmhJsonIsAClearError() {
        assertThat(run("report", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no jmh.json in");
    }
}

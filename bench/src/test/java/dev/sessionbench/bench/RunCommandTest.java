package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.bench.Plan.CommandStep;
import dev.sessionbench.bench.Plan.Profile;
import dev.sessionbench.bench.net.FakeNetemHost;
import dev.sessionbench.bench.net.Netem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    @Test
    void aRunNotesForEverySimulatedRoundTripWhetherNetemOrTheProxyAddsIt() {
        FakeNetemHost noTc = new FakeNetemHost();
        noTc.tc = false;
        List<Plan.Step> full = Plan.steps(Plan.Profile.FULL);
        assertThat(RunCommand.simulatedNetworkNotes(full, new Netem(noTc)))
                .containsExactlyInAnyOrder(
                        "rtt-200us via proxy (netem unavailable: no tc on the PATH)",
                        "rtt-1ms via proxy (netem unavailable: no tc on the PATH)");
        List<Plan.Step> directOnly = full.stream()
                .filter(s -> s.networks().equals(List.of("direct")))
                .toList();
        assertThat(RunCommand.simulatedNetworkNotes(directOnly, new Netem(noTc)))
                .isEmpty();
    }

    @Test
    void helpDescribesEveryProfileByWhatItRuns() {
        String help = new CommandLine(new RunCommand()).getUsageMessage();
        assertThat(help).doesNotContainPattern("(?i)issue|target");
        for (Profile p : Profile.values()) {
            assertThat(help).contains(p.label() + ":");
        }
    }

    @Test
    void comparisonsIsAProfileAndAnUnknownNameListsTheKnownOnes() {
        assertThat(RunCommand.parseProfile("comparisons")).isEqualTo(Profile.COMPARISONS);
        assertThatThrownBy(() -> RunCommand.parseProfile("targets"))
                .hasMessageContaining("unknown profile 'targets'")
                .hasMessageContaining(Arrays.stream(Profile.values())
                        .map(Profile::label)
                        .toList()
                        .toString());
    }

    @Test
    void aCommandStepRunsTheSuitesCommandInAForkedJvmAndWritesIntoTheRunFolder(@TempDir Path runDir) throws Exception {
        CommandStep step = new CommandStep(
                "latency-test",
                List.of("memory"),
                "-s",
                List.of(
                        "latency",
                        "--dir",
                        CommandStep.RUN_DIR,
                        "-o",
                        "lookupHit",
                        "--rate",
                        "200",
                        "-t",
                        "1",
                        "--live-sessions",
                        "100",
                        "--warmup",
                        "200ms",
                        "--duration",
                        "1s"),
                30,
                10);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> notes = new ArrayList<>();
        boolean ok = RunCommand.runCommandStep(
                step, List.of("-Xmx256m"), runDir, new PrintStream(console, true, StandardCharsets.UTF_8), notes);
        String output = console.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(output).isTrue();
        assertThat(notes).isEmpty();
        assertThat(runDir.resolve("latency.json")).exists();
        assertThat(Files.readString(runDir.resolve("latency.json")))
                .contains("memory")
                .contains("lookupHit");
        assertThat(output).as("the command's output on the console").contains("Wrote ");
        assertThat(Files.readString(runDir.resolve("latency-test.log"))).contains("Wrote ");
    }

    @Test
    void aFailingCommandStepIsANoteOfTheRun(@TempDir Path runDir) {
        CommandStep step = new CommandStep(
                "latency-wrong",
                List.of("memory"),
                "-s",
                List.of("latency", "--dir", CommandStep.RUN_DIR, "-o", "changeId"),
                30,
                10);
        List<String> notes = new ArrayList<>();
        boolean ok = RunCommand.runCommandStep(
                step,
                List.of("-Xmx128m"),
                runDir,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                notes);
        assertThat(ok).isFalse();
        assertThat(notes)
                .singleElement()
                .asString()
                .contains("latency-wrong")
                .contains("exited with")
                .contains("latency-wrong.log");
    }
}

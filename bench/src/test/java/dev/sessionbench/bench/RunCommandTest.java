package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.bench.Plan.Profile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

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
                .hasMessageContaining(Arrays.stream(Profile.values()).map(Profile::label).toList().toString());
    }
}

package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnvironmentProbeTest {

    private static Properties build(String abbrev, String dirty) {
        Properties p = new Properties();
        if (abbrev != null) {
            p.setProperty("git.commit.id.abbrev", abbrev);
        }
        if (dirty != null) {
            p.setProperty("git.dirty", dirty);
        }
        return p;
    }

    @Test
    void theCommitIsTheOneTheJarWasBuiltFromMarkedDirtyWhenItsTreeHadChanges() {
        assertThat(EnvironmentProbe.buildCommit(build("e7d6c39f6001", "false"))).isEqualTo("e7d6c39f6001");
        assertThat(EnvironmentProbe.buildCommit(build("e7d6c39f6001", "true"))).isEqualTo("e7d6c39f6001-dirty");
        assertThat(EnvironmentProbe.buildCommit(build(null, null)))
                .as("built outside git")
                .isEqualTo("unknown");
    }

    @Test
    void thisBuildRecordedItsCommit() {
        // the build writes it at initialize; outside a git checkout it records nothing and the run says "unknown"
        assertThat(EnvironmentProbe.class.getResource(EnvironmentProbe.BUILD_COMMIT_RESOURCE))
                .isNotNull();
        assertThat(EnvironmentProbe.gitCommit()).matches("[0-9a-f]{12}(-dirty)?|unknown");
    }
}

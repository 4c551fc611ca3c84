package dev.sessionbench.bench.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A machine a test describes for {@link Netem}: whether {@code tc} and the netem module are there, and what each
 * command answers; the commands run are kept in {@link #ran}.
 */
public final class FakeNetemHost implements Netem.Host {
    /** What {@code tc qdisc show dev lo} prints on a loopback with no qdisc of its own. */
    public static final String LO_UNCONFIGURED = "qdisc noqueue 0: root refcnt 2\n";

    public boolean tc = true;
    public boolean moduleLoaded = true;
    public String show = LO_UNCONFIGURED;
    public String failing;
    public final List<String> ran = new ArrayList<>();

    @Override
    public Optional<Path> which(String program) {
        return tc && program.equals("tc") ? Optional.of(Path.of("/usr/sbin/tc")) : Optional.empty();
    }

    @Override
    public boolean exists(Path path) {
        return moduleLoaded && path.equals(Path.of("/sys/module/sch_netem"));
    }

    @Override
    public List<Path> find(Path dir, String prefix) {
        return List.of();
    }

    @Override
    public String kernelRelease() {
        return "6.1.0-test";
    }

    @Override
    public Netem.Output run(List<String> command) {
        String line = String.join(" ", command);
        ran.add(line);
        if (line.equals("tc qdisc show dev lo")) {
            return new Netem.Output(0, show);
        }
        if (failing != null && line.contains(failing)) {
            return new Netem.Output(2, "Error: Specified qdisc kind is unknown.");
        }
        return new Netem.Output(0, "");
    }
}

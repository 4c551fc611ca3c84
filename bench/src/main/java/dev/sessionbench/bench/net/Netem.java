package dev.sessionbench.bench.net;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A round trip added in the kernel with {@code tc netem}, on the loopback device and only for one TCP port: a
 * {@code prio} root qdisc with a fourth band that holds a {@code netem} delay of half the round trip, and two
 * {@code u32} filters that send packets to and from the port into that band. On loopback every packet leaves
 * {@code lo} once, so a request and its reply are each delayed by half. {@link Applied#close()} deletes the root
 * qdisc again (also at JVM exit); it is only added when {@code lo} has no root qdisc of its own.
 *
 * <p>It needs {@code tc} on the PATH, the kernel's {@code sch_netem} and the right to change qdiscs (root or
 * CAP_NET_ADMIN). {@link #availability()} says whether the first two hold and why not; the third shows when
 * {@link #apply} fails. Every program is run through a {@link Host}, so the tests see the commands without running
 * them. Every connection to the port on this machine is delayed, not only the benchmark's.
 */
public final class Netem {

    /** The device delayed. */
    public static final String DEVICE = "lo";
    /** How long one {@code tc} command may take. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** The root qdisc a loopback device has when nobody configured it. */
    static final List<String> DEFAULT_ROOTS = List.of("noqueue", "pfifo_fast", "fq_codel", "mq");

    private final Host host;

    /** Netem on this machine. */
    public Netem() {
        this(Host.SYSTEM);
    }

    /** Netem through {@code host}: where programs are found and run. */
    public Netem(Host host) {
        this.host = Objects.requireNonNull(host, "host must not be null");
    }

    /** What the harness needs of the machine: files, programs on the PATH, and running one. */
    public interface Host {
        /** The real machine. */
        Host SYSTEM = new SystemHost();

        /** Returns the program's path on the PATH, if there is one. */
        Optional<Path> which(String program);

        /** Returns whether a file or folder exists. */
        boolean exists(Path path);

        /** Returns the files of a folder and below whose names start with {@code prefix}. */
        List<Path> find(Path dir, String prefix);

        /** Returns the running kernel's release, as {@code uname -r} prints it. */
        String kernelRelease();

        /** Runs a command and returns its exit code and its output (stdout and stderr together). */
        Output run(List<String> command);
    }

    /** A command's exit code and output. */
    public record Output(int exit, String text) {}

    /** Whether netem can be tried here, and if not, why. */
    public record Availability(boolean available, String reason) {}

    /** Returns the commands that add {@code roundTrip} to the TCP traffic of {@code port} on {@link #DEVICE}. */
    public static List<List<String>> setupCommands(int port, Duration roundTrip) {
        checkPort(port);
        long halfMicros = roundTrip.toNanos() / 2000;
        String p = Integer.toString(port);
        return List.of(
                List.of("tc", "qdisc", "add", "dev", DEVICE, "root", "handle", "1:", "prio", "bands", "4"),
                List.of(
                        "tc",
                        "qdisc",
                        "add",
                        "dev",
                        DEVICE,
                        "parent",
                        "1:4",
                        "handle",
                        "40:",
                        "netem",
                        "delay",
                        halfMicros + "us"),
                filterCommand("dport", p),
                filterCommand("sport", p));
    }

    /** Returns the command that removes what {@link #setupCommands} added. */
    public static List<String> teardownCommand() {
        return List.of("tc", "qdisc", "del", "dev", DEVICE, "root");
    }

    /** Returns the command that shows the device's qdiscs. */
    static List<String> showCommand() {
        return List.of("tc", "qdisc", "show", "dev", DEVICE);
    }

    /** Returns the filter that sends the loopback packets whose {@code direction} port is {@code port} to netem. */
    private static List<String> filterCommand(String direction, String port) {
        return List.of(
                "tc",
                "filter",
                "add",
                "dev",
                DEVICE,
                "parent",
                "1:",
                "protocol",
                "ip",
                "prio",
                "1",
                "u32",
                "match",
                "ip",
                direction,
                port,
                "0xffff",
                "flowid",
                "1:4");
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
    }

    /** Returns whether {@code tc}, the kernel's netem and an unconfigured {@link #DEVICE} are there. */
    public Availability availability() {
        if (host.which("tc").isEmpty()) {
            return new Availability(false, "no tc on the PATH");
        }
        boolean loaded = host.exists(Path.of("/sys/module/sch_netem"));
        boolean module = !host.find(Path.of("/lib/modules", host.kernelRelease()), "sch_netem.ko")
                .isEmpty();
        if (!loaded && !module) {
            return new Availability(false, "the kernel (" + host.kernelRelease() + ") has no sch_netem module");
        }
        Output show = host.run(showCommand());
        if (show.exit() != 0) {
            return new Availability(
                    false,
                    "tc cannot show the qdiscs of " + DEVICE + ": "
                            + show.text().strip());
        }
        String root = rootQdisc(show.text());
        if (!DEFAULT_ROOTS.contains(root)) {
            return new Availability(false, DEVICE + " has a root qdisc of its own (" + root + "), left alone");
        }
        return new Availability(true, "tc netem on " + DEVICE);
    }

    /** Returns the kind of the root qdisc in {@code tc qdisc show} output, or "none". */
    static String rootQdisc(String show) {
        for (String line : show.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("qdisc") && line.contains(" root")) {
                return words[1];
            }
        }
        return "none";
    }

    /** A delay in place; closing removes it. */
    public final class Applied implements AutoCloseable {
        private final Thread hook;
        private boolean closed;

        private Applied() {
            this.hook = new Thread(Netem.this::teardown, "sessionbench-netem-teardown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs the teardown
                return;
            }
            teardown();
        }
    }

    /**
     * Adds {@code roundTrip} to the TCP traffic of {@code port} and returns the handle that removes it. When a
     * command fails, what was added is removed before the failure is thrown.
     */
    public Applied apply(int port, Duration roundTrip) {
        Objects.requireNonNull(roundTrip, "roundTrip must not be null");
        List<List<String>> commands = setupCommands(port, roundTrip);
        boolean added = false;
        boolean done = false;
        try {
            for (List<String> command : commands) {
                Output out = host.run(command);
                if (out.exit() != 0) {
                    throw new NetemException("'" + String.join(" ", command) + "' failed (exit " + out.exit() + "): "
                            + out.text().strip());
                }
                added = true;
            }
            Applied applied = new Applied();
            done = true;
            return applied;
        } finally {
            if (added && !done) {
                teardown();
            }
        }
    }

    private void teardown() {
        host.run(teardownCommand());
    }

    /** Thrown when netem cannot be set up; nothing of it is left in place. */
    public static final class NetemException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NetemException(String message) {
            super(message);
        }
    }

    /** The real machine. */
    private static final class SystemHost implements Host {
        @Override
        public Optional<Path> which(String program) {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public List<Path> find(Path dir, String prefix) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                        .toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                return List.of();
            }
        }

        @Override
        public String kernelRelease() {
            return System.getProperty("os.version");
        }

        @Override
        public Output run(List<String> command) {
            List<String> cmd = new ArrayList<>(command);
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Output(-1, "timed out after " + COMMAND_TIMEOUT.toSeconds() + " s");
                }
                return new Output(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new Output(-1, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Output(-1, "interrupted");
            }
        }
    }
}

package dev.sessionbench.testkit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway real {@code redis-server} on a loopback port, without persistence ({@code save ""},
 * {@code appendonly no}), in a temporary directory that {@link #close} deletes. It can be stopped and started again
 * on the same port, or killed, to test what a client does when Redis goes away. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    /** How long {@link #start} waits for the server to answer PING. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    /** How long {@link #stop} waits for the server to exit before it kills it. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final Path binary;
    private final int port;
    private final Path dir;
    private final List<String> extraConfig;
    private Process process;

    private RedisServer(Path binary, int port, Path dir, List<String> extraConfig) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.extraConfig = extraConfig;
    }

    /** Returns a running server on a free loopback port, from {@link RedisBinary#locate()}. */
    public static RedisServer start() {
        return start(RedisBinary.locate(), List.of());
    }

    /**
     * Returns a running server of {@code binary} on a free loopback port, with extra configuration lines such as
     * {@code "cluster-enabled yes"}. Retries on another port when the chosen one was taken meanwhile.
     */
    public static RedisServer start(Path binary, List<String> extraConfig) {
        Objects.requireNonNull(binary, "binary must not be null");
        Objects.requireNonNull(extraConfig, "extraConfig must not be null");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("sessionbench-redis");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for redis-server", e);
            }
            RedisServer server = new RedisServer(binary, freePort(), dir, List.copyOf(extraConfig));
            try {
                server.startProcess();
                return server;
            } catch (IllegalStateException e) {
                last = e;
                server.close();
            }
        }
        throw last;
    }

    /** Returns the loopback port, the same across restarts. */
    public int port() {
        return port;
    }

    /** Returns the endpoint of this server. */
    public RedisEndpoint endpoint() {
        return RedisEndpoint.loopback(port);
    }

    /** Returns {@code redis://127.0.0.1:port/0}. */
    public String url() {
        return endpoint().url();
    }

    /** Returns the directory of the server's configuration, log and cluster files. */
    public Path directory() {
        return dir;
    }

    /** Returns true while the server process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port, with no data (there is no persistence); no-op while it runs. */
    public void restart() {
        if (!isRunning()) {
            startProcess();
        }
    }

    /** Stops the server with SIGTERM, as an operator would, and waits until it has exited and its port is closed. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitExit();
    }

    /** Kills the server with SIGKILL, as a crash would. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "redis-server on 127.0.0.1:" + port + (isRunning() ? "" : " (stopped)");
    }

    private void startProcess() {
        Path conf = dir.resolve("redis.conf");
        List<String> lines = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "save \"\"",
                "appendonly no",
                "dir " + dir,
                "daemonize no",
                "logfile \"\""));
        lines.addAll(extraConfig);
        try {
            Files.write(conf, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        Path log = dir.resolve("redis.log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), conf.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with status "
                        + process.exitValue() + "; log: " + tail(log));
            }
            if (RespConnection.isUp(endpoint(), Duration.ofMillis(200))) {
                return;
            }
            pause(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + STARTUP_TIMEOUT + "; log: " + tail(log));
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Returns a loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory that could not be removed is left for the OS to clean
        }
    }
}

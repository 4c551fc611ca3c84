package dev.sessionbench.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CounterApp} in a JVM of its own, started from this JVM's classpath, listening on a free loopback port.
 * Its properties reach it through the environment ({@code SPRING_APPLICATION_JSON}), so that a Redis password never
 * appears on a command line; its output goes to a log file. Its CPU time is the operating system's account of the
 * whole process (every thread: Tomcat's, the store's client, GC, JIT), read through {@link ProcessHandle}.
 *
 * @param process      the application's JVM
 * @param port         the port the application listens on, on 127.0.0.1
 * @param startSeconds the seconds from the start of the JVM to the server listening
 * @param log          the file the application's output goes to
 */
record AppProcess(Process process, int port, double startSeconds, Path log) implements AutoCloseable {

    /** The longest the application may take to listen. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The longest it may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The application JVM's flags: a fixed heap, so heap growth is no part of a measurement. */
    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");

    /**
     * Starts the application with {@code properties} (and the server settings of every run: loopback, a free port,
     * keep-alive connections never closed by the server after a number of requests), writing its output to
     * {@code log}; returns once it listens.
     */
    static AppProcess start(Map<String, String> properties, Path log) throws IOException {
        Path portFile = log.resolveSibling(log.getFileName() + ".port");
        Files.deleteIfExists(portFile);
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("server.address", "127.0.0.1");
        all.put("server.port", "0");
        all.put("server.tomcat.max-keep-alive-requests", "-1");
        all.put("spring.main.banner-mode", "off");
        all.put(CounterApp.PORT_FILE_PROPERTY, portFile.toAbsolutePath().toString());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CounterApp.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SPRING_APPLICATION_JSON", new ObjectMapper().writeValueAsString(all));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + START_TIMEOUT.toNanos();
        try {
            while (!Files.exists(portFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the application exited with " + process.exitValue()
                            + " before it listened; its output, in " + log + ":\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the application did not listen within " + START_TIMEOUT
                            + "; its output, in " + log + ":\n" + tail(log));
                }
                Thread.sleep(20);
            }
            int port = Integer.parseInt(
                    Files.readString(portFile, StandardCharsets.US_ASCII).trim());
            Files.deleteIfExists(portFile);
            return new AppProcess(process, port, (System.nanoTime() - started) / 1e9, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the application", e);
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Returns the CPU time the application's process has used, in nanoseconds, or -1 when the OS does not say. */
    long cpuNanos() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    /** Returns whether the application is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the application: SIGTERM (Spring closes the store), then a kill after {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Returns the last lines of the application's log, for an error message. */
    String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}

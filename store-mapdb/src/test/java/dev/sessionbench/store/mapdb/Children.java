package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts a child JVM on the test classpath with no extra JVM flags, so tests can kill it or hold a file lock. */
final class Children {

    private Children() {}

    /**
     * Returns the store on {@code file} that the children open and the tests that check their work reopen: the
     * default policy (the durable {@code sync} mode), without a purge thread.
     */
    static MapDbSessionStore open(Path file) {
        return MapDbSessionStore.builder()
                .file(file)
                .policy(SessionPolicy.defaults())
                .purgeInterval(Duration.ZERO)
                .build();
    }

    static Process start(Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(javaCommand(main, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * Starts the child under {@code ulimit -f}: no file it writes may grow past {@code kib} KiB, so a write past that
     * fails with EFBIG ("File too large") as on a full disk.
     */
    static Process startWithFileSizeLimit(long kib, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kib + " && exec \"$@\"", "bash"));
        command.addAll(javaCommand(main, args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}

package dev.sessionbench.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a {@code redis-server} executable: the one on {@code PATH}, else the binary bundled in the Maven artifact
 * {@code com.github.codemonstur:embedded-redis} (Redis 6.2 for Linux and macOS on x86-64 and arm64), copied to a
 * temporary file once per JVM.
 */
public final class RedisBinary {

    /** The executable's name on {@code PATH}. */
    public static final String EXECUTABLE = "redis-server";

    private static Path extracted;

    private RedisBinary() {
    }

    /** Returns {@code redis-server} from {@code PATH}, else the bundled binary; throws when neither exists. */
    public static Path locate() {
        return locate(System.getenv("PATH"));
    }

    /** Returns {@code redis-server} from the given {@code PATH} value (may be null), else the bundled binary. */
    public static Path locate(String pathVariable) {
        return onPath(pathVariable).orElseGet(RedisBinary::bundled);
    }

    /** Returns {@code redis-server} from {@code PATH}, when it is there and executable. */
    public static Optional<Path> onPath() {
        return onPath(System.getenv("PATH"));
    }

    private static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Returns the bundled binary for this operating system and CPU, copied to a temporary executable file. */
    public static synchronized Path bundled() {
        if (extracted != null && Files.isExecutable(extracted)) {
            return extracted;
        }
        String resource = bundledResource(System.getProperty("os.name"), System.getProperty("os.arch"));
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and the bundled binary " + resource
                        + " is not on the classpath (artifact com.github.codemonstur:embedded-redis); install Redis "
                        + "or set REDIS_URL");
            }
            Path dir = Files.createTempDirectory("sessionbench-redis-bin");
            // deleteOnExit runs in reverse order of registration: the file first, then its directory
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(EXECUTABLE);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + file + " executable");
            }
            file.toFile().deleteOnExit();
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled redis-server: " + e.getMessage(), e);
        }
    }

    /** Returns the classpath name of the bundled binary for the platform; throws for one that has none. */
    static String bundledResource(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm64) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && x64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm64) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("no bundled redis-server for " + osName + "/" + osArch
                + "; put redis-server on PATH or set REDIS_URL");
    }
}

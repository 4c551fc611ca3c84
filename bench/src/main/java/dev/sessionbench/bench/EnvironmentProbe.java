package dev.sessionbench.bench;

import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.report.Subject;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reads where a run happens: hardware, OS, JDK, Redis, library versions and the source commit. */
final class EnvironmentProbe {

    private EnvironmentProbe() {}

    static String date() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** Returns the host name made safe for a folder name, lower case. */
    static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        String safe =
                host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return safe.isEmpty() ? "unknown" : safe;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    static long memoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Returns the Redis server's version, or a sentence saying why it is unknown. */
    static String redisVersion() {
        RedisClient client = RedisClient.create(Adapters.redisUrl());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String line : c.sync().info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length()).trim();
                }
            }
            return "unknown (INFO server has no redis_version)";
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } finally {
            client.shutdown();
        }
    }

    /** Returns artifact to version for every library measured, as built into this jar. */
    static Map<String, String> libraries() {
        Properties p = new Properties();
        try (InputStream in = EnvironmentProbe.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    /** Returns the durability of each MapDB subject, for the report. */
    static Map<String, String> mapdbDurability() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Subject.MAPDB.label(), "crash-safe default: " + Adapters.describe(Subject.MAPDB));
        m.put(Subject.MAPDB_BATCHED.label(), "batched: " + Adapters.describe(Subject.MAPDB_BATCHED));
        m.put(Subject.RAW_MAPDB.label(), "the store's BTreeMap and journaled file, no commit");
        m.put(Subject.RAW_MAPDB_WAL.label(), "the store's BTreeMap and journaled file, a commit after every write");
        m.put(
                Subject.RAW_FSYNC.label(),
                "one 4 KiB page written and forced per write (two per create), in the MapDB directory");
        return m;
    }

    /** Where the build writes the commit it was built from (git-commit-id-maven-plugin). */
    static final String BUILD_COMMIT_RESOURCE = "/dev/sessionbench/bench/git.properties";
    /** What a run records when its jar was built outside a git checkout. */
    static final String UNKNOWN_COMMIT = "unknown";

    /** Returns the commit this jar was built from, with "-dirty" when its tree had changes, or "unknown". */
    static String gitCommit() {
        Properties p = new Properties();
        try (InputStream in = EnvironmentProbe.class.getResourceAsStream(BUILD_COMMIT_RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return UNKNOWN_COMMIT;
        }
        return buildCommit(p);
    }

    /** Returns the commit recorded in the build's properties, with "-dirty" when its tree had changes. */
    static String buildCommit(Properties p) {
        String id = p.getProperty("git.commit.id.abbrev");
        if (id == null || id.isBlank()) {
            return UNKNOWN_COMMIT;
        }
        return Boolean.parseBoolean(p.getProperty("git.dirty")) ? id + "-dirty" : id;
    }
}

package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RedisFixture;
import dev.sessionbench.fixtures.redis.RedisKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Opens the adapter of a subject with the suite's embedded defaults: MapDB in a fresh temporary directory, Redis
 * found or started as in docs/testing.md, each Redis subject under a random key prefix of its own that is deleted
 * (SCAN and UNLINK, never a flush) when the adapter closes.
 */
public final class Adapters {

    /** The system property through which the run command hands its Redis to the forked benchmark JVMs. */
    public static final String REDIS_PROPERTY = "sessionbench.redis.url";
    /** Every benchmark key prefix starts with this, so that leftovers of a killed run are easy to recognise. */
    public static final String PREFIX_ROOT = "sbbench:";

    private static final SecureRandom PREFIX_RANDOM = new SecureRandom();
    /**
     * The Redis store's timeouts through a simulated network: its 1 s defaults are for a failing server, and a
     * delaying proxy on a loaded host can take that long to hand over the first connection. A longer timeout
     * changes no successful command's time.
     */
    static final String NETWORK_TIMEOUTS = "&connectTimeout=10s&timeout=10s";

    /** Most IDs a revocable token store may hold revoked during a benchmark: its upper limit. */
    static final int MAX_REVOKED = 10_000_000;

    /**
     * The memory store without its default cap (the create benchmark outgrows it) and without the background
     * purge (the expiry benchmark purges itself, and a timer would be noise elsewhere), as the MapDB options.
     */
    static final String MEMORY_URI = "memory:?maxSessions=unlimited&purgeInterval=0";

    private Adapters() {}

    /** Returns the URI each strategy is opened with, without the per-run parts (file, key prefix). */
    public static String describe(Subject subject) {
        return switch (subject) {
            case MEMORY -> MEMORY_URI;
            case MAPDB -> "mapdb:<temp file>" + mapdbQuery(false);
            case MAPDB_BATCHED -> "mapdb:<temp file>" + mapdbQuery(true);
            case REDIS -> "redis://<host:port/db>" + redisQuery("<random prefix>");
            case REDIS_CLUSTER -> "redis://<three cluster seeds>?cluster=true&prefix=<random prefix>";
            case TOKEN -> "token:";
            case TOKEN_REVOCABLE -> tokenRevocableUri();
            default -> subject.label();
        };
    }

    /**
     * Returns the MapDB options: the store's defaults except no background purge (the expiry benchmark calls the
     * purge itself, and a purge on a timer would be noise in every other benchmark) and no full verification on open
     * (it only slows the reopen after seeding).
     */
    private static String mapdbQuery(boolean batched) {
        return (batched ? "?durability=batched&" : "?") + "purgeInterval=0&verify=false";
    }

    private static String redisQuery(String prefix) {
        return "?prefix=" + prefix;
    }

    private static String tokenRevocableUri() {
        return "token:?revocation=memory&maxRevoked=" + MAX_REVOKED;
    }

    /** Returns an open adapter for the subject; sessions live by {@code policy} (Spring and raw use its timeout). */
    public static Adapter open(Subject subject, SessionPolicy policy) {
        return open(subject, policy, null, null);
    }

    /**
     * Returns an open adapter that keeps its MapDB file in {@code dir} (null: a temporary directory, deleted on
     * close) and its Redis keys under {@code prefix} (null: a random prefix); for the footprint measurement.
     */
    public static Adapter open(Subject subject, SessionPolicy policy, Path dir, String prefix) {
        return open(subject, policy, dir, prefix, null);
    }

    /**
     * Returns an open adapter as {@link #open(Subject, SessionPolicy, Path, String)} whose Redis clients connect to
     * {@code redisUrl} (null: {@link #redisUrl()}), such as a delaying proxy in front of the suite's Redis; keys are
     * still deleted on the suite's Redis directly.
     */
    public static Adapter open(Subject subject, SessionPolicy policy, Path dir, String prefix, String redisUrl) {
        String url = redisUrl != null ? redisUrl : redisUrl();
        return switch (subject) {
            case MEMORY -> store(subject, MEMORY_URI, policy, true, Adapters::nothing);
            case MAPDB, MAPDB_BATCHED -> {
                Path d = dir != null ? dir : tempDir();
                String file = "mapdb:" + d.resolve("sessions.db");
                String uri = file + mapdbQuery(subject == Subject.MAPDB_BATCHED);
                StoreAdapter a = store(subject, uri, policy, true, () -> {
                    if (dir == null) {
                        delete(d);
                    }
                });
                if (subject == Subject.MAPDB) {
                    a.bulkLoadThrough(
                            () -> SessionStores.open(file + mapdbQuery(true), policy),
                            () -> SessionStores.open(uri, policy));
                }
                yield a;
            }
            case REDIS -> {
                String p = prefix != null ? prefix : newPrefix();
                String timeouts = redisUrl != null ? NETWORK_TIMEOUTS : "";
                yield store(subject, url + redisQuery(p) + timeouts, policy, true, () -> deleteUnder(p));
            }
            case REDIS_CLUSTER -> {
                ClusterRedis cluster = ClusterRedis.shared();
                String p = prefix != null ? prefix : newPrefix();
                yield store(
                        subject,
                        "redis://" + cluster.seeds() + "?cluster=true&prefix=" + p,
                        policy,
                        true,
                        () -> cluster.deleteUnder(p));
            }
            case TOKEN -> token(subject, "token:", false, policy);
            case TOKEN_REVOCABLE -> token(subject, tokenRevocableUri(), true, policy);
            case SPRING_MAP -> new SpringMapAdapter(policy.idleTimeout());
            case SPRING_REDIS -> {
                String p = prefix != null ? prefix : newPrefix();
                yield new SpringRedisAdapter(url, p, policy.idleTimeout(), () -> deleteUnder(p));
            }
            case RAW_CHM -> new RawChmAdapter();
            case RAW_MAPDB, RAW_MAPDB_WAL -> {
                Path d = tempDir();
                yield new RawMapdbAdapter(d.resolve("raw.db"), subject == Subject.RAW_MAPDB_WAL, () -> delete(d));
            }
            case RAW_FSYNC -> {
                Path d = tempDir();
                yield new RawFsyncAdapter(d.resolve("fsync.dat"), () -> delete(d));
            }
            case RAW_LETTUCE, RAW_LETTUCE_HASH -> {
                String p = prefix != null ? prefix : newPrefix();
                yield new RawLettuceAdapter(
                        url, p, policy.idleTimeout(), subject == Subject.RAW_LETTUCE_HASH, () -> deleteUnder(p));
            }
            case RAW_JJWT -> new RawJjwtAdapter(policy.idleTimeout());
            case RAW_HMAC -> new RawHmacAdapter(policy.idleTimeout());
            case RAW_SECURE_RANDOM -> new RawSecureRandomAdapter();
        };
    }

    private static StoreAdapter store(
            Subject subject, String uri, SessionPolicy policy, boolean revokes, Runnable cleanup) {
        SessionStore store;
        try {
            store = SessionStores.open(uri, policy);
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
        return new StoreAdapter(subject, store, revokes, true, SessionIds::generate, cleanup);
    }

    private static Adapter token(Subject subject, String uri, boolean revokes, SessionPolicy policy) {
        SessionStore store = SessionStores.open(uri, policy);
        // a well-formed token under another key: it parses, and fails the signature check
        SessionStore other = SessionStores.open("token:", policy);
        return new StoreAdapter(subject, store, revokes, revokes, () -> other.save(other.create()), other::close);
    }

    private static void nothing() {}

    /**
     * Returns the URL of the Redis every Redis subject uses: the one the run command hands its forked JVMs in
     * {@value #REDIS_PROPERTY}, else the shared fixture ({@code REDIS_URL}, else 127.0.0.1:6379, else a throwaway
     * {@code redis-server} stopped when the JVM exits).
     */
    public static String redisUrl() {
        String given = System.getProperty(REDIS_PROPERTY);
        return given != null && !given.isBlank() ? given : RedisFixture.shared().url();
    }

    /** Returns how the Redis was found, without its password. */
    public static String redisLocation() {
        String given = System.getProperty(REDIS_PROPERTY);
        if (given != null && !given.isBlank()) {
            return "given in " + REDIS_PROPERTY + ": " + RedisEndpoint.parse(given);
        }
        RedisFixture f = RedisFixture.shared();
        return switch (f.source()) {
            case ENVIRONMENT -> "REDIS_URL: " + f.endpoint();
            case LOCAL_DEFAULT -> "the local default, " + f.endpoint();
            case THROWAWAY -> "a throwaway redis-server started for the run, " + f.endpoint();
        };
    }

    /** Returns the system property to pass to forked JVMs so they use this JVM's Redis, or null when they find it. */
    public static String forkRedisProperty() {
        if (System.getProperty(REDIS_PROPERTY) != null) {
            return "-D" + REDIS_PROPERTY + "=" + System.getProperty(REDIS_PROPERTY);
        }
        RedisFixture f = RedisFixture.shared();
        // REDIS_URL reaches the forks through the environment; a password never goes on a command line
        return f.source() == RedisFixture.Source.ENVIRONMENT ? null : "-D" + REDIS_PROPERTY + "=" + f.url();
    }

    /** Returns a fresh random key prefix, such as {@code sbbench:3f9a0c1d2e4b5a6f:}. */
    public static String newPrefix() {
        byte[] b = new byte[8];
        PREFIX_RANDOM.nextBytes(b);
        return PREFIX_ROOT + HexFormat.of().formatHex(b) + ":";
    }

    /** Deletes the keys under {@code prefix} (SCAN and UNLINK, never a flush) and returns how many. */
    public static long deleteUnder(String prefix) {
        return RedisKeys.deleteUnder(RedisEndpoint.parse(redisUrl()), prefix);
    }

    /** Returns a new temporary directory. */
    public static Path tempDir() {
        try {
            return Files.createTempDirectory("sessionbench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for MapDB", e);
        }
    }

    /** Deletes a directory and everything in it. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

package dev.sessionbench.testkit.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The Redis that tests and benchmarks use, found as DESIGN.md says: {@code REDIS_URL} when set; else
 * {@code redis://127.0.0.1:6379} when something answers PING there; else a throwaway {@link RedisServer} on a free
 * loopback port, stopped by {@link #close}. It never skips and never flushes: callers take a
 * {@link #newPrefix() random prefix} and {@link #deleteUnder delete only their keys}.
 *
 * <pre>{@code
 * RedisFixture redis = RedisFixture.shared();          // once per JVM, stopped at exit
 * String prefix = redis.newPrefix();
 * try { ... open a store on redis.url() with prefix ... } finally { redis.deleteUnder(prefix); }
 * }</pre>
 */
public final class RedisFixture implements AutoCloseable {

    /** The environment variable naming the Redis to use. */
    public static final String ENV = "REDIS_URL";
    /** Where a developer's Redis usually listens. */
    public static final RedisEndpoint LOCAL_DEFAULT = RedisEndpoint.loopback(RedisEndpoint.DEFAULT_PORT);
    /** How long the probe of {@link #LOCAL_DEFAULT} waits: short, as it is on loopback. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);

    /** Where the fixture found its Redis. */
    public enum Source {
        /** The {@code REDIS_URL} environment variable. */
        ENVIRONMENT,
        /** A server that answered PING on 127.0.0.1:6379. */
        LOCAL_DEFAULT,
        /** A throwaway {@code redis-server} that this fixture started. */
        THROWAWAY
    }

    private static RedisFixture shared;

    private final RedisEndpoint endpoint;
    private final Source source;
    private final RedisServer owned;

    private RedisFixture(RedisEndpoint endpoint, Source source, RedisServer owned) {
        this.endpoint = endpoint;
        this.source = source;
        this.owned = owned;
    }

    /**
     * Returns the fixture of this JVM, found on the first call; a throwaway server it started is stopped when the
     * JVM exits. Throws {@link IllegalStateException} when {@code REDIS_URL} is set but does not answer, or when no
     * Redis is found and none can be started: never a silent skip.
     */
    public static synchronized RedisFixture shared() {
        if (shared == null) {
            RedisFixture found = find();
            if (found.owned != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(found::close, "sessionbench-redis-stop"));
            }
            shared = found;
        }
        return shared;
    }

    /** Returns a new fixture found from the process environment; the caller closes it. */
    public static RedisFixture find() {
        return find(System.getenv());
    }

    /** Returns a new fixture found from {@code env} (for tests of the search order); the caller closes it. */
    public static RedisFixture find(Map<String, String> env) {
        return find(env, LOCAL_DEFAULT);
    }

    /**
     * Returns a new fixture found from {@code env}, probing {@code localDefault} instead of 127.0.0.1:6379 (so a
     * test can take the throwaway path on a machine that runs Redis); the caller closes it.
     */
    public static RedisFixture find(Map<String, String> env, RedisEndpoint localDefault) {
        Objects.requireNonNull(env, "env must not be null");
        Objects.requireNonNull(localDefault, "localDefault must not be null");
        String url = env.get(ENV);
        if (url != null && !url.isBlank()) {
            RedisEndpoint endpoint = RedisEndpoint.parse(url);
            if (!RespConnection.answersPing(endpoint, RespConnection.DEFAULT_TIMEOUT)) {
                throw new IllegalStateException(ENV + " is set to " + endpoint + " but nothing there answers PING");
            }
            return new RedisFixture(endpoint, Source.ENVIRONMENT, null);
        }
        if (RespConnection.answersPing(localDefault, PROBE_TIMEOUT)) {
            return new RedisFixture(localDefault, Source.LOCAL_DEFAULT, null);
        }
        return throwaway();
    }

    /** Returns a fixture on a throwaway server of its own, whatever else runs; {@link #close} stops it. */
    public static RedisFixture throwaway() {
        RedisServer server = RedisServer.start();
        return new RedisFixture(server.endpoint(), Source.THROWAWAY, server);
    }

    /** Returns the endpoint. */
    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Returns the URL to connect to, password included: {@code redis://[user:password@]host:port/db}. */
    public String url() {
        return endpoint.url();
    }

    /** Returns where this Redis was found. */
    public Source source() {
        return source;
    }

    /** Returns a fresh random key prefix, such as {@code sbtest:3f9a0c1d2e4b5a6f:}. */
    public String newPrefix() {
        return RedisKeys.randomPrefix();
    }

    /** Deletes only the keys under {@code prefix} and returns how many. */
    public long deleteUnder(String prefix) {
        return RedisKeys.deleteUnder(endpoint, prefix);
    }

    /** Returns how many keys are under {@code prefix}. */
    public long countUnder(String prefix) {
        return RedisKeys.countUnder(endpoint, prefix);
    }

    /** Returns a new plain connection to this Redis, for a test's back door; the caller closes it. */
    public RespConnection connect() {
        return RespConnection.open(endpoint, RespConnection.DEFAULT_TIMEOUT);
    }

    /** Stops the throwaway server, if this fixture started one; a Redis found elsewhere is left alone. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "Redis " + endpoint + " (" + source + ")";
    }
}

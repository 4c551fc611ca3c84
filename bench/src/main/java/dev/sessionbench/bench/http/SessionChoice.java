package dev.sessionbench.bench.http;

import dev.sessionbench.bench.report.RequestCostSummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the application of the {@code request-cost} command keeps its sessions, as the properties it is started
 * with: nothing (the endpoint without a session), this project's stores through the Spring Session integration, or
 * Spring Session's own {@code RedisSessionRepository} as Spring Boot configures it.
 */
public enum SessionChoice {
    /** {@code GET /plain}, with Spring Session switched off: what the request costs without any session. */
    NONE(RequestCostSummary.NO_SESSION, "/plain"),
    /** {@code memory:} through {@code sessionbench.session.store-uri}. */
    MEMORY("memory", "/counter"),
    /** {@code mapdb:} in a temporary folder, crash-safe (its default durability: a journal fsync per save). */
    MAPDB("mapdb", "/counter"),
    /** {@code redis://...?prefix=<random>} on the suite's Redis. */
    REDIS("redis", "/counter"),
    /** Spring Boot's Redis session configuration: {@code RedisSessionRepository}, JDK serialization, same Redis. */
    SPRING_REDIS("spring-redis", "/counter");

    private static final String AUTO = "org.springframework.boot.autoconfigure.";
    /** Boot's Redis client configuration: only the Spring Session Redis choice needs it. */
    static final String REDIS_AUTO = AUTO + "data.redis.RedisAutoConfiguration";

    static final String REDIS_REPOSITORIES_AUTO = AUTO + "data.redis.RedisRepositoriesAutoConfiguration";
    static final String SESSION_AUTO = AUTO + "session.SessionAutoConfiguration";

    private final String label;
    private final String path;

    SessionChoice(String label, String path) {
        this.label = label;
        this.path = path;
    }

    /** Returns the name used on the command line and in the results. */
    public String label() {
        return label;
    }

    /** Returns the path the load generator requests. */
    public String path() {
        return path;
    }

    /** Returns whether requests carry a session cookie. */
    public boolean hasSession() {
        return this != NONE;
    }

    /** Returns whether the choice needs Redis. */
    public boolean needsRedis() {
        return this == REDIS || this == SPRING_REDIS;
    }

    /** Returns the choice labelled {@code label}. */
    public static SessionChoice of(String label) {
        for (SessionChoice c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown store '" + label + "'; known: " + labels());
    }

    /** Returns every label, comma-separated, in order. */
    public static String labels() {
        return Arrays.stream(values()).map(SessionChoice::label).collect(Collectors.joining(","));
    }

    /**
     * Returns the application properties of this choice (besides the port and the server settings):
     * {@code storeUri} for this project's stores; {@code redisUrl} and {@code prefix} for Spring Session's Redis.
     */
    Map<String, String> properties(String storeUri, String redisUrl, String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (this) {
            case NONE ->
                p.put(
                        "spring.autoconfigure.exclude",
                        String.join(",", List.of(SESSION_AUTO, REDIS_AUTO, REDIS_REPOSITORIES_AUTO)));
            case MEMORY, MAPDB, REDIS -> {
                p.put("sessionbench.session.store-uri", storeUri);
                p.put("spring.autoconfigure.exclude", String.join(",", List.of(REDIS_AUTO, REDIS_REPOSITORIES_AUTO)));
            }
            case SPRING_REDIS -> {
                p.put("spring.data.redis.url", redisUrl);
                p.put("spring.session.redis.repository-type", "default");
                // keys become <prefix>sessions:<id>, all under the run's own prefix
                p.put("spring.session.redis.namespace", prefix.substring(0, prefix.length() - 1));
                p.put("spring.autoconfigure.exclude", REDIS_REPOSITORIES_AUTO);
            }
            default -> throw new AssertionError(this);
        }
        return p;
    }
}

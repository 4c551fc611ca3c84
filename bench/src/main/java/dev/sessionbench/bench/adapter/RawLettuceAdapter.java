package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;

/**
 * The raw limit of the Redis stores: one Lettuce synchronous command per operation on one shared connection, on a
 * value of the session's size. {@code raw-lettuce} keeps the session as one string (GET, SET with PX);
 * {@code raw-lettuce-hash} as a hash (HGETALL; HSET, without a TTL). Keys live under the run's prefix, deleted on
 * close.
 */
final class RawLettuceAdapter extends RawKeyValueAdapter {

    private final boolean hash;
    private final String prefix;
    private final SetArgs ttl;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final Runnable cleanup;

    RawLettuceAdapter(String redisUrl, String prefix, Duration idleTimeout, boolean hash, Runnable cleanup) {
        super(hash ? Subject.RAW_LETTUCE_HASH : Subject.RAW_LETTUCE);
        this.hash = hash;
        this.prefix = prefix;
        this.ttl = SetArgs.Builder.px(idleTimeout.toMillis());
        this.cleanup = cleanup;
        client = RedisClient.create(redisUrl);
        connection = client.connect();
        redis = connection.sync();
    }

    @Override
    public String seed(Map<String, String> attributes) {
        String key = newKey();
        write(key, attributes);
        return key;
    }

    private void write(String key, Map<String, String> attributes) {
        if (hash) {
            redis.hset(key, attributes);
        } else {
            redis.set(key, RawValues.encode(attributes), ttl);
        }
    }

    /** Returns a new random key under the run's prefix. */
    @Override
    String newKey() {
        return prefix + RawValues.key();
    }

    @Override
    public Object lookup(String value) {
        if (hash) {
            Map<String, String> m = redis.hgetall(value);
            return m.isEmpty() ? null : m;
        }
        return redis.get(value);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        if (hash) {
            if (redis.hgetall(value).isEmpty()) {
                return null;
            }
            redis.hset(value, name, newValue);
            return value;
        }
        String v = redis.get(value);
        if (v == null) {
            return null;
        }
        redis.set(value, v, ttl);
        return value;
    }

    @Override
    public String changeId(String value) {
        String key = newKey();
        // RENAME fails for a missing key: that is the "not found" answer
        try {
            redis.rename(value, key);
            return key;
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return null;
        }
    }

    @Override
    public boolean invalidate(String value) {
        return redis.unlink(value) > 0;
    }

    @Override
    public void close() {
        try {
            connection.close();
            client.shutdown();
        } finally {
            cleanup.run();
        }
    }
}

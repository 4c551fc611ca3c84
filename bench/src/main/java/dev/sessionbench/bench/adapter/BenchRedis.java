package dev.sessionbench.bench.adapter;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.util.HexFormat;

/** TEMPORARY until the testkit's Redis fixture lands on main: REDIS_URL, else 127.0.0.1:6379. */
final class BenchRedis {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchRedis() {
    }

    static String url() {
        String env = System.getenv("REDIS_URL");
        return env != null && !env.isBlank() ? env : "redis://127.0.0.1:6379/0";
    }

    static String where() {
        return System.getenv("REDIS_URL") != null ? "REDIS_URL" : "local 127.0.0.1:6379";
    }

    static String newPrefix() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "sbbench:" + HexFormat.of().formatHex(b) + ":";
    }

    static long deleteUnder(String prefix) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(1000);
            ScanCursor cursor = ScanCursor.INITIAL;
            long n = 0;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, args);
                if (!page.getKeys().isEmpty()) {
                    n += redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return n;
        } finally {
            client.shutdown();
        }
    }
}

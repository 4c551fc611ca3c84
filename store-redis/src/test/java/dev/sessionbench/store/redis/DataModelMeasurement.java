package dev.sessionbench.store.redis;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: the measurement behind the data model, a hash per session (this store) against one JSON string per
 * session merged by a Lua script (cjson), both one atomic round trip per operation, on the Redis the fixture finds.
 * A rough single-thread loop on loopback, not JMH: it compares the two models, it does not publish numbers.
 *
 * <pre>
 * ./mvnw -q -pl store-redis -am test-compile
 * ./mvnw -q -pl store-redis exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.sessionbench.store.redis.DataModelMeasurement
 * </pre>
 */
public final class DataModelMeasurement {

    private static final int WARMUP = 5_000;
    private static final int OPS = 10_000;
    private static final int ROUNDS = 3;

    private static final String BLOB_PUT = """
            local t = {}
            for i = 2, #ARGV, 2 do t[ARGV[i]] = ARGV[i + 1] end
            redis.call('SET', KEYS[1], cjson.encode(t), 'PX', ARGV[1])
            return 1
            """;
    private static final String BLOB_FIND = """
            local v = redis.call('GET', KEYS[1])
            if not v then return nil end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            local out = {}
            for k, x in pairs(cjson.decode(v)) do out[#out + 1] = k; out[#out + 1] = x end
            return out
            """;
    private static final String BLOB_DELTA = """
            local v = redis.call('GET', KEYS[1])
            if not v then return 0 end
            local t = cjson.decode(v)
            for i = 2, #ARGV, 2 do t[ARGV[i]] = ARGV[i + 1] end
            redis.call('SET', KEYS[1], cjson.encode(t), 'PX', ARGV[1])
            return 1
            """;

    private DataModelMeasurement() {
    }

    public static void main(String[] args) {
        RedisFixture redis = RedisFixture.shared();
        String prefix = redis.newPrefix();
        System.out.println("Redis " + redis + "; " + OPS + " operations each, one thread, best of " + ROUNDS
                + " rounds, microseconds per operation");
        System.out.println("session shape                        | model | find  | delta save (1 small attribute)");
        try {
            for (int[] shape : new int[][] {{10, 50}, {50, 100}, {10, 4_000}}) {
                int attributes = shape[0];
                int valueBytes = shape[1];
                String label = String.format("%3d attributes x %5d bytes         ", attributes, valueBytes);
                double[] hash = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] blob = {Double.MAX_VALUE, Double.MAX_VALUE};
                // alternate the models and keep the best of three rounds: the machine is shared and noisy
                for (int round = 0; round < ROUNDS; round++) {
                    hash = best(hash, measureHash(redis.url(), prefix + "hash:", attributes, valueBytes));
                    blob = best(blob, measureBlob(redis.url(), prefix + "blob:", attributes, valueBytes));
                }
                System.out.printf("%s| hash  | %5.1f | %5.1f%n", label, hash[0], hash[1]);
                System.out.printf("%s| json  | %5.1f | %5.1f%n", label, blob[0], blob[1]);
            }
        } finally {
            System.out.println("deleted " + redis.deleteUnder(prefix) + " keys");
            redis.close();
        }
    }

    private static double[] measureHash(String url, String prefix, int attributes, int valueBytes) {
        try (RedisSessionStore store = RedisSessionStore.builder().server(RedisURI.create(url)).keyPrefix(prefix)
                .policy(SessionPolicy.defaults()).build()) {
            Session s = store.create();
            for (int i = 0; i < attributes; i++) {
                s.setAttribute("attribute" + i, "v".repeat(valueBytes));
            }
            String id = store.save(s);
            double find = time(() -> store.find(id).orElseThrow());
            Session live = store.find(id).orElseThrow();
            int[] n = {0};
            double delta = time(() -> store.save(live.setAttribute("counter", Integer.toString(n[0]++))));
            return new double[] {find, delta};
        }
    }

    private static double[] measureBlob(String url, String prefix, int attributes, int valueBytes) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            String put = r.scriptLoad(BLOB_PUT);
            String find = r.scriptLoad(BLOB_FIND);
            String delta = r.scriptLoad(BLOB_DELTA);
            String key = prefix + "{x}";
            List<String> argv = new ArrayList<>(List.of("1800000"));
            for (int i = 0; i < attributes; i++) {
                argv.add("attribute" + i);
                argv.add("v".repeat(valueBytes));
            }
            r.evalsha(put, ScriptOutputType.INTEGER, new String[] {key}, argv.toArray(String[]::new));
            double f = time(() -> r.evalsha(find, ScriptOutputType.MULTI, new String[] {key}, "1800000"));
            int[] n = {0};
            double d = time(() -> r.evalsha(delta, ScriptOutputType.INTEGER, new String[] {key}, "1800000", "counter",
                    Integer.toString(n[0]++)));
            return new double[] {f, d};
        } finally {
            client.shutdown();
        }
    }

    private static double[] best(double[] a, double[] b) {
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])};
    }

    /** Returns the mean microseconds per call after a warm-up. */
    private static double time(Runnable op) {
        for (int i = 0; i < WARMUP; i++) {
            op.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            op.run();
        }
        return (System.nanoTime() - start) / 1_000.0 / OPS;
    }
}

package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the store does when Redis fails, against a throwaway redis-server that each test stops, kills, pauses or
 * restarts on the same port. Real time is the point here; the measured times are printed to the test output.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisFaultIT {

    /** Slack over the command timeout for scheduling on a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(500);

    private RedisServer server;
    private RedisSessionStore store;

    @BeforeEach
    void startServer() {
        server = RedisServer.start();
    }

    @AfterEach
    void stopEverything() {
        if (store != null) {
            store.close();
        }
        server.close();
    }

    private RedisSessionStore open(RedisSessionStore.Builder b) {
        store = b.server(RedisURI.create(server.url())).keyPrefix("fault:").build();
        return store;
    }

    @Test
    void defaultCommandTimeoutIsOneSecondAtMost() {
        assertThat(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(RedisSessionStoreProvider.configure(dev.sessionbench.core.spi.StoreUri.parse("redis://h"))
                .commandTimeout()).isEqualTo(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT);
    }

    @Test
    void stoppedRedisGivesSessionStoreExceptionWithinTheCommandTimeout() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        Session found = store.find(value).orElseThrow();
        server.stop();
        List<Callable<?>> operations = List.of(
                () -> store.find(value),
                () -> store.save(found.setAttribute("c", "d")),
                () -> store.save(store.create().setAttribute("e", "f")),
                () -> store.changeId(found),
                () -> {
                    store.invalidate(found);
                    return null;
                });
        for (Callable<?> op : operations) {
            long millis = millisToFailure(op);
            System.out.println("stopped Redis: SessionStoreException after " + millis + " ms");
            assertThat(Duration.ofMillis(millis)).isLessThan(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void killedRedisGivesSessionStoreExceptionWithinTheCommandTimeout() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        server.kill();
        long millis = millisToFailure(() -> store.find(value));
        System.out.println("killed Redis (SIGKILL): SessionStoreException after " + millis + " ms");
        assertThat(Duration.ofMillis(millis)).isLessThan(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.plus(SLACK));
    }

    @Test
    void unresponsiveRedisTimesOutAtTheCommandTimeout() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        pauseClients(Duration.ofMillis(2500));
        long millis = millisToFailure(() -> store.find(value));
        System.out.println("paused Redis (CLIENT PAUSE): SessionStoreException after " + millis + " ms");
        assertThat(Duration.ofMillis(millis))
                .isGreaterThanOrEqualTo(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.minusMillis(50))
                .isLessThan(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.plus(SLACK));
    }

    @Test
    void commandsAreRejectedAtOnceWhileDisconnectedNotBuffered() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        server.stop();
        millisToFailure(() -> store.find(value)); // the first one notices the disconnection
        long worst = 0;
        for (int i = 0; i < 200; i++) {
            worst = Math.max(worst, millisToFailure(() -> store.find(value)));
        }
        System.out.println("disconnected: 200 finds rejected, slowest after " + worst + " ms");
        assertThat(worst).as("slowest rejection in ms").isLessThan(200);
    }

    @Test
    void requestQueueIsBoundedWhileRedisStalls() throws Exception {
        open(RedisSessionStore.builder().requestQueueSize(4));
        String value = store.save(store.create().setAttribute("a", "b"));
        pauseClients(Duration.ofMillis(2000));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> millisToFailure(() -> store.find(value))));
            }
            long fast = 0;
            for (Future<Long> f : results) {
                if (f.get(10, TimeUnit.SECONDS) < 500) {
                    fast++;
                }
            }
            System.out.println("stalled Redis, queue of 4, 16 concurrent finds: " + fast
                    + " refused at once, the rest timed out");
            assertThat(fast).as("finds refused at once because the queue was full").isGreaterThanOrEqualTo(threads - 4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameStoreRecoversByItselfAfterRestartAndTheLostSessionsAreGoneNotErrors() throws Exception {
        open(RedisSessionStore.builder());
        String before = store.save(store.create().setAttribute("a", "b"));
        server.stop();
        assertThatThrownBy(() -> store.find(before)).isInstanceOf(SessionStoreException.class);
        server.restart();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(10);
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            try {
                assertThat(store.find(before)).as("a session lost with the restart").isEmpty();
                recovered = true;
            } catch (SessionStoreException e) {
                Thread.sleep(20);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("restarted Redis on the same port: the same store answered again after " + millis + " ms");
        assertThat(recovered).as("store recovered within 10 s").isTrue();
        // the restarted server has an empty script cache: EVALSHA falls back to EVAL
        String after = store.save(store.create().setAttribute("x", "y"));
        assertThat(store.find(after).orElseThrow().attribute("x")).contains("y");
    }

    @Test
    void openingWhileRedisIsDownFailsWithSessionStoreException() {
        server.stop();
        long start = System.nanoTime();
        assertThatThrownBy(() -> SessionStores.open(server.url(), SessionPolicy.defaults()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("open with Redis down: SessionStoreException after " + millis + " ms");
        assertThat(Duration.ofMillis(millis))
                .isLessThan(RedisSessionStore.DEFAULT_CONNECT_TIMEOUT.plus(Duration.ofSeconds(2)));
    }

    @Test
    void failureMessagesNameTheFingerprintNeverTheId() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        server.stop();
        assertThatThrownBy(() -> store.find(value))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(SessionIds.fingerprint(value))
                .hasMessageNotContaining(value);
    }

    private void pauseClients(Duration d) {
        try (RespConnection c = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            c.call("CLIENT", "PAUSE", Long.toString(d.toMillis()), "ALL");
        }
    }

    /** Returns the milliseconds until the operation threw a SessionStoreException; fails when it did not. */
    private static long millisToFailure(Callable<?> op) {
        long start = System.nanoTime();
        assertThatThrownBy(op::call).isInstanceOf(SessionStoreException.class);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}

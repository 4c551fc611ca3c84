package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.fixtures.net.TcpProxy;
import dev.sessionbench.fixtures.redis.RedisServer;
import dev.sessionbench.fixtures.redis.RespConnection;
import io.lettuce.core.RedisURI;
import java.net.InetSocketAddress;
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
                        .commandTimeout())
                .isEqualTo(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT);
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
        eachFailsWithinTheTimeout("stopped Redis", operations);
    }

    @Test
    void killedRedisGivesSessionStoreExceptionWithinTheCommandTimeout() {
        open(RedisSessionStore.builder());
        String value = store.save(store.create().setAttribute("a", "b"));
        server.kill();
        eachFailsWithinTheTimeout("killed Redis (SIGKILL)", List.of(() -> store.find(value)));
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
            System.out.println(
                    "stalled Redis, queue of 4, 16 concurrent finds: " + fast + " refused at once, the rest timed out");
            assertThat(fast)
                    .as("finds refused at once because the queue was full")
                    .isGreaterThanOrEqualTo(threads - 4);
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
                assertThat(store.find(before))
                        .as("a session lost with the restart")
                        .isEmpty();
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

    // ---- faults during a logout: nothing sent during the fault undoes a later logout ---------------------------

    /** Time after a fault for anything Lettuce could still send or replay: reconnection backoff and a timeout. */
    private static final Duration SETTLE = RedisSessionStore.DEFAULT_MAX_RECONNECT_DELAY
            .plus(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT)
            .plusMillis(500);

    private RedisSessionStore second;
    private TcpProxy proxy;

    @AfterEach
    void closeSecondStoreAndProxy() {
        if (second != null) {
            second.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Opens {@code store} through a new {@code proxy} in front of the server, which forwards at once. */
    private void openThroughProxy() {
        proxy = TcpProxy.start(new InetSocketAddress("127.0.0.1", server.port()), Duration.ZERO);
        store = RedisSessionStore.builder()
                .server(RedisURI.create("redis://127.0.0.1:" + proxy.port()))
                .keyPrefix("fault:")
                .build();
    }

    /** A login's cookie value and the copy of its session that {@code store} read. */
    private record LoginSeen(String value, Session copy) {}

    /** Opens {@code store} and {@code second} straight to the server; returns a login saved and read by {@code store}. */
    private LoginSeen loginSeenByBothStores() {
        open(RedisSessionStore.builder());
        openSecond();
        String value = store.save(store.create().setAttribute("user", "alice"));
        return new LoginSeen(value, store.find(value).orElseThrow());
    }

    /**
     * Returns a login saved by {@code second} (straight to the server) and read by {@code store} (through the proxy),
     * after which the proxy is paused: it holds back whatever {@code store} sends until it resumes.
     */
    private LoginSeen loginSeenThroughThePausedProxy() {
        openThroughProxy();
        openSecond();
        String value = second.save(second.create().setAttribute("user", "alice"));
        Session copy = store.find(value).orElseThrow();
        proxy.pause();
        return new LoginSeen(value, copy);
    }

    private RedisSessionStore openSecond() {
        second = RedisSessionStore.builder()
                .server(RedisURI.create(server.url()))
                .keyPrefix("fault:")
                .build();
        return second;
    }

    /** Returns the redis-server's process ID, as it reports it. */
    private long serverPid() {
        try (RespConnection c = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            for (String line : c.callString("INFO", "server").split("\r?\n")) {
                if (line.startsWith("process_id:")) {
                    return Long.parseLong(line.substring("process_id:".length()).trim());
                }
            }
        }
        throw new IllegalStateException("INFO server names no process_id");
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS))
                .as("kill -%s finished", signal)
                .isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
    }

    private boolean keyExists(String id) {
        try (RespConnection c = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            return c.callLong("EXISTS", store.key(id)) == 1;
        }
    }

    /** Runs each call, which must fail with SessionStoreException within the command timeout; prints the times. */
    private static void eachFailsWithinTheTimeout(String fault, List<Callable<?>> calls) {
        long worst = 0;
        List<Long> times = new ArrayList<>();
        for (Callable<?> call : calls) {
            long millis = millisToFailure(call);
            times.add(millis);
            worst = Math.max(worst, millis);
        }
        System.out.println(
                fault + ": " + calls.size() + " calls failed with SessionStoreException after " + times + " ms");
        assertThat(Duration.ofMillis(worst))
                .as(fault + ": slowest failure")
                .isLessThan(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.plus(SLACK));
    }

    /** The calls a slow request on a stale copy makes during the fault: find, save, rotation and a new login. */
    private List<Callable<?>> staleCalls(String value, Session copy) {
        return List.of(
                () -> store.find(value),
                () -> store.save(copy.setAttribute("cart", "during the fault")),
                () -> store.changeId(copy),
                () -> store.save(store.create().setAttribute("user", "new")));
    }

    private void assertLoggedOutForGood(String value, String id) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(keyExists(id)).as("the session's key after the logout").isFalse();
            Thread.sleep(50);
        }
        assertThat(second.find(value)).isEmpty();
        assertThat(eventually(() -> store.find(value)))
                .as("on the store that saw the fault")
                .isEmpty();
        assertThat(keyExists(id)).isFalse();
    }

    /** Returns the call's result once the store answers again (it reconnects by itself); fails after 10 s. */
    private static <T> T eventually(Callable<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return call.call();
            } catch (SessionStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void sigstopOfRedisFailsEveryCallInTimeAndNothingSentMeanwhileUndoesTheLogoutAfterSigcont() throws Exception {
        LoginSeen login = loginSeenByBothStores();
        Session beforeLogout = second.find(login.value()).orElseThrow();
        long pid = serverPid();
        signal(pid, "STOP");
        try {
            List<Callable<?>> calls = new ArrayList<>(staleCalls(login.value(), login.copy()));
            calls.add(() -> {
                second.invalidate(beforeLogout); // a logout during the fault fails too, and says so
                return null;
            });
            eachFailsWithinTheTimeout("SIGSTOP", calls);
        } finally {
            signal(pid, "CONT");
        }
        // the logout after the fault, on the other server: the commands Redis still held run before or after it
        eventually(() -> {
            second.invalidate(beforeLogout);
            return null;
        });
        store.save(login.copy().setAttribute("cart", "after the logout"));
        assertLoggedOutForGood(login.value(), login.copy().id());
    }

    @Test
    void killAndRestartOnTheSamePortFailsEveryCallInTimeAndNothingReplayedUndoesALaterLogout() throws Exception {
        LoginSeen login = loginSeenByBothStores();
        server.kill();
        eachFailsWithinTheTimeout("kill -9", staleCalls(login.value(), login.copy()));
        server.restart();
        // a login on the restarted server (it lost everything), then a logout while the first store reconnects
        String afterRestart = eventually(() -> second.save(second.create().setAttribute("user", "alice")));
        Session stale = eventually(() -> store.find(afterRestart).orElseThrow());
        second.invalidate(second.find(afterRestart).orElseThrow());
        store.save(stale.setAttribute("cart", "after the logout"));
        assertThatThrownBy(() -> store.changeId(stale)).isInstanceOf(StaleSessionException.class);
        assertLoggedOutForGood(afterRestart, stale.id());
        assertThat(store.find(login.value())).as("lost with the restart").isEmpty();
    }

    @Test
    void partitionDuringALogoutFailsEveryCallInTimeAndWhatWasHeldBackUndoesNothing() throws Exception {
        LoginSeen login = loginSeenThroughThePausedProxy();
        List<Callable<?>> calls = new ArrayList<>(staleCalls(login.value(), login.copy()));
        calls.add(() -> {
            store.invalidate(login.copy());
            return null;
        });
        eachFailsWithinTheTimeout("partition", calls);
        // the logout, on the other side of the partition, while what the first store sent is held back
        second.invalidate(second.find(login.value()).orElseThrow());
        proxy.resume(); // the held-back find, save and rotation now reach Redis, after the logout
        assertLoggedOutForGood(login.value(), login.copy().id());
    }

    @Test
    void aCommandInFlightWhenThePartitionCutsTheConnectionFailsAndIsNotReplayedAfterTheReconnect() throws Exception {
        LoginSeen login = loginSeenThroughThePausedProxy();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> slowSave = pool.submit(
                    () -> millisToFailure(() -> store.save(login.copy().setAttribute("cart", "in flight"))));
            Thread.sleep(200); // the save is written and waits for its answer
            second.invalidate(second.find(login.value()).orElseThrow());
            proxy.cutConnections(); // the held bytes are lost; Lettuce reconnects at once
            proxy.resume();
            long millis = slowSave.get(10, TimeUnit.SECONDS);
            System.out.println(
                    "connection cut under a command in flight: SessionStoreException after " + millis + " ms");
            assertThat(Duration.ofMillis(millis)).isLessThan(RedisSessionStore.DEFAULT_COMMAND_TIMEOUT.plus(SLACK));
        } finally {
            pool.shutdownNow();
        }
        assertLoggedOutForGood(login.value(), login.copy().id());
    }

    private void pauseClients(Duration d) {
        try (RespConnection c = RespConnection.open(server.endpoint(), RespConnection.DEFAULT_TIMEOUT)) {
            c.call("CLIENT", "PAUSE", Long.toString(d.toMillis()), "ALL");
        }
    }

    /** Returns the milliseconds until the operation threw a SessionStoreException; fails when it did not. */
    private static long millisToFailure(Callable<?> op) {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            op.call();
        } catch (Throwable t) {
            thrown = t;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // checked after the clock stopped: the first assertion of a JVM loads classes for hundreds of ms
        assertThat(thrown).as("what the call threw").isInstanceOf(SessionStoreException.class);
        return millis;
    }
}

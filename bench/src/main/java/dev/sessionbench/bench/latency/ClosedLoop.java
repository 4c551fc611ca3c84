package dev.sessionbench.bench.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The most a subject does per second: {@code threads} threads call their request back to back (a closed loop, as
 * JMH does) for a warm-up, then for the measured time. The open-loop runs take their offered loads as fractions
 * of this figure.
 */
public final class ClosedLoop {

    private ClosedLoop() {}

    /** Returns the requests per second completed by {@code threads} threads over {@code measure}, after a warm-up. */
    public static double maxRate(Supplier<Request> requests, int threads, Duration warmup, Duration measure) {
        Objects.requireNonNull(requests, "requests must not be null");
        if (threads < 1 || threads > OpenLoop.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1 to " + OpenLoop.MAX_THREADS + ", was " + threads);
        }
        if (warmup.isNegative()
                || measure.isZero()
                || measure.isNegative()
                || warmup.plus(measure).compareTo(OpenLoop.MAX_PHASE) > 0) {
            throw new IllegalArgumentException("warmup must be 0 or more and measure above 0, together at most "
                    + OpenLoop.MAX_PHASE + "; were " + warmup + " and " + measure);
        }
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sessionbench-closed-loop");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                counts.add(pool.submit(() -> {
                    Request request = requests.get();
                    long done = 0;
                    try {
                        long now;
                        while ((now = System.nanoTime()) < measureTo && !failed.get()) {
                            request.call();
                            if (now >= measureFrom) {
                                done++;
                            }
                        }
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        request.finish();
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total * 1e9 / measure.toNanos();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the maximum rate", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a request failed while measuring the maximum rate: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

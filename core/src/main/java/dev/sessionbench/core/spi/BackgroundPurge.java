package dev.sessionbench.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A store's background purge: one daemon thread that calls the store's purge at a fixed delay, logs what it
 * removed at DEBUG and a failure at WARNING, and never lets a failure end the schedule. A zero interval runs nothing.
 */
public final class BackgroundPurge implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BackgroundPurge.class.getName());

    private final ScheduledExecutorService executor;

    private BackgroundPurge(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Returns the interval when it is zero (off) or at least 1 ms; throws {@link IllegalArgumentException} naming
     * the option {@code purgeInterval} otherwise.
     */
    public static Duration checkInterval(Duration interval) {
        Objects.requireNonNull(interval, "purgeInterval must not be null");
        if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
            throw new IllegalArgumentException("purgeInterval must be zero (off) or at least 1 ms, was " + interval);
        }
        return interval;
    }

    /**
     * Returns a running purge of {@code what} (for its thread's name and its log lines, e.g. "memory store") that
     * calls {@code purge} every {@code interval} while {@code state} is open; nothing runs for a zero interval.
     */
    public static BackgroundPurge start(String what, Duration interval, StoreState state, LongSupplier purge) {
        Objects.requireNonNull(purge, "purge must not be null");
        if (checkInterval(interval).isZero()) {
            return new BackgroundPurge(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessionbench-purge: " + what);
            t.setDaemon(true);
            return t;
        });
        long every = interval.toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (!state.isClosed()) {
                            long removed = purge.getAsLong();
                            LOG.log(
                                    System.Logger.Level.DEBUG,
                                    "background purge of the {0} removed {1}",
                                    what,
                                    removed);
                        }
                    } catch (RuntimeException e) {
                        if (!state.isClosed()) {
                            LOG.log(System.Logger.Level.WARNING, "background purge of the " + what + " failed", e);
                        }
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return new BackgroundPurge(executor);
    }

    /** Returns true while a purge is scheduled. */
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /** Stops the purge; idempotent. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

package dev.sessionbench.bench.latency;

import java.util.concurrent.locks.LockSupport;

/** The time source of the latency harness, so that a test can run a schedule on a clock it moves itself. */
public interface Ticker {

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) {
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    };

    /** Returns the current time in nanoseconds, from an arbitrary origin. */
    long nanoTime();

    /** Returns at or after {@code deadline} (a {@link #nanoTime()} value); at once when it has passed. */
    void sleepUntil(long deadline);
}

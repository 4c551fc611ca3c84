package dev.sessionbench.core.spi;

import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionListener;
import dev.sessionbench.core.SessionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store's delivery of session events to the policy's listeners: a bounded queue and one daemon thread, so that a
 * request only ever queues an event and never waits for a listener. Events are delivered one at a time, in the
 * order they were queued, to each listener in the policy's order. When the queue is full the new event is dropped:
 * {@link #dropped} counts it and a warning is logged (the first drop, then every {@value #WARN_EVERY}th). With no
 * listener nothing is queued and no thread is started. Thread-safe.
 */
public final class SessionEvents implements AutoCloseable {

    /** Default bound on events waiting for delivery. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Default time {@link #close} waits for the queued events to be delivered. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** Drops between two warnings, so that an overloaded listener does not also flood the log. */
    static final long WARN_EVERY = 1000;

    private static final System.Logger LOG = System.getLogger(SessionEvents.class.getName());
    private static final long POLL_MILLIS = 50;

    private final String storeName;
    private final List<SessionListener> listeners;
    private final BlockingQueue<SessionEvent> queue;
    private final Duration drainTimeout;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean closed;

    /** Returns the events of a store named {@code storeName} (for the thread and log lines) under {@code policy}. */
    public static SessionEvents of(String storeName, SessionPolicy policy) {
        return new SessionEvents(storeName, policy.listeners(), DEFAULT_QUEUE_CAPACITY, DEFAULT_DRAIN_TIMEOUT);
    }

    /** {@code capacity} events may wait (1 to 1,000,000); {@link #close} waits up to {@code drainTimeout}. */
    public SessionEvents(String storeName, List<SessionListener> listeners, int capacity, Duration drainTimeout) {
        this.storeName = Objects.requireNonNull(storeName, "storeName must not be null");
        this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners must not be null"));
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("event queue capacity must be from 1 to 1000000, was " + capacity);
        }
        this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        if (this.listeners.isEmpty()) {
            this.queue = null;
            this.thread = null;
        } else {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this::deliverLoop, "sessionbench-events " + storeName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Returns true when some listener hears events: a store may skip building events when there is none. */
    public boolean enabled() {
        return queue != null;
    }

    /** Queues the event for delivery and returns at once; drops it (counted, logged) when the queue is full. */
    public void publish(SessionEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        if (queue == null) {
            return;
        }
        if (closed || !queue.offer(event)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % WARN_EVERY == 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the " + storeName + " dropped a session event ("
                                + event.getClass().getSimpleName() + "; " + n + " dropped so far): "
                                + (closed
                                        ? "the store is closed"
                                        : "its listeners are slower than its sessions; "
                                                + "the queue holds its maximum of "
                                                + (queue.size() + queue.remainingCapacity()) + " events"));
            }
        }
    }

    /** Returns how many events were dropped because the queue was full or the store closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Returns how many events were handed to every listener. */
    public long delivered() {
        return delivered.get();
    }

    /** Stops taking events, delivers the queued ones for up to the drain timeout, then stops the thread. Idempotent. */
    @Override
    public void close() {
        if (thread == null || closed) {
            closed = true;
            return;
        }
        closed = true;
        try {
            thread.join(Math.max(1, drainTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.log(
                    System.Logger.Level.WARNING,
                    "the " + storeName + " closed with " + queue.size() + " session events undelivered after waiting "
                            + drainTimeout);
        }
    }

    private void deliverLoop() {
        try {
            while (true) {
                SessionEvent event = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (event == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                for (SessionListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "a session listener of the " + storeName + " failed on "
                                        + event.getClass().getSimpleName() + " of session " + event.fingerprint(),
                                e);
                    }
                }
                delivered.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

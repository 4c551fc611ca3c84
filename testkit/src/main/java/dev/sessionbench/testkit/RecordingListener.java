package dev.sessionbench.testkit;

import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event it hears, for tests; {@link #awaitAtLeast} waits for asynchronous delivery. */
public final class RecordingListener implements SessionListener {

    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SessionEvent event) {
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
    }

    /** Returns the events heard so far, in the order they arrived. */
    public List<SessionEvent> events() {
        return List.copyOf(events);
    }

    /** Returns the events of the given kind heard so far. */
    public <E extends SessionEvent> List<E> events(Class<E> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Waits until at least {@code count} events arrived or {@code timeout} passed, and returns the events heard; the
     * caller then checks them, so a timeout shows as a failed assertion naming what did arrive.
     */
    public List<SessionEvent> awaitAtLeast(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
        return events();
    }
}

package dev.sessionbench.core;

/**
 * Hears the events of the sessions of one store: {@link SessionEvent.Created}, {@link SessionEvent.Rotated},
 * {@link SessionEvent.Invalidated} and {@link SessionEvent.Expired}. Set it with
 * {@link SessionPolicy#withListener}.
 *
 * <p>Threading: a store never calls a listener on the thread of the request that caused the event. It queues the
 * event in a bounded queue of its own ({@link dev.sessionbench.core.spi.SessionEvents#DEFAULT_QUEUE_CAPACITY}
 * events) and one daemon thread per store delivers them, one at a time and in the order the store queued them, to
 * every listener in the policy's order. A slow listener therefore delays only later events; when the queue is full a
 * new event is dropped, counted and logged as a warning, and the request goes on. An exception thrown by a listener
 * is logged and does not stop delivery. Closing the store delivers what is queued (for a bounded time) and stops the
 * thread. Events name sessions by fingerprint only, never by ID.
 */
@FunctionalInterface
public interface SessionListener {

    /** Called once for each event, on the store's event thread. */
    void onEvent(SessionEvent event);
}

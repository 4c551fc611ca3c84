package dev.sessionbench.bench.latency;

/** One request thread's operation, called once per scheduled request; not shared between threads. */
public interface Request {

    /** Performs one operation and returns its answer (a session, a value), so that the work cannot be skipped. */
    Object call();

    /** Not measured: tidies up after the thread's last request (removes sessions it created). */
    default void finish() {}
}

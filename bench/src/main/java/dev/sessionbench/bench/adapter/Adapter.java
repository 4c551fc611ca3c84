package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * One facade over everything the suite measures: our stores, the peer libraries and the raw limits of each
 * backend, so that every benchmark method is written once and the subject is a JMH parameter. A client value is
 * whatever the subject hands a client (a session ID, a token, a raw key); {@code null} means "nothing found".
 *
 * <p>Raw limits implement only the operations that have a raw equivalent ({@link #operations()}); calling another
 * throws {@link UnsupportedOperationException}.
 */
public interface Adapter extends AutoCloseable {

    /** Returns what this adapter measures. */
    Subject subject();

    /** Returns the operations this subject can be measured on. */
    Set<Operation> operations();

    /** Not measured: stores a session with these attributes and returns its client value. */
    String seed(Map<String, String> attributes);

    /** Not measured: returns a well-formed client value that names no session of this subject. */
    String unknownValue();

    /** Returns the client value of a new session holding one attribute, saved (a login). */
    String create(String name, String value);

    /** Returns what the subject found for the client value (a session, a record, claims), or null. */
    Object lookup(String value);

    /** Looks the value up, sets one attribute, saves; returns the value the client presents next, or null. */
    default String accessAndSave(String value, String name, String newValue) {
        throw unsupported(Operation.ACCESS_AND_SAVE);
    }

    /** Looks the value up and moves the session to a new ID (saved); returns the new client value, or null. */
    default String changeId(String value) {
        throw unsupported(Operation.CHANGE_ID);
    }

    /** Looks the value up and ends the session; returns true when there was a session to end. */
    default boolean invalidate(String value) {
        throw unsupported(Operation.INVALIDATE);
    }

    /** Removes the sessions past their deadline by the subject's clock; returns how many this call removed. */
    default long purgeExpired() {
        throw unsupported(Operation.EXPIRY);
    }

    /**
     * Returns the client value of a new session of {@code principal} (in the policy's principal attribute) holding
     * one more attribute, saved: a login that the store indexes by user.
     */
    default String createWithPrincipal(String principal, String name, String value) {
        throw new UnsupportedOperationException(subject().label() + " has no sessions of a principal");
    }

    /** Ends every session of the principal (log out everywhere). */
    default void invalidateAll(String principal) {
        throw new UnsupportedOperationException(subject().label() + " cannot end the sessions of a principal");
    }

    /** Not measured: returns the IDs of the live sessions of the principal, to check a benchmark's answer. */
    default java.util.List<String> sessionIdsOf(String principal) {
        throw new UnsupportedOperationException(subject().label() + " cannot list the sessions of a principal");
    }

    /**
     * Ends a session the create benchmark made earlier, as part of its measured operation: a logout
     * ({@link #invalidate}) on a subject that holds sessions, nothing on one that holds none. Returns true when a
     * session was ended.
     */
    default boolean retire(String value) {
        return holdsSessions() && invalidate(value);
    }

    /** Returns true when, after {@link #invalidate} or {@link #changeId}, the old value stops resolving. */
    boolean revokes();

    /** Not measured: removes sessions a benchmark created, so that the live set stays at its size. */
    default void discard(Collection<String> values) {
        for (String v : values) {
            invalidate(v);
        }
    }

    /**
     * Not measured: runs {@code load} (which seeds many sessions) in the subject's fastest safe way. The crash-safe
     * MapDB store seeds through its batched mode on the same file, then reopens crash-safe: the live set is the
     * same, without one disk sync per seeded session.
     */
    default void bulkLoad(Runnable load) {
        load.run();
    }

    /** Returns true when the subject keeps state per session on a server, heap or file (not a token). */
    default boolean holdsSessions() {
        return true;
    }

    /** Closes the subject and deletes everything it stored: files, and Redis keys under its own prefix. */
    @Override
    void close();

    /** Returns {@code UnsupportedOperationException} naming the subject and the operations it has. */
    default UnsupportedOperationException unsupported(Operation op) {
        return new UnsupportedOperationException(
                subject().label() + " has no raw equivalent of " + op.method() + "; it measures "
                        + operations().stream().map(Operation::method).toList());
    }
}

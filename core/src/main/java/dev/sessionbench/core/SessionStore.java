package dev.sessionbench.core;

import java.util.List;
import java.util.Optional;

/**
 * Keeps web sessions: creates them, finds them by the value a client presents, saves their changes,
 * rotates their IDs and ends them.
 *
 * <p>Implementations are thread-safe. Client values are untrusted: {@link #find} of a malformed value
 * returns empty without touching the backend. A backend failure is a {@link SessionStoreException},
 * never an empty result.
 */
public interface SessionStore extends AutoCloseable {

    /** Returns a new session with a fresh unpredictable ID; it is not stored until {@link #save}. */
    Session create();

    /**
     * Returns the session the client value names, or empty when the value is malformed, unknown,
     * expired or invalidated. A successful find counts as an access.
     */
    Optional<Session> find(String clientValue);

    /**
     * Stores the session (only its changes, after the first save) and returns the value the client must
     * present from now on. A stale copy of a session that was invalidated, rotated away or has expired
     * writes nothing: its value keeps resolving to nothing.
     */
    String save(Session session);

    /**
     * Returns the same session under a new ID (the defence against session fixation); the old value stops
     * resolving. Unsaved changes stay pending on the returned session until it is saved. A session never saved
     * just gets a new ID.
     *
     * @throws StaleSessionException when the copy's session was already rotated or ended by another request (or
     *     has expired): of two requests that rotate one session at once, exactly one wins and the other is told,
     *     the winner's session untouched. A stateless store that cannot know says so in its documentation.
     */
    Session changeId(Session session);

    /**
     * Returns true when the session should be saved at the end of this request even if the application changed
     * nothing: always when it is new or has unsaved changes. A store whose {@link #find} cannot slide the idle
     * deadline (a signed token) also answers true once the session is far enough into its idle time that only a
     * save keeps an active user signed in. Applications that skip saves of unchanged sessions ask this instead.
     */
    default boolean needsSave(Session session) {
        return session.isNew() || session.hasChanges();
    }

    /** Ends the session: neither its value nor a later save of any copy of it brings it back. */
    void invalidate(Session session);

    /** Removes the sessions past their deadline and returns how many this call removed. */
    long purgeExpired();

    /**
     * Returns the live sessions whose principal attribute ({@link SessionPolicy#principalAttribute}) equals
     * {@code principal}, in any order; never one past its deadline. Listing is not an access: no deadline slides.
     * Throws {@link IllegalArgumentException} when {@code principal} is null or blank.
     */
    List<Session> sessionsOf(String principal);

    /**
     * Logs the principal out everywhere: every live session whose principal attribute equals {@code principal}
     * ends, as by {@link #invalidate}, and no late save of a stale copy of one brings it back. Throws
     * {@link IllegalArgumentException} when {@code principal} is null or blank.
     */
    void invalidateAll(String principal);

    /** Releases the backend. Idempotent; any other call afterwards throws {@link IllegalStateException}. */
    @Override
    void close();
}

package dev.sessionbench.core;

/**
 * {@link SessionStore#changeId} was given a copy whose session no longer lives under its ID: another request
 * rotated it or ended it (logout) after this copy was read, or it expired. Nothing was changed, and the winner's
 * session is untouched. The request should re-read the session from the client value it holds (which now resolves
 * to nothing) instead of answering with a value that resolves to nothing; a double-submitted login form is the
 * usual cause, and HTTP 409 the usual answer.
 */
public class StaleSessionException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    public StaleSessionException(String message) {
        super(message);
    }

    /**
     * Returns the exception for a session that is gone from {@code storeName} (for example {@code "memory store"}),
     * named by its fingerprint ({@link SessionIds#fingerprint}), never by its ID.
     */
    public static StaleSessionException rotatedOrEnded(String storeName, String fingerprint) {
        return new StaleSessionException("the " + storeName + " cannot change the ID of session " + fingerprint
                + ": it was rotated or ended by another request (or expired) after this copy was read; re-read the "
                + "session from the client value");
    }

    /** Returns the exception for a session of {@code storeName} whose deadline has passed. */
    public static StaleSessionException expired(String storeName, String fingerprint) {
        return new StaleSessionException("the " + storeName + " cannot change the ID of session " + fingerprint
                + ": it has expired; re-read the session from the client value");
    }
}

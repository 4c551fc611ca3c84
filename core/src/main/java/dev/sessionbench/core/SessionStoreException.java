package dev.sessionbench.core;

/**
 * The backend failed: an I/O error, an unreachable or timed-out server, a corrupt file. Never used for
 * "no such session", which is an empty result. Subtypes name the refusals that are not failures:
 * {@link SessionStoreFullException} and {@link StaleSessionException}.
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionStoreException(String message) {
        super(message);
    }

    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

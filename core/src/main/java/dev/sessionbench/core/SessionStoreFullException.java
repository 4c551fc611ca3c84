package dev.sessionbench.core;

/**
 * A store configured with a cap on live sessions refused a new one. Applications usually answer it with
 * HTTP 503 rather than letting a flood of anonymous sessions exhaust memory.
 */
public class SessionStoreFullException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    public SessionStoreFullException(String message) {
        super(message);
    }
}

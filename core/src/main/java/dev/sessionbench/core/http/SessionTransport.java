package dev.sessionbench.core.http;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request carries its session's client value: a cookie, or a header for API clients. Implementations
 * are immutable and thread-safe, and never throw on what a client sends.
 */
public interface SessionTransport {

    /** Returns the name of the request header the client value travels in, for example {@code Cookie}. */
    String requestHeader();

    /**
     * Returns every candidate client value found in the values of {@link #requestHeader()} (a request may carry
     * the header several times), in the order sent, without duplicates; empty for null or garbage. Never throws,
     * and does bounded work whatever the headers' size.
     */
    List<String> candidates(List<String> headerValues);

    /**
     * Returns the session of the first candidate that the store resolves, whatever the candidates' order (an
     * attacker's cookie sent first does not hide the real one), or empty when none does. A backend failure is
     * the store's {@link dev.sessionbench.core.SessionStoreException}, never an empty result.
     */
    default Optional<Session> resolve(SessionStore store, List<String> headerValues) {
        Objects.requireNonNull(store, "store must not be null");
        for (String candidate : candidates(headerValues)) {
            Optional<Session> found = store.find(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}

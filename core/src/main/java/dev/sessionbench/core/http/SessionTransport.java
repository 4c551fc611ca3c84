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
     * Returns the session of the one candidate that the store resolves, or empty when none does. Every candidate
     * is tried, whatever their order, so a decoy sent first does not hide the real one. When two or more resolve
     * the request is ambiguous (a planted cookie beside the real one) and none is used: the request goes on as
     * anonymous, which is logged at INFO without the values. A backend failure is the store's
     * {@link dev.sessionbench.core.SessionStoreException}, never an empty result.
     */
    default Optional<Session> resolve(SessionStore store, List<String> headerValues) {
        Objects.requireNonNull(store, "store must not be null");
        return Resolution.unique(store, candidates(headerValues), requestHeader());
    }
}

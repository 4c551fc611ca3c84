package dev.sessionbench.core.http;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionStore;
import java.util.List;
import java.util.Optional;

/** Resolves candidate client values to at most one session; several live ones are refused as ambiguous. */
final class Resolution {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private Resolution() {}

    /** Returns the session of the only candidate that resolves, or empty when none or several do. */
    static Optional<Session> unique(SessionStore store, List<String> candidates, String where) {
        Session found = null;
        int resolved = 0;
        for (String candidate : candidates) {
            Optional<Session> s = store.find(candidate);
            if (s.isPresent()) {
                resolved++;
                found = s.get();
            }
        }
        if (resolved > 1) {
            logAmbiguous(resolved, where);
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    /** Logs that {@code resolved} values in {@code where} named live sessions; never the values. */
    static void logAmbiguous(int resolved, String where) {
        // INFO, not WARNING: a client can cause this at will, and it is answered safely.
        LOG.log(
                System.Logger.Level.INFO,
                "{0} values in {1} each name a live session; the request is treated "
                        + "as having none (a cookie planted beside the real one?)",
                resolved,
                where);
    }
}

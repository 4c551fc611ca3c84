package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

/**
 * The peer of the memory store: Spring Session's {@link MapSessionRepository} on a {@link ConcurrentHashMap}, as
 * its documentation sets it up, with no Spring context. Spring's {@code findById} does not record the access (its
 * request filter saves {@code lastAccessedTime} at the end of the request, which {@code accessAndSave} includes).
 * It has no purge: an expired session is dropped when a lookup meets it.
 */
final class SpringMapAdapter extends SpringSessionAdapter<MapSession> {

    private final Map<String, org.springframework.session.Session> sessions;

    SpringMapAdapter(Duration idleTimeout) {
        this(new ConcurrentHashMap<>(), idleTimeout);
    }

    private SpringMapAdapter(Map<String, org.springframework.session.Session> sessions, Duration idleTimeout) {
        super(Subject.SPRING_MAP, repository(sessions, idleTimeout));
        this.sessions = sessions;
    }

    private static MapSessionRepository repository(
            Map<String, org.springframework.session.Session> sessions, Duration idleTimeout) {
        MapSessionRepository repository = new MapSessionRepository(sessions);
        repository.setDefaultMaxInactiveInterval(idleTimeout);
        return repository;
    }

    @Override
    public void close() {
        sessions.clear();
    }
}

package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.Operation;
import dev.sessionbench.bench.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

/**
 * The peer of the memory store: Spring Session's {@link MapSessionRepository} on a {@link ConcurrentHashMap}, as
 * its documentation sets it up, with no Spring context. Spring's {@code findById} does not record the access (its
 * request filter saves {@code lastAccessedTime} at the end of the request, which {@code accessAndSave} includes).
 * It has no purge: an expired session is dropped when a lookup meets it.
 */
final class SpringMapAdapter implements Adapter {

    private final Map<String, org.springframework.session.Session> sessions = new ConcurrentHashMap<>();
    private final MapSessionRepository repository = new MapSessionRepository(sessions);

    SpringMapAdapter(Duration idleTimeout) {
        repository.setDefaultMaxInactiveInterval(idleTimeout);
    }

    @Override
    public Subject subject() {
        return Subject.SPRING_MAP;
    }

    @Override
    public Set<Operation> operations() {
        return EnumSet.complementOf(EnumSet.of(Operation.EXPIRY));
    }

    @Override
    public String seed(Map<String, String> attributes) {
        MapSession s = repository.createSession();
        attributes.forEach(s::setAttribute);
        repository.save(s);
        return s.getId();
    }

    @Override
    public String unknownValue() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String create(String name, String value) {
        MapSession s = repository.createSession();
        s.setAttribute(name, value);
        repository.save(s);
        return s.getId();
    }

    @Override
    public Object lookup(String value) {
        return repository.findById(value);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        MapSession s = repository.findById(value);
        if (s == null) {
            return null;
        }
        s.setLastAccessedTime(Instant.now());
        s.setAttribute(name, newValue);
        repository.save(s);
        return s.getId();
    }

    @Override
    public String changeId(String value) {
        MapSession s = repository.findById(value);
        if (s == null) {
            return null;
        }
        s.setLastAccessedTime(Instant.now());
        String id = s.changeSessionId();
        repository.save(s);
        return id;
    }

    @Override
    public boolean invalidate(String value) {
        MapSession s = repository.findById(value);
        if (s == null) {
            return false;
        }
        repository.deleteById(s.getId());
        return true;
    }

    @Override
    public long purgeExpired() {
        throw unsupported(Operation.EXPIRY);
    }

    @Override
    public boolean revokes() {
        return true;
    }

    @Override
    public void close() {
        sessions.clear();
    }
}

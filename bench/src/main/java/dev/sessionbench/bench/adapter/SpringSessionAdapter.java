package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The operations of a Spring Session peer, through its public {@link SessionRepository} interface, as Spring's
 * request filter drives it: the access time is recorded at the save that ends a request. Subclasses set up the
 * repository and release it on close.
 */
abstract class SpringSessionAdapter<S extends Session> implements Adapter {

    private final Subject subject;
    private final SessionRepository<S> repository;

    SpringSessionAdapter(Subject subject, SessionRepository<S> repository) {
        this.subject = subject;
        this.repository = repository;
    }

    @Override
    public Subject subject() {
        return subject;
    }

    @Override
    public Set<Operation> operations() {
        return EnumSet.complementOf(EnumSet.of(Operation.EXPIRY));
    }

    @Override
    public String seed(Map<String, String> attributes) {
        S s = repository.createSession();
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
        S s = repository.createSession();
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
        S s = repository.findById(value);
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
        S s = repository.findById(value);
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
        S s = repository.findById(value);
        if (s == null) {
            return false;
        }
        repository.deleteById(s.getId());
        return true;
    }

    @Override
    public boolean revokes() {
        return true;
    }
}

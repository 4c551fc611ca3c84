package dev.sessionbench.spring;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.spi.SessionAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * A {@link SessionStore} whose every operation goes through a {@link StoreSessionRepository}, so the store contract
 * suite runs through the Spring API: find is {@code findById}, an attribute change is Spring's {@code setAttribute}
 * or {@code removeAttribute}, save is the repository's save, changeId is {@code changeSessionId} and invalidate is
 * {@code deleteById}, sessionsOf is {@code findByPrincipalName}, invalidateAll is {@code findByPrincipalName} and
 * {@code deleteById} of each. The core sessions it hands out are copies; each remembers the Spring session it came from.
 */
final class RepositoryBackedStore implements SessionStore {

    private final StoreSessionRepository repository;
    private final SessionPolicy policy;
    private final Map<Session, StoreSessionRepository.StoreSession> origins =
            Collections.synchronizedMap(new WeakHashMap<>());

    RepositoryBackedStore(StoreSessionRepository repository, SessionPolicy policy) {
        this.repository = repository;
        this.policy = policy;
    }

    @Override
    public Session create() {
        StoreSessionRepository.StoreSession spring = repository.createSession();
        Session copy = SessionAccess.newSession(spring.getId(), policy);
        origins.put(copy, spring);
        return copy;
    }

    @Override
    public Optional<Session> find(String clientValue) {
        StoreSessionRepository.StoreSession spring = repository.findById(clientValue);
        if (spring == null) {
            return Optional.empty();
        }
        return Optional.of(copyOf(spring));
    }

    /** Returns a core copy of the Spring session, remembered as coming from it. */
    private Session copyOf(StoreSessionRepository.StoreSession spring) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String name : spring.getAttributeNames()) {
            attributes.put(name, spring.getAttribute(name));
        }
        Session copy = SessionAccess.restore(
                spring.getId(),
                spring.getCreationTime().toEpochMilli(),
                spring.getLastAccessedTime().toEpochMilli(),
                attributes,
                policy);
        origins.put(copy, spring);
        return copy;
    }

    @Override
    public String save(Session session) {
        StoreSessionRepository.StoreSession spring = origin(session);
        SessionAccess.changedAttributes(session).forEach(spring::setAttribute);
        SessionAccess.removedAttributes(session).forEach(spring::removeAttribute);
        repository.save(spring);
        SessionAccess.markSaved(session, policy.clock().instant());
        return spring.getId();
    }

    @Override
    public Session changeId(Session session) {
        StoreSessionRepository.StoreSession spring = origin(session);
        String newId = spring.changeSessionId();
        Session copy = SessionAccess.withId(session, newId);
        origins.put(copy, spring);
        return copy;
    }

    @Override
    public void invalidate(Session session) {
        origin(session);
        repository.deleteById(session.id());
    }

    /** Returns {@code findByPrincipalName}'s sessions as copies, each remembering its Spring session. */
    @Override
    public List<Session> sessionsOf(String principal) {
        checkPrincipal(principal);
        List<Session> copies = new ArrayList<>();
        for (StoreSessionRepository.StoreSession spring :
                repository.findByPrincipalName(principal).values()) {
            copies.add(copyOf(spring));
        }
        return copies;
    }

    /** Deletes every session {@code findByPrincipalName} lists, one {@code deleteById} each, as Spring's API allows. */
    @Override
    public void invalidateAll(String principal) {
        checkPrincipal(principal);
        repository.findByPrincipalName(principal).keySet().forEach(repository::deleteById);
    }

    /** Refuses a null or blank principal as every store does, before anything else. */
    private static void checkPrincipal(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("principal must not be " + (principal == null ? "null" : "blank"));
        }
    }

    /**
     * Why invalidateAll's rule does not hold through Spring's API: {@code FindByIndexNameSessionRepository} can only
     * list a principal's sessions, so ending them is one {@code deleteById} each, an application invalidation.
     */
    static final String NO_INVALIDATE_ALL = "Spring's FindByIndexNameSessionRepository has no call that ends all "
            + "sessions of a principal: findByPrincipalName then deleteById of each ends them one by one, each "
            + "announced as an application invalidation (cause APPLICATION, not INVALIDATE_ALL), and a session saved "
            + "between the listing and the deletes lives on";

    /** Not part of Spring's repository: the store beneath reclaims expired sessions. */
    @Override
    public long purgeExpired() {
        return repository.store().purgeExpired();
    }

    @Override
    public void close() {
        repository.store().close();
    }

    private StoreSessionRepository.StoreSession origin(Session session) {
        java.util.Objects.requireNonNull(session, "session must not be null");
        StoreSessionRepository.StoreSession spring = origins.get(session);
        if (spring == null) {
            throw new IllegalArgumentException("this session was not handed out by this store");
        }
        return spring;
    }
}

package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.Operation;
import dev.sessionbench.bench.Subject;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * The peer of the Redis store: Spring Session's {@link RedisSessionRepository} on the same Redis, wired by hand
 * (a {@link LettuceConnectionFactory} and a {@link RedisTemplate}) as Spring Boot would wire it, including its
 * default JDK serialization of attribute values. Its keys live under a random namespace deleted on close. Redis
 * TTLs expire its sessions; it has no purge.
 */
final class SpringRedisAdapter implements Adapter {

    private final LettuceConnectionFactory factory;
    /** The repository through its public interface: its session class is not public. */
    private final SessionRepository<Session> repository;
    private final Runnable cleanup;

    SpringRedisAdapter(String redisUrl, String prefix, Duration idleTimeout, Runnable cleanup) {
        RedisURI uri = RedisURI.create(redisUrl);
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(uri.getDatabase());
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            config.setPassword(uri.getPassword());
        }
        if (uri.getUsername() != null) {
            config.setUsername(uri.getUsername());
        }
        factory = new LettuceConnectionFactory(config);
        factory.afterPropertiesSet();
        factory.start();
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.afterPropertiesSet();
        RedisSessionRepository redis = new RedisSessionRepository(template);
        // keys become <prefix>sessions:<id>, all under the run's own prefix
        redis.setRedisKeyNamespace(prefix.substring(0, prefix.length() - 1));
        redis.setDefaultMaxInactiveInterval(idleTimeout);
        repository = cast(redis);
        this.cleanup = cleanup;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SessionRepository<Session> cast(SessionRepository<?> repository) {
        return (SessionRepository) repository;
    }

    @Override
    public Subject subject() {
        return Subject.SPRING_REDIS;
    }

    @Override
    public Set<Operation> operations() {
        return EnumSet.complementOf(EnumSet.of(Operation.EXPIRY));
    }

    @Override
    public String seed(Map<String, String> attributes) {
        Session s = repository.createSession();
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
        Session s = repository.createSession();
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
        Session s = repository.findById(value);
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
        Session s = repository.findById(value);
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
        Session s = repository.findById(value);
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
        try {
            factory.destroy();
        } finally {
            cleanup.run();
        }
    }
}

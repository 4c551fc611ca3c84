package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
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
final class SpringRedisAdapter extends SpringSessionAdapter<Session> {

    private final LettuceConnectionFactory factory;
    private final Runnable cleanup;

    SpringRedisAdapter(String redisUrl, String prefix, Duration idleTimeout, Runnable cleanup) {
        this(connect(redisUrl), prefix, idleTimeout, cleanup);
    }

    private SpringRedisAdapter(
            LettuceConnectionFactory factory, String prefix, Duration idleTimeout, Runnable cleanup) {
        super(Subject.SPRING_REDIS, repository(factory, prefix, idleTimeout));
        this.factory = factory;
        this.cleanup = cleanup;
    }

    private static LettuceConnectionFactory connect(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        config.setDatabase(uri.getDatabase());
        RedisCredentials credentials =
                uri.getCredentialsProvider().resolveCredentials().block();
        if (credentials != null && credentials.hasPassword() && credentials.getPassword().length > 0) {
            config.setPassword(credentials.getPassword());
        }
        if (credentials != null && credentials.hasUsername()) {
            config.setUsername(credentials.getUsername());
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(config);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** Returns the repository through its public interface: its session class is not public. */
    private static SessionRepository<Session> repository(
            LettuceConnectionFactory factory, String prefix, Duration idleTimeout) {
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.afterPropertiesSet();
        RedisSessionRepository redis = new RedisSessionRepository(template);
        // keys become <prefix>sessions:<id>, all under the run's own prefix
        redis.setRedisKeyNamespace(prefix.substring(0, prefix.length() - 1));
        redis.setDefaultMaxInactiveInterval(idleTimeout);
        return cast(redis);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SessionRepository<Session> cast(SessionRepository<?> repository) {
        return (SessionRepository) repository;
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

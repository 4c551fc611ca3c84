package dev.sessionbench.spring.boot;

import dev.sessionbench.core.SessionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sessionbench.session.*} properties. The idle timeout and the cookie are Boot's own
 * ({@code spring.session.timeout}, {@code server.servlet.session.timeout}, {@code server.servlet.session.cookie.*}).
 */
@ConfigurationProperties(prefix = SessionbenchSessionProperties.PREFIX)
public class SessionbenchSessionProperties {

    public static final String PREFIX = "sessionbench.session";

    /**
     * The store that keeps the sessions, such as memory:, mapdb:/var/lib/app/sessions.db or
     * redis://127.0.0.1:6379/0?prefix=shop: (its module, such as sessionbench-store-redis, must be a dependency).
     */
    private String storeUri;

    /** Longest a session lives however active it is; the idle timeout slides, this one never moves. */
    private Duration absoluteTimeout = SessionPolicy.DEFAULT_ABSOLUTE_TIMEOUT;

    /**
     * Classes, besides String and the JDK value types, whose values may be session attributes (stored as JSON):
     * fully qualified names of records, enums or other concrete classes Jackson can write and read back.
     */
    private List<Class<?>> attributeTypes = new ArrayList<>();

    public String getStoreUri() {
        return storeUri;
    }

    public void setStoreUri(String storeUri) {
        this.storeUri = storeUri;
    }

    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    public List<Class<?>> getAttributeTypes() {
        return attributeTypes;
    }

    public void setAttributeTypes(List<Class<?>> attributeTypes) {
        this.attributeTypes = attributeTypes;
    }
}

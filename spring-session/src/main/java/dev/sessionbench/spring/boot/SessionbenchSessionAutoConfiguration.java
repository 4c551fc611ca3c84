package dev.sessionbench.spring.boot;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.core.SessionStores;
import dev.sessionbench.core.http.SameSite;
import dev.sessionbench.core.http.SessionCookie;
import dev.sessionbench.core.spi.StoreUri;
import dev.sessionbench.spring.AttributeCodec;
import dev.sessionbench.spring.StoreSessionRepository;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.session.DefaultCookieSerializerCustomizer;
import org.springframework.boot.autoconfigure.session.SessionAutoConfiguration;
import org.springframework.boot.autoconfigure.session.SessionProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Cookie;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Keeps a servlet application's sessions in the store that {@code sessionbench.session.store-uri} names. Runs before
 * Boot's {@link SessionAutoConfiguration}, so Boot's own Redis or JDBC session configuration backs off and Boot
 * registers this repository's {@link SessionRepositoryFilter}; the cookie comes from Boot's
 * {@code server.servlet.session.cookie.*}, with {@code __Host-sid}, {@code Secure}, {@code HttpOnly},
 * {@code SameSite=Lax} and {@code Path=/} where those leave a setting unset.
 */
@AutoConfiguration(before = SessionAutoConfiguration.class)
@ConditionalOnClass({Session.class, SessionRepositoryFilter.class, SessionStore.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = SessionbenchSessionProperties.PREFIX, name = "store-uri")
@EnableConfigurationProperties({SessionbenchSessionProperties.class, SessionProperties.class, ServerProperties.class})
@Import(SpringHttpSessionConfiguration.class)
public class SessionbenchSessionAutoConfiguration {

    /** Cookie name when a {@code __Host-} cookie is impossible (not Secure, a Domain, or a Path other than /). */
    public static final String FALLBACK_COOKIE_NAME = "sid";

    static final String TOKEN_REFUSAL = "the token: store cannot back Spring Session: it issues a new client value "
            + "on every save, while Spring Session keeps one session ID between saves (in HttpSession.getId(), in "
            + "changeSessionId() and in the filter that writes the cookie only when the ID changes), and two "
            + "concurrent requests would each issue their own token, the cookie of the later one silently dropping the "
            + "other's change. Use memory:, mapdb: or redis:// with Spring Session, or the token store directly";

    /** Returns the policy: Boot's idle timeout, this module's absolute timeout, the system UTC clock. */
    @Bean
    @ConditionalOnMissingBean
    public SessionPolicy sessionbenchSessionPolicy(
            SessionbenchSessionProperties properties,
            SessionProperties sessionProperties,
            ServerProperties serverProperties) {
        Duration idle = sessionProperties.determineTimeout(
                () -> serverProperties.getServlet().getSession().getTimeout());
        SessionPolicy policy = SessionPolicy.defaults();
        if (idle != null) {
            policy = policy.withIdleTimeout(idle);
        }
        return policy.withAbsoluteTimeout(properties.getAbsoluteTimeout());
    }

    /**
     * Returns the store the URI names. Throws {@link IllegalArgumentException} when the store's module is not on the
     * classpath (naming the artifact to add) and {@link IllegalStateException} for {@code token:}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SessionStore sessionbenchSessionStore(SessionbenchSessionProperties properties, SessionPolicy policy) {
        String uri = properties.getStoreUri();
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException(SessionbenchSessionProperties.PREFIX + ".store-uri is empty; set it to "
                    + "memory:, mapdb:/path/to/sessions.db or redis://host:6379/0");
        }
        if ("token".equals(StoreUri.parse(uri).scheme())) {
            throw new IllegalStateException(TOKEN_REFUSAL);
        }
        return SessionStores.open(uri, policy);
    }

    /** Returns the codec: strings, the JDK value types and {@code sessionbench.session.attribute-types}. */
    @Bean
    @ConditionalOnMissingBean
    public AttributeCodec sessionbenchAttributeCodec(SessionbenchSessionProperties properties) {
        return AttributeCodec.withTypes(properties.getAttributeTypes());
    }

    /**
     * Returns the repository. Its bean type is the class, so the context offers it as a
     * {@code FindByIndexNameSessionRepository} as well (for Spring Security's {@code SpringSessionBackedSessionRegistry}).
     */
    @Bean
    @ConditionalOnMissingBean(SessionRepository.class)
    public StoreSessionRepository sessionRepository(SessionStore store, AttributeCodec codec) {
        return new StoreSessionRepository(store, codec);
    }

    /** Returns the customizer that gives Boot's cookie serializer this project's defaults where Boot leaves them unset. */
    @Bean
    public DefaultCookieSerializerCustomizer sessionbenchCookieDefaults(ServerProperties serverProperties) {
        return new CookieDefaults(serverProperties.getServlet().getSession().getCookie());
    }

    /** Applies the defaults first, so an application's own customizer still has the last word. */
    static final class CookieDefaults implements DefaultCookieSerializerCustomizer, Ordered {

        private final Cookie cookie;

        CookieDefaults(Cookie cookie) {
            this.cookie = cookie;
        }

        @Override
        public void customize(DefaultCookieSerializer serializer) {
            boolean secure = cookie.getSecure() == null || cookie.getSecure();
            boolean httpOnly = cookie.getHttpOnly() == null || cookie.getHttpOnly();
            String path = cookie.getPath() != null ? cookie.getPath() : SessionCookie.DEFAULT_PATH;
            String name = cookie.getName();
            if (name == null) {
                boolean hostPrefixPossible =
                        secure && cookie.getDomain() == null && SessionCookie.DEFAULT_PATH.equals(path);
                name = hostPrefixPossible ? SessionCookie.DEFAULT_NAME : FALLBACK_COOKIE_NAME;
            }
            Cookie.SameSite sameSite = cookie.getSameSite() != null ? cookie.getSameSite() : Cookie.SameSite.LAX;
            // the project's cookie codec refuses what a browser would drop, such as a __Host- cookie without Secure
            SessionCookie.Builder check = SessionCookie.builder()
                    .name(name)
                    .secure(secure)
                    .httpOnly(httpOnly)
                    .path(path)
                    .domain(cookie.getDomain());
            if (sameSite != Cookie.SameSite.OMITTED) {
                check.sameSite(SameSite.valueOf(sameSite.name()));
            }
            try {
                check.build();
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException(
                        "server.servlet.session.cookie.* describe a cookie browsers would " + "drop: "
                                + ex.getMessage(),
                        ex);
            }
            serializer.setCookieName(name);
            serializer.setUseSecureCookie(secure);
            serializer.setUseHttpOnlyCookie(httpOnly);
            serializer.setCookiePath(path);
            serializer.setSameSite(sameSite == Cookie.SameSite.OMITTED ? null : sameSite.attributeValue());
            // IDs are base64url already: the cookie carries the ID itself, as this project's other transports do
            serializer.setUseBase64Encoding(false);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}

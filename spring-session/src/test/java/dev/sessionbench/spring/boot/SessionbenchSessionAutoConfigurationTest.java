package dev.sessionbench.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.spring.StoreSessionRepository;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.session.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/** Boot's view: which beans the property brings, and what fails at start. */
class SessionbenchSessionAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SessionbenchSessionAutoConfiguration.class, SessionAutoConfiguration.class));

    @Test
    void withoutTheStoreUriItBacksOff() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(StoreSessionRepository.class);
            assertThat(context).doesNotHaveBean(SessionStore.class);
        });
    }

    @Test
    void storeUriBringsTheRepositoryAndTheFilterBootRegisters() {
        runner.withPropertyValues("sessionbench.session.store-uri=memory:").run(context -> {
            assertThat(context).hasSingleBean(StoreSessionRepository.class);
            assertThat(context).hasSingleBean(SessionRepository.class);
            assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
            assertThat(context.getBean(SessionStore.class).getClass().getSimpleName())
                    .isEqualTo("MemorySessionStore");
            assertThat(context).hasBean("sessionRepositoryFilterRegistration");
        });
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void repositoryIsTheFindByIndexNameRepositorySpringSecuritysRegistryUses() {
        runner.withPropertyValues("sessionbench.session.store-uri=memory:").run(context -> {
            assertThat(context).hasSingleBean(FindByIndexNameSessionRepository.class);
            FindByIndexNameSessionRepository found = context.getBean(FindByIndexNameSessionRepository.class);
            assertThat(found).isSameAs(context.getBean(StoreSessionRepository.class));
            StoreSessionRepository repository = context.getBean(StoreSessionRepository.class);
            StoreSessionRepository.StoreSession s = repository.createSession();
            s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
            repository.save(s);

            SpringSessionBackedSessionRegistry registry = new SpringSessionBackedSessionRegistry(found);
            List<SessionInformation> alice = registry.getAllSessions("alice", false);
            assertThat(alice).extracting(SessionInformation::getSessionId).containsExactly(s.getId());
            alice.get(0).expireNow(); // marks the stored session expired, as concurrency control does
            assertThat(registry.getAllSessions("alice", false)).isEmpty();
            assertThat(registry.getAllSessions("alice", true)).hasSize(1);
            assertThat(registry.getSessionInformation(s.getId()).isExpired()).isTrue();
        });
    }

    @Test
    void timeoutsComeFromBootsPropertiesAndTheAbsoluteOne() {
        runner.withPropertyValues("sessionbench.session.store-uri=memory:").run(context -> {
            SessionPolicy policy = context.getBean(SessionPolicy.class);
            assertThat(policy.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
            assertThat(policy.absoluteTimeout()).isEqualTo(SessionPolicy.DEFAULT_ABSOLUTE_TIMEOUT);
        });
        runner.withPropertyValues(
                        "sessionbench.session.store-uri=memory:",
                        "server.servlet.session.timeout=7m",
                        "sessionbench.session.absolute-timeout=2h")
                .run(context -> {
                    SessionPolicy policy = context.getBean(SessionPolicy.class);
                    assertThat(policy.idleTimeout()).isEqualTo(Duration.ofMinutes(7));
                    assertThat(policy.absoluteTimeout()).isEqualTo(Duration.ofHours(2));
                });
        runner.withPropertyValues(
                        "sessionbench.session.store-uri=memory:",
                        "server.servlet.session.timeout=7m",
                        "spring.session.timeout=5m")
                .run(context -> assertThat(context.getBean(SessionPolicy.class).idleTimeout())
                        .isEqualTo(Duration.ofMinutes(5)));
    }

    @Test
    void tokenStoreIsRefusedAtStartWithTheReason() {
        runner.withPropertyValues("sessionbench.session.store-uri=token:").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("new client value on every save")
                    .hasMessageContaining("memory:, mapdb: or redis://");
        });
    }

    @Test
    void missingStoreModuleFailsAtStartNamingTheArtifact() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutStoreProviders(original));
        try {
            runner.withPropertyValues("sessionbench.session.store-uri=redis://127.0.0.1:6379/0")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure())
                                .rootCause()
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("dev.sessionbench:sessionbench-store-redis");
                    });
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void cookieGetsTheSafeDefaultsWhereBootLeavesThemUnset() {
        runner.withPropertyValues("sessionbench.session.store-uri=memory:")
                .run(context -> assertThat(setCookie(context.getBean(CookieSerializer.class)))
                        .isEqualTo("__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"));
    }

    @Test
    void bootsCookiePropertiesWin() {
        runner.withPropertyValues(
                        "sessionbench.session.store-uri=memory:",
                        "server.servlet.session.cookie.name=app",
                        "server.servlet.session.cookie.same-site=strict",
                        "server.servlet.session.cookie.path=/shop")
                .run(context -> assertThat(setCookie(context.getBean(CookieSerializer.class)))
                        .isEqualTo("app=abc; Path=/shop; Secure; HttpOnly; SameSite=Strict"));
        runner.withPropertyValues(
                        "sessionbench.session.store-uri=memory:", "server.servlet.session.cookie.secure=false")
                .run(context -> assertThat(setCookie(context.getBean(CookieSerializer.class)))
                        .as("no __Host- prefix without Secure")
                        .isEqualTo("sid=abc; Path=/; HttpOnly; SameSite=Lax"));
    }

    @Test
    void cookieBrowsersWouldDropFailsAtStart() {
        runner.withPropertyValues(
                        "sessionbench.session.store-uri=memory:",
                        "server.servlet.session.cookie.name=__Host-x",
                        "server.servlet.session.cookie.secure=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("must be Secure");
                });
    }

    private static String setCookie(CookieSerializer serializer) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        serializer.writeCookieValue(new CookieSerializer.CookieValue(request, response, "abc"));
        assertThat(serializer).isInstanceOf(DefaultCookieSerializer.class);
        return response.getHeader("Set-Cookie");
    }

    /** Hides the store providers' service files, as if no store module were a dependency. */
    private static final class WithoutStoreProviders extends ClassLoader {
        WithoutStoreProviders(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("META-INF/services/dev.sessionbench.core.spi.SessionStoreProvider")) {
                return Collections.emptyEnumeration();
            }
            return super.getResources(name);
        }
    }
}

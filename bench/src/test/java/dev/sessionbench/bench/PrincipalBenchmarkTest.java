package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Calls each method of {@link PrincipalBenchmark} once per store and checks its answer. */
class PrincipalBenchmarkTest {

    /** Runs {@code test} on the subject opened as the benchmark opens it, and closes it afterwards. */
    private static void on(String subject, Consumer<PrincipalBenchmark.Subject> test) {
        PrincipalBenchmark.Subject s = new PrincipalBenchmark.Subject();
        s.subject = subject;
        s.open();
        try {
            test.accept(s);
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "mapdb-batched", "redis", "token", "token-revocable"})
    void savesWithAndWithoutAPrincipalStoreTheSession(String subject) {
        on(subject, s -> {
            PrincipalBenchmark.Saved saved = new PrincipalBenchmark.Saved();
            PrincipalBenchmark b = new PrincipalBenchmark();
            String with = b.saveWithPrincipal(s, saved);
            String without = b.saveWithoutPrincipal(s, saved);
            assertThat(s.adapter.lookup(with)).isNotNull();
            assertThat(s.adapter.lookup(without)).isNotNull();
            assertThat(saved.values).containsExactly(with, without);
            if (s.adapter.holdsSessions() && !subject.startsWith("token")) {
                assertThat(s.adapter.sessionIdsOf("user0")).containsExactly(with);
            }
            saved.discard(s);
            assertThat(saved.values).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "mapdb-batched", "redis"})
    void invalidateAllEndsEverySessionOfEachUser(String subject) {
        on(subject, s -> {
            PrincipalBenchmark.Users users = new PrincipalBenchmark.Users();
            users.sessionsPerUser = 10;
            users.logIn(s);
            assertThat(s.adapter.sessionIdsOf(users.principals[0])).hasSize(10);
            new PrincipalBenchmark().invalidateAll(s, users);
            for (String principal : users.principals) {
                assertThat(s.adapter.sessionIdsOf(principal)).as(principal).isEmpty();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "mapdb", "mapdb-batched", "redis"})
    void purgeSweepReclaimsTheWholeBatch(String subject) {
        on(subject, s -> {
            PrincipalBenchmark.Expiring expiring = new PrincipalBenchmark.Expiring();
            PrincipalBenchmark b = new PrincipalBenchmark();
            for (int round = 0; round < 2; round++) {
                expiring.expire(s);
                assertThat(b.purgeSweep(s, expiring)).isEqualTo(PrincipalBenchmark.PURGE_BATCH);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "token-revocable"})
    void theTokenStoresSayWhatTheyCannotDo(String subject) {
        on(subject, s -> {
            PrincipalBenchmark.Users users = new PrincipalBenchmark.Users();
            users.sessionsPerUser = 1;
            users.logIn(s);
            assertThatThrownBy(() -> s.adapter.sessionIdsOf(users.principals[0]))
                    .isInstanceOf(UnsupportedOperationException.class);
            if (subject.equals("token")) {
                assertThatThrownBy(() -> new PrincipalBenchmark().invalidateAll(s, users))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("revocation=memory");
            } else {
                new PrincipalBenchmark().invalidateAll(s, users); // records a not-before instant per user
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring-map", "raw-chm"})
    void subjectsWithoutPrincipalsRefuseWithTheirName(String subject) {
        on(subject, s -> {
            assertThatThrownBy(() -> new PrincipalBenchmark().saveWithPrincipal(s, new PrincipalBenchmark.Saved()))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(subject);
        });
    }
}

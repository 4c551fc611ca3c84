package dev.sessionbench.store.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.fixtures.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures what a token costs on the wire for a session with 2 and with 10 small attributes (values of 8 to 20
 * characters), and prints it for the report. Run alone with:
 * {@code ./mvnw -B -q -pl store-token -am verify -Dtest=TokenSizeTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and read {@code store-token/target/surefire-reports/dev.sessionbench.store.token.TokenSizeTest-output.txt}.
 */
class TokenSizeTest {

    /** Ten attributes as an application might keep them; the first two form the small session. */
    static final List<Map.Entry<String, String>> ATTRIBUTES = List.of(
            Map.entry("user", "alice@example.org"),
            Map.entry("role", "customer"),
            Map.entry("locale", "en-GB-oxendict"),
            Map.entry("theme", "dark-contrast"),
            Map.entry("cart", "sku-1234,sku-98"),
            Map.entry("csrf", "q9VxT3mZ8kLp2RwYbN4c"),
            Map.entry("tz", "Europe/London"),
            Map.entry("plan", "premium-annual"),
            Map.entry("lastPage", "/orders/20931"),
            Map.entry("flash", "Saved your changes"));

    static int measure(TokenSessionStore.Builder builder, int attributes) {
        SessionPolicy policy =
                SessionPolicy.defaults().withClock(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        try (TokenSessionStore store = builder.policy(policy).build()) {
            Session s = store.create();
            ATTRIBUTES.stream().limit(attributes).forEach(e -> s.setAttribute(e.getKey(), e.getValue()));
            String token = store.save(s);
            assertThat(store.find(token).orElseThrow().attributes()).hasSize(attributes);
            return token.length();
        }
    }

    @Test
    void tokenSizesForTwoAndTenSmallAttributesArePrintedAndFitACookie() {
        StringBuilder report = new StringBuilder("token size (characters; the cookie adds \"SESSION=\", 8 more)\n");
        for (String kind : new String[] {"HS256", "HS512", "JWE dir+A256GCM"}) {
            for (int n : new int[] {0, 2, 10}) {
                TokenSessionStore.Builder b = TokenSessionStore.builder();
                if (kind.equals("HS512")) {
                    b.algorithm(TokenSessionStore.Algorithm.HS512);
                } else if (kind.startsWith("JWE")) {
                    b.encrypted(true);
                }
                int size = measure(b, n);
                int names = ATTRIBUTES.stream()
                        .limit(n)
                        .mapToInt(e -> e.getKey().length() + e.getValue().length())
                        .sum();
                report.append(String.format(
                        "%-16s %2d attributes (%3d chars of names and values): %4d%n", kind, n, names, size));
                assertThat(size).isBetween(100, 4096);
            }
        }
        System.out.print(report);
    }
}

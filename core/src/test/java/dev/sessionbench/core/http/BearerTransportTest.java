package dev.sessionbench.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionIds;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTransportTest {

    private final BearerTransport bearer = BearerTransport.defaults();
    private final String id = SessionIds.generate();

    @Test
    void headerValueRoundTrips() {
        assertThat(bearer.headerValue(id)).isEqualTo("Bearer " + id);
        assertThat(bearer.candidates(List.of(bearer.headerValue(id)))).containsExactly(id);
        assertThat(bearer.requestHeader()).isEqualTo("Authorization");
    }

    @Test
    void schemeIsMatchedWithoutRegardToCase() {
        assertThat(bearer.candidates(List.of("bearer " + id, "BEARER  " + id + " ")))
                .containsExactly(id);
    }

    @Test
    void tokenWithDotsAndPaddingIsAccepted() {
        assertThat(bearer.candidates(List.of("Bearer aGVs.bG8.c2ln=="))).containsExactly("aGVs.bG8.c2ln==");
        assertThat(bearer.candidates(List.of("Bearer aGVs.bG8=.c2ln")))
                .as("padding only at the end")
                .isEmpty();
    }

    @Test
    void otherSchemesAndMalformedValuesAreSkipped() {
        assertThat(bearer.candidates(Arrays.asList(
                        null,
                        "",
                        "Basic dXNlcjpwYXNz",
                        "Bearer",
                        "Bearer ",
                        "Bearerx " + id,
                        "Bearer a b",
                        "Bearer =abc",
                        "Bearer a\u0000b",
                        "Bearer a\r\nX: y",
                        "Bearer \u00e9",
                        "Token " + id)))
                .isEmpty();
    }

    @Test
    void overLongValueAndTooManyHeadersAreIgnored() {
        assertThat(bearer.candidates(List.of("Bearer " + "a".repeat(BearerTransport.DEFAULT_MAX_VALUE_CHARS + 1))))
                .isEmpty();
        assertThat(bearer.candidates(List.of("x", "x", "x", "x", "Bearer " + id)))
                .isEmpty();
    }

    @Test
    void headerValueRefusesWhatIsNotABearerToken() {
        assertThatThrownBy(() -> bearer.headerValue("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bearer token");
        assertThatThrownBy(() -> BearerTransport.withMaxValueChars(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolveFindsTheSessionInTheStore() {
        MapStore store = new MapStore();
        Session s = store.create().setAttribute("k", "v");
        store.save(s);
        assertThat(bearer.resolve(store, List.of("Bearer junk", "Bearer " + s.id()))
                        .map(Session::id))
                .contains(s.id());
    }
}

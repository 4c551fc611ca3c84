package dev.sessionbench.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreUriTest {

    enum Mode {
        SAFE,
        BATCHED
    }

    @Test
    void splitsSchemeBodyAndOptions() {
        StoreUri u = StoreUri.parse("MapDB:/var/lib/s.db?durability=batched&commitInterval=100ms");
        assertThat(u.scheme()).isEqualTo("mapdb");
        assertThat(u.body()).isEqualTo("/var/lib/s.db");
        assertThat(u.options())
                .containsExactly(Map.entry("durability", "batched"), Map.entry("commitInterval", "100ms"));
        assertThat(StoreUri.parse("memory:").body()).isEmpty();
        assertThat(StoreUri.parse("memory:?").options()).isEmpty();
    }

    @Test
    void optionValuesArePercentDecoded() {
        assertThat(StoreUri.parse("token:?key=file%3A%2Ftmp%2Fk").option("key", null))
                .isEqualTo("file:/tmp/k");
    }

    @Test
    void typedOptionsParseAndExplainFailures() {
        StoreUri u = StoreUri.parse("x:?n=1_000&b=yes&d=30s&iso=PT2M&m=batched");
        assertThat(u.longOption("n", 0, 0, 10_000)).isEqualTo(1_000);
        assertThat(u.longOption("absent", 7, 0, 10)).isEqualTo(7);
        assertThat(u.booleanOption("b", false)).isTrue();
        assertThat(u.durationOption("d", Duration.ZERO, false)).isEqualTo(Duration.ofSeconds(30));
        assertThat(u.durationOption("iso", Duration.ZERO, false)).isEqualTo(Duration.ofMinutes(2));
        assertThat(u.enumOption("m", Mode.class, Mode.SAFE)).isEqualTo(Mode.BATCHED);

        assertThatThrownBy(() -> u.longOption("n", 0, 0, 10)).hasMessageContaining("from 0 to 10");
        assertThatThrownBy(() -> StoreUri.parse("x:?d=0s").durationOption("d", null, false))
                .hasMessageContaining("positive duration");
        assertThat(StoreUri.parse("x:?d=0s").durationOption("d", null, true)).isZero();
        assertThatThrownBy(() -> StoreUri.parse("x:?m=fast").enumOption("m", Mode.class, Mode.SAFE))
                .hasMessageContaining("one of [batched, safe]");
        assertThatThrownBy(() -> StoreUri.parse("x:?b=maybe").booleanOption("b", false))
                .hasMessageContaining("true or false");
    }

    @Test
    void anIntervalOfZeroInAnyFormIsOffAndANegativeOneIsRefused() {
        for (String off : new String[] {"0", "0s", "0ms", "PT0S"}) {
            assertThat(StoreUri.parse("x:?purgeInterval=" + off).intervalOption("purgeInterval", Duration.ofMinutes(1)))
                    .as(off)
                    .isZero();
        }
        assertThat(StoreUri.parse("x:?purgeInterval=90s").intervalOption("purgeInterval", Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(StoreUri.parse("x:").intervalOption("purgeInterval", Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> StoreUri.parse("x:?purgeInterval=-1s").intervalOption("purgeInterval", null))
                .hasMessageContaining("purgeInterval=-1s")
                .hasMessageContaining("zero or more");
    }

    @Test
    void aPlusInAnOptionStaysAPlusAndIsNeverASpace() {
        StoreUri u = StoreUri.parse("x:?prefix=a+b&other=a%2Bb%20c");
        assertThat(u.option("prefix", null)).isEqualTo("a+b");
        assertThat(u.option("other", null)).isEqualTo("a+b c");
    }

    @Test
    void unknownAndRepeatedOptionsAreRefused() {
        assertThatThrownBy(() -> StoreUri.parse("x:?a=1&a=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> StoreUri.parse("x:?colour=red").requireOnly(Set.of("color")))
                .hasMessageContaining("unknown option 'colour'")
                .hasMessageContaining("[color]");
        assertThatThrownBy(() -> StoreUri.parse("x:?a=%zz")).hasMessageContaining("malformed %-escape");
    }

    @Test
    void passwordsAreRedacted() {
        StoreUri u = StoreUri.parse("redis://app:s3cret@127.0.0.1:6379/0?password=other&prefix=p");
        assertThat(u.toString())
                .doesNotContain("s3cret")
                .doesNotContain("other")
                .contains("prefix=p");
        assertThat(u.password()).contains("s3cret");
        assertThatThrownBy(() -> u.requireOnly(Set.of())).hasMessageNotContaining("s3cret");
    }

    /** Passwords a generator or a person may choose: every character that is special in a URI, and a space. */
    static final String[] HARD_PASSWORDS = {
        "Tr0ub4dor/3xyz",
        "pa?ss",
        "pa#ss",
        "a+b",
        "100%sure",
        "p@ss@word",
        "us:er:pw",
        "with space",
        "/?#+%@: all of them"
    };

    @Test
    void everythingBetweenTheSlashesAndTheLastAtIsRedactedWhateverItContains() {
        for (String password : HARD_PASSWORDS) {
            String uri = "redis://:" + password + "@127.0.0.1:6390/0?prefix=p";
            assertThat(StoreUri.redact(uri)).as(password).isEqualTo("redis://***@127.0.0.1:6390/0?prefix=p");
            String withUser = "rediss://app:" + password + "@cache.example:6380";
            assertThat(StoreUri.redact(withUser)).as(password).isEqualTo("rediss://***@cache.example:6380");
        }
        assertThat(StoreUri.redact(":s3cret@127.0.0.1:6379")).as("no scheme").doesNotContain("s3cret");
        assertThat(StoreUri.redact("redis://127.0.0.1:6379/0")).isEqualTo("redis://127.0.0.1:6379/0");
    }

    @Test
    void messagesAndToStringNeverShowAPasswordWithSlashQuestionMarkOrHash() {
        for (String password : HARD_PASSWORDS) {
            if (password.contains("%")) {
                continue; // a raw % is a malformed escape: see the next test
            }
            StoreUri u = StoreUri.parse("redis://:" + password + "@127.0.0.1:6390/0?colour=red");
            assertThat(u.toString()).as(password).doesNotContain(password).contains("127.0.0.1:6390");
            assertThat(u.options()).as(password).containsExactly(Map.entry("colour", "red"));
            assertThatThrownBy(() -> u.requireOnly(Set.of("prefix")))
                    .as(password)
                    .hasMessageNotContaining(password)
                    .hasMessageContaining("colour");
        }
    }

    @Test
    void aMalformedEscapeIsRefusedWithoutShowingTheSecret() {
        for (String uri : new String[] {
            "redis://:100%sure@h",
            "redis://:ab%4@h",
            "redis://:ab%G1xyz@h",
            "token:?key=zz%Qsecretvalue",
            "redis://:%FFxyzsecret@h"
        }) {
            assertThatThrownBy(() -> StoreUri.parse(uri).password())
                    .as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("%")
                    .hasMessageNotContaining("sure")
                    .hasMessageNotContaining("secret")
                    .hasMessageNotContaining("ab%")
                    .hasNoCause();
        }
    }

    @Test
    void userInformationAndOptionsArePercentDecodedAsRfc3986SaysWithPlusKept() {
        StoreUri u = StoreUri.parse("redis://ap%70:a+b%2Fc%3Fd%23e%25f%40g%3Ah%20i@h:1/0?prefix=x+y%2Bz&n=%E2%82%AC");
        assertThat(u.user()).contains("app");
        assertThat(u.password()).contains("a+b/c?d#e%f@g:h i");
        assertThat(u.option("prefix", null)).isEqualTo("x+y+z");
        assertThat(u.option("n", null)).isEqualTo("\u20AC");
        assertThat(u.hostAndPath()).isEqualTo("h:1/0");
    }

    @Test
    void unencodedSpecialCharactersInThePasswordEndAtTheLastAt() {
        StoreUri u = StoreUri.parse("redis://:Tr0ub4dor/3x?y#z@w:v@127.0.0.1:6390/2?prefix=p");
        assertThat(u.user()).isEmpty();
        assertThat(u.password()).contains("Tr0ub4dor/3x?y#z@w:v");
        assertThat(u.hostAndPath()).isEqualTo("127.0.0.1:6390/2");
        assertThat(u.options()).containsExactly(Map.entry("prefix", "p"));
        StoreUri none = StoreUri.parse("redis://h:6379/0?prefix=p");
        assertThat(none.user()).isEmpty();
        assertThat(none.password()).isEmpty();
        assertThat(none.hostAndPath()).isEqualTo("h:6379/0");
    }
}

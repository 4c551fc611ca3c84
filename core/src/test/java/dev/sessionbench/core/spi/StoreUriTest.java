package dev.sessionbench.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreUriTest {

    enum Mode { SAFE, BATCHED }

    @Test
    void splitsSchemeBodyAndOptions() {
        StoreUri u = StoreUri.parse("MapDB:/var/lib/s.db?durability=batched&commitInterval=100ms");
        assertThat(u.scheme()).isEqualTo("mapdb");
        assertThat(u.body()).isEqualTo("/var/lib/s.db");
        assertThat(u.options()).containsExactly(Map.entry("durability", "batched"), Map.entry("commitInterval", "100ms"));
        assertThat(StoreUri.parse("memory:").body()).isEmpty();
        assertThat(StoreUri.parse("memory:?").options()).isEmpty();
    }

    @Test
    void optionValuesArePercentDecoded() {
        assertThat(StoreUri.parse("token:?key=file%3A%2Ftmp%2Fk").option("key", null)).isEqualTo("file:/tmp/k");
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
        assertThatThrownBy(() -> StoreUri.parse("x:?b=maybe").booleanOption("b", false)).hasMessageContaining("true or false");
    }

    @Test
    void unknownAndRepeatedOptionsAreRefused() {
        assertThatThrownBy(() -> StoreUri.parse("x:?a=1&a=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> StoreUri.parse("x:?colour=red").requireOnly(Set.of("color")))
                .hasMessageContaining("unknown option 'colour'").hasMessageContaining("[color]");
        assertThatThrownBy(() -> StoreUri.parse("x:?a=%zz")).hasMessageContaining("malformed %-escape");
    }

    @Test
    void passwordsAreRedacted() {
        StoreUri u = StoreUri.parse("redis://app:s3cret@127.0.0.1:6379/0?password=other&prefix=p");
        assertThat(u.toString()).doesNotContain("s3cret").doesNotContain("other").contains("prefix=p");
        assertThat(u.raw()).contains("s3cret");
        assertThatThrownBy(() -> u.requireOnly(Set.of())).hasMessageNotContaining("s3cret");
    }
}

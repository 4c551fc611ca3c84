package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void throughputTakesTheSiPrefixAndThreeSignificantDigits() {
        assertThat(Units.opsPerSecond(1_234_567)).isEqualTo("1.23 M ops/s");
        assertThat(Units.opsPerSecond(950)).isEqualTo("950 ops/s");
        assertThat(Units.opsPerSecond(52_781)).isEqualTo("52.8 k ops/s");
        assertThat(Units.opsPerSecond(2.5e9)).isEqualTo("2.50 G ops/s");
    }

    @Test
    void throughputThatRoundsUpToTheNextPrefixTakesIt() {
        assertThat(Units.opsPerSecond(999_960)).isEqualTo("1.00 M ops/s");
    }

    @Test
    void errorIsWrittenInTheScorePrefixWithAtLeastTheScoreDecimals() {
        assertThat(Units.opsPerSecondWithError(1_234_567, 51_000)).isEqualTo("1.23 ± 0.051 M ops/s");
        assertThat(Units.opsPerSecondWithError(1_234_567, 120_000)).isEqualTo("1.23 ± 0.12 M ops/s");
        assertThat(Units.opsPerSecondWithError(475_000, 2_223_456)).isEqualTo("475 ± 2223 k ops/s");
        assertThat(Units.opsPerSecondWithError(1_234_567, Double.NaN)).isEqualTo("1.23 ± ? M ops/s");
    }

    @Test
    void missingValuesReadNotAvailable() {
        assertThat(Units.opsPerSecond(Double.NaN)).isEqualTo("n/a");
        assertThat(Units.ratio(Double.NaN)).isEqualTo("n/a");
        assertThat(Units.bytes(Double.NaN)).isEqualTo("n/a");
        assertThat(Units.timePerOp(0)).isEqualTo("n/a");
    }

    @Test
    void bytesTakeBinaryPrefixes() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(2458)).isEqualTo("2.4 KiB");
        assertThat(Units.bytes(1.5 * 1024 * 1024)).isEqualTo("1.5 MiB");
        assertThat(Units.bytes(512 * 1024)).isEqualTo("512 KiB");
        assertThat(Units.bytesPerOp(0.004)).isEqualTo("0 B/op");
        assertThat(Units.bytesPerOp(120.3)).isEqualTo("120 B/op");
    }

    @Test
    void timesPerOperationTakeTheirUnit() {
        assertThat(Units.timePerOp(1_000_000)).isEqualTo("1.00 µs");
        assertThat(Units.timePerOp(105_000)).isEqualTo("9.52 µs");
        assertThat(Units.duration(604e-9)).isEqualTo("604 ns");
        assertThat(Units.duration(0.0061)).isEqualTo("6.10 ms");
        assertThat(Units.wallClock(151)).isEqualTo("2 min 31 s");
        assertThat(Units.wallClock(3725)).isEqualTo("1 h 02 min");
    }

    @Test
    void ratiosAndPercentagesKeepThreeSignificantDigits() {
        assertThat(Units.ratio(0.5491)).isEqualTo("0.549×");
        assertThat(Units.ratio(25.04)).isEqualTo("25.0×");
        assertThat(Units.ratio(0.003219)).isEqualTo("0.00322×");
        assertThat(Units.percent(4.1, 100)).isEqualTo("4.1 %");
        assertThat(Units.count(100_000)).isEqualTo("100,000");
    }
}

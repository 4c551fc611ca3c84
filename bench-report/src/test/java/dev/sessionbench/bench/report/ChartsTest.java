package dev.sessionbench.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void decadeTicksAreLabelledInThroughputUnitsAndOthersLeftBlank() {
        assertThat(Charts.decadeTick(0)).isEqualTo("1");
        assertThat(Charts.decadeTick(2)).isEqualTo("100");
        assertThat(Charts.decadeTick(3)).isEqualTo("1 k");
        assertThat(Charts.decadeTick(4.0000000001)).isEqualTo("10 k");
        assertThat(Charts.decadeTick(6)).isEqualTo("1 M");
        assertThat(Charts.decadeTick(3.5)).isEmpty();
    }

    @Test
    void errorBarInDecadesTakesTheWiderLowerSide() {
        assertThat(Charts.logError(100, 50)).isCloseTo(Math.log10(2), within(1e-12));
        assertThat(Charts.logError(100, 150)).isCloseTo(Math.log10(2.5), within(1e-12));
        assertThat(Charts.logError(100, Double.NaN)).isZero();
    }

    @Test
    void compactSvgRoundsCoordinatesAndNumbersClipIdsInOrder() {
        String svg = "<clipPath id=\"clip123456\"/><path d=\"M-6.296875,-3.984375 L10.5,2\"/>"
                + "<g clip-path=\"url(#clip123456)\"/><clipPath id=\"clip-99\"/>";
        assertThat(Charts.compact(svg))
                .isEqualTo("<clipPath id=\"clip1\"/><path d=\"M-6.3,-3.98 L10.5,2\"/>"
                        + "<g clip-path=\"url(#clip1)\"/><clipPath id=\"clip2\"/>");
    }
}

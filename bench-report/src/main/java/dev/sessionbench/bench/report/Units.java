package dev.sessionbench.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Human-readable numbers for reports: throughput with SI prefixes ("1.23 M ops/s"), bytes with binary prefixes
 * ("2.4 KiB"), times per operation ("9.5 µs") and ratios ("0.42×"). Always {@link Locale#ROOT}, so a report
 * reads the same wherever it is rendered.
 */
public final class Units {

    /** Significant digits of every rendered measurement: JMH errors rarely justify more. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /** What a missing reference renders as: measured nowhere in this run. */
    public static final String NOT_AVAILABLE = "n/a";

    private static final String[] SI = {"", "k", "M", "G", "T"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {}

    /** Returns a throughput in operations per second, e.g. "1.23 M ops/s", "950 ops/s". */
    public static String opsPerSecond(double opsPerSecond) {
        if (!Double.isFinite(opsPerSecond)) {
            return NOT_AVAILABLE;
        }
        Scaled s = si(opsPerSecond);
        return s.mantissa + " " + s.prefix + (s.prefix.isEmpty() ? "" : " ") + "ops/s";
    }

    /** Returns "score ± error unit" with both in the score's prefix, e.g. "1.23 ± 0.05 M ops/s". */
    public static String opsPerSecondWithError(double score, double error) {
        if (!Double.isFinite(score)) {
            return NOT_AVAILABLE;
        }
        Scaled s = si(score);
        String unit = (s.prefix.isEmpty() ? "" : s.prefix + " ") + "ops/s";
        if (!Double.isFinite(error)) {
            return s.mantissa + " ± ? " + unit;
        }
        return s.mantissa + " ± " + plain(error / s.factor, s.mantissa) + " " + unit;
    }

    /** Returns the error as a percentage of the score, e.g. "4.1 %", or "?" when JMH could not compute it. */
    public static String percent(double part, double whole) {
        if (!Double.isFinite(part) || !Double.isFinite(whole) || whole == 0) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.1f %%", 100 * part / whole);
    }

    /** Returns a size with binary prefixes, e.g. "512 B", "2.4 KiB", "1.1 MiB", "512 KiB". */
    public static String bytes(double bytes) {
        if (!Double.isFinite(bytes)) {
            return NOT_AVAILABLE;
        }
        double v = bytes;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
            v /= 1024;
            i++;
        }
        if (i == 0) {
            return Math.round(v) + " B";
        }
        return String.format(Locale.ROOT, Math.abs(v) < 100 ? "%.1f %s" : "%.0f %s", v, BINARY[i]);
    }

    /** Returns allocation per operation, e.g. "512 B/op"; JMH's near-zero noise reads "0 B/op". */
    public static String bytesPerOp(double bytes) {
        return Double.isFinite(bytes) ? bytes(bytes) + "/op" : NOT_AVAILABLE;
    }

    /** Returns the time one operation takes on one thread at this throughput, e.g. "95 ns", "9.5 µs". */
    public static String timePerOp(double opsPerSecondPerThread) {
        if (!Double.isFinite(opsPerSecondPerThread) || opsPerSecondPerThread <= 0) {
            return NOT_AVAILABLE;
        }
        return duration(1 / opsPerSecondPerThread);
    }

    /** Returns a short duration in seconds as "95 ns", "9.5 µs", "1.20 ms", "3.00 s". */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return NOT_AVAILABLE;
        }
        double abs = Math.abs(seconds);
        if (abs >= 1 || abs == 0) {
            return sig(seconds) + " s";
        }
        if (abs >= 1e-3) {
            return sig(seconds * 1e3) + " ms";
        }
        if (abs >= 1e-6) {
            return sig(seconds * 1e6) + " µs";
        }
        return sig(seconds * 1e9) + " ns";
    }

    /** Returns a wall-clock length such as "1 h 02 min", "7 min 05 s" or "42 s". */
    public static String wallClock(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return seconds + " s";
    }

    /** Returns a ratio such as "0.42×", "3.10×", "0.0031×"; "n/a" when either side is missing. */
    public static String ratio(double ratio) {
        if (!Double.isFinite(ratio)) {
            return NOT_AVAILABLE;
        }
        return sig(ratio) + "×";
    }

    /** Returns the cores 10,000 operations per second keep busy at {@code microsPerOp} of CPU each: us/op / 100. */
    public static double coresPer10k(double microsPerOp) {
        return microsPerOp / 100;
    }

    /** Returns CPU microseconds per operation, e.g. "70.5 µs/op"; "n/a" when not measured. */
    public static String cpuPerOp(double micros) {
        return Double.isFinite(micros) ? sig(micros) + " µs/op" : NOT_AVAILABLE;
    }

    /** Returns a number of cores, e.g. "0.705"; "n/a" when not measured. */
    public static String cores(double cores) {
        return Double.isFinite(cores) ? sig(cores) : NOT_AVAILABLE;
    }

    /** Returns a latency given in microseconds, e.g. "95.2 µs", "1.20 ms"; "n/a" when not measured. */
    public static String micros(double micros) {
        return Double.isFinite(micros) ? duration(micros / 1e6) : NOT_AVAILABLE;
    }

    /** Returns an integer with thousands separators, e.g. "100,000". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Returns the value rounded to {@link #SIGNIFICANT_DIGITS} significant digits, in plain notation. */
    public static String sig(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN));
        if (d.precision() < SIGNIFICANT_DIGITS) {
            // an exact 2.5 has two digits; write "2.50" like every other value
            d = d.setScale(d.scale() + SIGNIFICANT_DIGITS - d.precision(), RoundingMode.UNNECESSARY);
        }
        return d.toPlainString();
    }

    /** Returns the error with at least the decimals of the score it goes with, and two significant digits. */
    private static String plain(double error, String mantissa) {
        int dot = mantissa.indexOf('.');
        int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
        BigDecimal e = new BigDecimal(error);
        if (e.signum() != 0) {
            BigDecimal twoSig = e.round(new MathContext(2, RoundingMode.HALF_EVEN));
            decimals = Math.max(decimals, Math.min(twoSig.scale(), 6));
        }
        return e.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Scaled si(double value) {
        // round first, so 999.96 k becomes "1.00 M" rather than "1000 k"
        double rounded = new BigDecimal(value)
                .round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN))
                .doubleValue();
        double factor = 1;
        int i = 0;
        while (Math.abs(rounded) >= 1000 * factor && i < SI.length - 1) {
            factor *= 1000;
            i++;
        }
        return new Scaled(sig(value / factor), SI[i], factor);
    }

    private record Scaled(String mantissa, String prefix, double factor) {}
}

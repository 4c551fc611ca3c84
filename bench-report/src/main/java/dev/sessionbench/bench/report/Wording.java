package dev.sessionbench.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Words and numbers shared by the report's sections: configurations, ratios, durations, placeholders. */
final class Wording {

    private Wording() {}

    static final String NOT_DEFINED = "—";

    /** Returns whether two results differ by more than their two errors added together. */
    static boolean significant(Measurement a, Measurement b) {
        return Double.isFinite(a.error())
                && Double.isFinite(b.error())
                && Math.abs(a.score() - b.score()) > a.error() + b.error();
    }

    static String noise(Measurement a, Measurement b) {
        return significant(a, b) ? "" : "; the difference is within this run's error";
    }

    /** Returns a configuration in words: "1 thread, 100,000 live sessions, small payload". */
    static String describe(Measurement.Config c) {
        String params = describeParams(c.params());
        return c.threads() + " thread" + (c.threads() == 1 ? "" : "s") + (params.isEmpty() ? "" : ", " + params);
    }

    /** Returns parameters in words: "100,000 live sessions, small payload, k=3". */
    static String describeParams(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        String live = params.get(Measurement.LIVE_SESSIONS);
        if (live != null) {
            parts.add(countOrText(live) + " live sessions");
        }
        String payload = params.get(Measurement.PAYLOAD);
        if (payload != null) {
            parts.add(payload + " payload");
        }
        new TreeSet<>(params.keySet())
                .stream()
                        .filter(k -> !k.equals(Measurement.LIVE_SESSIONS) && !k.equals(Measurement.PAYLOAD))
                        // direct is the network of every table but the round-trip section's, which names it
                        .filter(k -> !(k.equals(Measurement.NETWORK) && Measurement.DIRECT.equals(params.get(k))))
                        .forEach(k -> parts.add(k + "=" + params.get(k)));
        return String.join(", ", parts);
    }

    /** Returns the ratio to the subject's raw limit or peer, "—" when none is defined, "n/a" when not measured. */
    static String ratioCell(Run run, Measurement m, boolean raw) {
        Optional<Subject> s = Run.catalog(m.subject());
        if (s.isEmpty()
                || s.get().kind() == Subject.Kind.RAW
                || Run.reference(m.subject(), raw).isEmpty()) {
            return NOT_DEFINED;
        }
        return Units.ratio(raw ? run.ratioToRaw(m) : run.ratioToPeer(m));
    }

    static String refSuffix(String subject, boolean raw) {
        Optional<Subject> s = Run.catalog(subject);
        if (s.isEmpty() || s.get().kind() == Subject.Kind.RAW) {
            return "";
        }
        return Run.reference(subject, raw).map(r -> " " + r).orElse("");
    }

    static String paramTitle(String param) {
        return switch (param) {
            case Measurement.LIVE_SESSIONS -> "Live sessions";
            case Measurement.PAYLOAD -> "Payload";
            default -> param;
        };
    }

    static String perOp(Measurement m) {
        return Units.duration(perThreadSeconds(m));
    }

    /** Returns the seconds one thread spends on one operation: threads / throughput. */
    static double perThreadSeconds(Measurement m) {
        return m.threads() / m.score();
    }

    static String bytesOf(Map<String, Double> fp, String key) {
        Double v = fp.get(key);
        return v == null ? Units.NOT_AVAILABLE : Units.bytes(v);
    }

    static String countOrText(String v) {
        try {
            return Units.count(Long.parseLong(v.replace("_", "")));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    static String orNot(String v) {
        return v == null || v.isBlank() ? "not recorded" : v;
    }

    static String fileName(String op) {
        return op.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}

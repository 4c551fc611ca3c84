package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A raw limit that keeps each session under a random key of the session ID's size (a map, a MapDB tree, Redis
 * keys): it measures every operation that has a key-value equivalent, and a create stores one attribute exactly as
 * a seed stores many.
 */
abstract class RawKeyValueAdapter extends RawAdapter {

    /** The operations of a key-value raw limit: all but expiry, which none of them has. */
    static final Set<Operation> OPERATIONS = EnumSet.of(
            Operation.CREATE,
            Operation.LOOKUP_HIT,
            Operation.LOOKUP_MISS,
            Operation.ACCESS_AND_SAVE,
            Operation.CHANGE_ID,
            Operation.INVALIDATE,
            Operation.MIXED);

    RawKeyValueAdapter(Subject subject) {
        super(subject, OPERATIONS, true);
    }

    /** Returns a new random key, unknown to the backend. */
    String newKey() {
        return RawValues.key();
    }

    @Override
    public final String unknownValue() {
        return newKey();
    }

    @Override
    public final String create(String name, String value) {
        return seed(Map.of(name, value));
    }
}

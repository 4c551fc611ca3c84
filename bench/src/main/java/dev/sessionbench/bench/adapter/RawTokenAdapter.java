package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionIds;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * A raw limit of the signed token: tokens with the token store's header and claims ({@link RawJwt}), signed with a
 * key of its own and valid for the policy's idle timeout. It keeps no state, so it holds no session to remove.
 */
abstract class RawTokenAdapter extends RawAdapter {

    /** The key every token this subject accepts is signed with. */
    final SecretKey key = RawJwt.newKey();
    /** How long a token stays valid. */
    final Duration idle;

    private final SecretKey otherKey = RawJwt.newKey();

    RawTokenAdapter(Subject subject, Set<Operation> operations, Duration idle) {
        super(subject, operations, false);
        this.idle = idle;
    }

    @Override
    public final String seed(Map<String, String> attributes) {
        return RawJwt.build(key, SessionIds.generate(), attributes, idle);
    }

    /** Returns a well-formed token signed with another key, which this subject must refuse. */
    @Override
    public final String unknownValue() {
        return RawJwt.build(otherKey, SessionIds.generate(), Map.of(), idle);
    }

    @Override
    public final void close() {}
}

package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import java.util.Set;

/**
 * A raw limit: a backend driven directly, with no session logic above it. It measures only the operations it has a
 * raw equivalent of. A raw limit that keeps state (a map, a file, Redis keys) holds each session and stops resolving
 * a removed one; one that keeps none (a signature, a disk sync, random bytes) does neither.
 */
abstract class RawAdapter implements Adapter {

    private final Subject subject;
    private final Set<Operation> operations;
    private final boolean keepsState;

    RawAdapter(Subject subject, Set<Operation> operations, boolean keepsState) {
        this.subject = subject;
        this.operations = Set.copyOf(operations);
        this.keepsState = keepsState;
    }

    @Override
    public final Subject subject() {
        return subject;
    }

    @Override
    public final Set<Operation> operations() {
        return operations;
    }

    @Override
    public final boolean revokes() {
        return keepsState;
    }

    @Override
    public final boolean holdsSessions() {
        return keepsState;
    }
}

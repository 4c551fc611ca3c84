package dev.sessionbench.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A thread's position in the pick tables of {@link Sessions}: a plain counter, masked by the reader. */
@State(Scope.Thread)
public class Cursor {

    public int next;

    @Setup(Level.Trial)
    public void start(Sessions sessions) {
        next = sessions.nextStart();
    }

    /** Returns the next position and moves on. */
    public int next() {
        return next++;
    }
}

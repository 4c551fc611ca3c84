package dev.sessionbench.store.redis;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts, and remembers the names of, the commands a Lettuce client sends. */
final class CountingListener implements CommandListener {

    private final AtomicLong count = new AtomicLong();
    private final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        count.incrementAndGet();
        names.add(event.getCommand().getType().toString());
    }

    long count() {
        return count.get();
    }

    /** Returns the names of the commands sent since the last call, and forgets them. */
    List<String> drain() {
        List<String> copy = List.copyOf(names);
        names.clear();
        return copy;
    }
}

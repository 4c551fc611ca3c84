package dev.sessionbench.store.memory;

import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStore;
import dev.sessionbench.testkit.SessionStoreContract;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/** The contract, run against the memory store; its backend is the map, so the test counts calls into it. */
class MemorySessionStoreTest extends SessionStoreContract {

    private CountingMap map;

    @Override
    protected SessionStore openStore(SessionPolicy policy) {
        map = new CountingMap();
        return MemorySessionStore.builder().policy(policy).map(map).build();
    }

    @Override
    protected long backendCalls() {
        return map.calls.get();
    }

    @Override
    protected String storeUri() {
        return "memory:";
    }

    @Override
    protected Optional<Boolean> backendHolds(String id) {
        return Optional.of(map.containsKey(id));
    }

    /** A map that counts the store's reads and writes. */
    static final class CountingMap extends ConcurrentHashMap<String, StoredSession> {
        private static final long serialVersionUID = 1L;
        final AtomicLong calls = new AtomicLong();

        @Override
        public StoredSession get(Object key) {
            calls.incrementAndGet();
            return super.get(key);
        }

        @Override
        public StoredSession putIfAbsent(String key, StoredSession value) {
            calls.incrementAndGet();
            return super.putIfAbsent(key, value);
        }

        @Override
        public StoredSession put(String key, StoredSession value) {
            calls.incrementAndGet();
            return super.put(key, value);
        }

        @Override
        public StoredSession remove(Object key) {
            calls.incrementAndGet();
            return super.remove(key);
        }

        @Override
        public StoredSession computeIfPresent(
                String key, BiFunction<? super String, ? super StoredSession, ? extends StoredSession> f) {
            calls.incrementAndGet();
            return super.computeIfPresent(key, f);
        }
    }
}

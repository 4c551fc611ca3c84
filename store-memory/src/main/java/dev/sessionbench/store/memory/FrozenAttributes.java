package dev.sessionbench.store.memory;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.spi.SessionAccess;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable attribute map in one array of names and values, open addressing with linear probing. A save
 * builds the next version of a session's map in a single pass over the stored one plus the session's changes,
 * with one allocation of the array, instead of a mutable copy and then an immutable copy of that.
 */
final class FrozenAttributes extends AbstractMap<String, String> {

    static final FrozenAttributes EMPTY = new FrozenAttributes(new String[4], 0);

    /** Names at even indexes, their values at the odd index after; null where a slot is free. */
    private final String[] table;

    private final int size;

    private FrozenAttributes(String[] table, int size) {
        this.table = table;
        this.size = size;
    }

    /** Returns an immutable copy of {@code attributes}. */
    static FrozenAttributes copyOf(Map<String, String> attributes) {
        if (attributes instanceof FrozenAttributes f) {
            return f;
        }
        if (attributes.isEmpty()) {
            return EMPTY;
        }
        Builder b = new Builder(attributes.size());
        attributes.forEach(b::put);
        return b.build();
    }

    /** Returns {@code base} with the session's pending changes (sets and removals) applied. */
    static FrozenAttributes merge(Map<String, String> base, Session session) {
        if (SessionAccess.changeCount(session) == 0) {
            return copyOf(base);
        }
        Builder b = new Builder(base.size() + SessionAccess.changeCount(session));
        if (base instanceof FrozenAttributes f) {
            for (int i = 0; i < f.table.length; i += 2) {
                if (f.table[i] != null) {
                    b.put(f.table[i], f.table[i + 1]);
                }
            }
        } else {
            base.forEach(b::put);
        }
        SessionAccess.forEachChange(session, b);
        return b.build();
    }

    private static int home(String key, int mask) {
        int h = key.hashCode();
        return ((h ^ (h >>> 16)) & mask) << 1;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String k) || size == 0) {
            return -1;
        }
        int mask = (table.length >> 1) - 1;
        for (int i = home(k, mask); ; i = (i + 2) & (table.length - 1)) {
            String at = table[i];
            if (at == null) {
                return -1;
            }
            if (at.equals(k)) {
                return i;
            }
        }
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : table[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        Objects.requireNonNull(action);
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null) {
                action.accept(table[i], table[i + 1]);
            }
        }
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < table.length && table[i] == null) {
                            i += 2;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < table.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= table.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e = new SimpleImmutableEntry<>(table[next], table[next + 1]);
                        next = advance(next + 2);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Fills a table of a fixed capacity; a value of null removes the name. Used once, then built. */
    private static final class Builder implements BiConsumer<String, String> {
        private final String[] table;
        private final int mask;
        private int size;

        Builder(int expected) {
            int slots = 2;
            while (slots < expected + (expected >> 2) + 1) { // at most about 80 % full
                slots <<= 1;
            }
            table = new String[slots << 1];
            mask = slots - 1;
        }

        @Override
        public void accept(String name, String value) {
            put(name, value);
        }

        void put(String name, String value) {
            int i = home(name, mask);
            while (table[i] != null && !table[i].equals(name)) {
                i = (i + 2) & (table.length - 1);
            }
            if (value == null) {
                if (table[i] != null) {
                    delete(i);
                }
                return;
            }
            if (table[i] == null) {
                size++;
            }
            table[i] = name;
            table[i + 1] = value;
        }

        /** Removes the entry at {@code i} and shifts later entries of its probe run back (no tombstones). */
        private void delete(int i) {
            size--;
            int hole = i;
            int j = i;
            while (true) {
                j = (j + 2) & (table.length - 1);
                String k = table[j];
                if (k == null) {
                    break;
                }
                int h = home(k, mask);
                // the entry at j may move to the hole when its home is not within (hole, j] cyclically
                boolean stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
                if (!stays) {
                    table[hole] = k;
                    table[hole + 1] = table[j + 1];
                    hole = j;
                }
            }
            table[hole] = null;
            table[hole + 1] = null;
        }

        FrozenAttributes build() {
            return size == 0 ? EMPTY : new FrozenAttributes(table, size);
        }
    }
}

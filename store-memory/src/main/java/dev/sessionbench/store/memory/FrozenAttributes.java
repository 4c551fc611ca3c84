package dev.sessionbench.store.memory;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SizedAttributes;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable attribute map in one array of names and values, open addressing with linear probing, that knows
 * the UTF-8 size of its names and values. A save builds the next version of a session's map from a copy of the
 * stored array plus the session's changes, with one allocation of the array and without reading the attributes
 * it does not change; their size carries over, and only the changed ones are counted.
 */
final class FrozenAttributes extends AbstractMap<String, String> implements SizedAttributes {

    static final FrozenAttributes EMPTY = new FrozenAttributes(new String[4], 0, 0);

    /** Names at even indexes, their values at the odd index after; null where a slot is free. */
    private final String[] table;

    private final int size;
    /** UTF-8 bytes of all names and values, as {@link SessionAccess#utf8Length} counts them. */
    private final long utf8Bytes;

    private FrozenAttributes(String[] table, int size, long utf8Bytes) {
        this.table = table;
        this.size = size;
        this.utf8Bytes = utf8Bytes;
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
        int changes = SessionAccess.changeCount(session);
        if (changes == 0) {
            return copyOf(base);
        }
        Builder b;
        if (base instanceof FrozenAttributes f) {
            b = Builder.fits(f.table.length, f.size + changes) ? new Builder(f) : Builder.larger(f, f.size + changes);
        } else {
            b = new Builder(base.size() + changes);
            base.forEach(b::put);
        }
        SessionAccess.forEachChange(session, b);
        return b.build();
    }

    @Override
    public long utf8Bytes() {
        return utf8Bytes;
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

    /**
     * Fills a table of a fixed capacity, keeping count of its UTF-8 bytes; a value of null removes the name. Used
     * once, then built.
     */
    private static final class Builder implements BiConsumer<String, String> {
        private final String[] table;
        private final int mask;
        private int size;
        private long utf8Bytes;

        /** An empty table for about {@code expected} attributes. */
        Builder(int expected) {
            table = new String[slots(expected) << 1];
            mask = (table.length >> 1) - 1;
        }

        /** A copy of {@code base}'s table, size and byte count. */
        Builder(FrozenAttributes base) {
            table = base.table.clone();
            mask = (table.length >> 1) - 1;
            size = base.size;
            utf8Bytes = base.utf8Bytes;
        }

        /** Returns a table for about {@code expected} attributes holding {@code base}'s, with its byte count. */
        static Builder larger(FrozenAttributes base, int expected) {
            Builder b = new Builder(expected);
            for (int i = 0; i < base.table.length; i += 2) {
                if (base.table[i] != null) {
                    b.insert(base.table[i], base.table[i + 1]);
                }
            }
            b.utf8Bytes = base.utf8Bytes;
            return b;
        }

        /** Returns whether a table of {@code length} array slots holds {@code expected} attributes. */
        static boolean fits(int length, int expected) {
            return length >= slots(expected) << 1;
        }

        /** Returns the number of name slots for {@code expected} attributes: at most about 80 % full. */
        private static int slots(int expected) {
            int slots = 2;
            while (slots < expected + (expected >> 2) + 1) {
                slots <<= 1;
            }
            return slots;
        }

        @Override
        public void accept(String name, String value) {
            put(name, value);
        }

        /** Sets or (for a null value) removes the name, counting the bytes it adds or takes away. */
        void put(String name, String value) {
            int i = slot(name);
            String old = table[i + 1];
            if (value == null) {
                if (old != null) {
                    utf8Bytes -= SessionAccess.utf8Length(name) + SessionAccess.utf8Length(old);
                    delete(i);
                }
                return;
            }
            if (old == null) {
                size++;
                utf8Bytes += SessionAccess.utf8Length(name) + SessionAccess.utf8Length(value);
            } else {
                utf8Bytes += SessionAccess.utf8Length(value) - SessionAccess.utf8Length(old);
            }
            table[i] = name;
            table[i + 1] = value;
        }

        /** Adds a name not in the table yet, from a table already counted, without counting it again. */
        private void insert(String name, String value) {
            int i = slot(name);
            table[i] = name;
            table[i + 1] = value;
            size++;
        }

        /** Returns the index of the name's slot, or of the free slot where it would go. */
        private int slot(String name) {
            int i = home(name, mask);
            while (table[i] != null && !table[i].equals(name)) {
                i = (i + 2) & (table.length - 1);
            }
            return i;
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
            return size == 0 ? EMPTY : new FrozenAttributes(table, size, utf8Bytes);
        }
    }
}

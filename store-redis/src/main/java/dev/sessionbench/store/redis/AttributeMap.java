package dev.sessionbench.store.redis;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The read-only attributes of a found session as two parallel arrays: a session of a few attributes costs two
 * small arrays instead of a hash table and an entry per attribute. Lookups scan the names, which for up to
 * {@value #MAX_SCANNED} attributes is as fast as hashing; a larger session gets a {@link HashMap}.
 */
final class AttributeMap extends AbstractMap<String, String> {

    /** Most attributes kept as arrays; beyond this a session's attributes are a {@link HashMap}. */
    static final int MAX_SCANNED = 16;

    private static final AttributeMap EMPTY = new AttributeMap(new String[0], new String[0], 0);

    private final String[] names;
    private final String[] values;
    private final int size;

    private AttributeMap(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    /** Returns the first {@code size} names and values as a read-only map; the arrays must not change afterwards. */
    static Map<String, String> of(String[] names, String[] values, int size) {
        if (size == 0) {
            return EMPTY;
        }
        if (size > MAX_SCANNED) {
            Map<String, String> map = new HashMap<>((int) (size / 0.75f) + 1);
            for (int i = 0; i < size; i++) {
                map.put(names[i], values[i]);
            }
            return map;
        }
        return new AttributeMap(names, values, size);
    }

    private int indexOf(Object name) {
        if (name != null) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}

package dev.sessionbench.bench.adapter;

import dev.sessionbench.bench.report.Subject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The raw limit of the in-heap stores: {@link ConcurrentHashMap} get, put and remove of a 43-character key and an
 * immutable attribute map, with no expiry, validation or copy.
 */
final class RawChmAdapter extends RawKeyValueAdapter {

    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();

    RawChmAdapter() {
        super(Subject.RAW_CHM);
    }

    @Override
    public String seed(Map<String, String> attributes) {
        String key = newKey();
        map.put(key, Map.copyOf(attributes));
        return key;
    }

    @Override
    public Object lookup(String value) {
        return map.get(value);
    }

    @Override
    public String accessAndSave(String value, String name, String newValue) {
        Object v = map.get(value);
        if (v == null) {
            return null;
        }
        map.put(value, v);
        return value;
    }

    @Override
    public String changeId(String value) {
        Object v = map.remove(value);
        if (v == null) {
            return null;
        }
        String key = newKey();
        map.put(key, v);
        return key;
    }

    @Override
    public boolean invalidate(String value) {
        return map.remove(value) != null;
    }

    @Override
    public void close() {
        map.clear();
    }
}

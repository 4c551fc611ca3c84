package dev.sessionbench.store.redis;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a session hash as HGETALL gives it (an array of field and value in RESP2, a map in RESP3; empty when there
 * is no such key) straight from the protocol buffers into the two times and the attributes, without the list of objects, the field strings and the map copy
 * of a generic script output. One per command: Lettuce fills it on its I/O thread, the caller reads it once the
 * command completed. Attribute names are taken from a small shared table of the names seen before (sessions of one
 * application use the same few names), so a lookup allocates only the values' strings.
 */
final class RecordOutput extends CommandOutput<byte[], String, RecordOutput> {

    /** Longest value decoded through the I/O thread's scratch array; a longer one gets an array of its own. */
    private static final int SCRATCH_BYTES = 8192;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);
    /** Attribute names seen before, by a hash of their bytes; races only replace one immutable string by another. */
    private static final String[] NAMES = new String[512];

    private static final int ATTRIBUTE_PREFIX = RedisScripts.ATTRIBUTE.length();

    private static final int NONE = 0;
    private static final int CREATED = 1;
    private static final int ACCESSED = 2;
    private static final int ATTRIBUTE = 3;
    private static final int OTHER = 4;

    private boolean present;
    private boolean malformed;
    private int depth;
    /** What the next bulk string is the value of, or {@link #NONE} when it is a field name. */
    private int pending = NONE;

    private String pendingName;
    private long created = Long.MIN_VALUE;
    private long accessed = Long.MIN_VALUE;
    private String[] names;
    private String[] values;
    private int size;

    RecordOutput(RedisCodec<byte[], String> codec) {
        super(codec, null);
        output = this;
    }

    /** Returns true when there is a record (false for an empty reply or nil: no such key). */
    boolean present() {
        return present;
    }

    /** Returns true when the record has a valid creation and access time and nothing unexpected. */
    boolean valid() {
        return present && !malformed && pending == NONE && created != Long.MIN_VALUE && accessed != Long.MIN_VALUE;
    }

    long created() {
        return created;
    }

    long accessed() {
        return accessed;
    }

    /** Returns the attributes read; call once, after the command completed. */
    Map<String, String> attributes() {
        return AttributeMap.of(names, values, size);
    }

    @Override
    public void multi(int count) {
        if (depth++ > 0) {
            malformed = true;
            return;
        }
        present = count > 0;
        int attributes = Math.max(0, count / 2 - 2);
        names = new String[attributes];
        values = new String[attributes];
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (depth != 1) {
            // nil at the top: no such key; a string at the top or anything nested is not a session hash
            if (bytes != null || depth > 1) {
                present = true;
                malformed = true;
            }
            return;
        }
        if (bytes == null) {
            malformed = true;
            return;
        }
        if (pending == NONE) {
            field(bytes);
            return;
        }
        switch (pending) {
            case CREATED -> created = parseLong(bytes);
            case ACCESSED -> accessed = parseLong(bytes);
            case ATTRIBUTE -> add(pendingName, decode(bytes, bytes.position(), bytes.remaining()));
            default -> {
                // a field of another layout: ignored, as the generic parser ignored it
            }
        }
        pending = NONE;
        pendingName = null;
    }

    @Override
    public void set(long integer) {
        malformed = true;
    }

    private void field(ByteBuffer bytes) {
        int at = bytes.position();
        int length = bytes.remaining();
        if (length == 1 && bytes.get(at) == RedisScripts.CREATED.charAt(0)) {
            pending = CREATED;
        } else if (length == 1 && bytes.get(at) == RedisScripts.ACCESSED.charAt(0)) {
            pending = ACCESSED;
        } else if (length >= ATTRIBUTE_PREFIX && startsWithAttributePrefix(bytes, at)) {
            pending = ATTRIBUTE;
            pendingName = name(bytes, at + ATTRIBUTE_PREFIX, length - ATTRIBUTE_PREFIX);
        } else {
            pending = OTHER;
        }
    }

    private static boolean startsWithAttributePrefix(ByteBuffer bytes, int at) {
        for (int i = 0; i < ATTRIBUTE_PREFIX; i++) {
            if (bytes.get(at + i) != RedisScripts.ATTRIBUTE.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void add(String name, String value) {
        if (size == names.length) {
            int grown = Math.max(4, size * 2);
            names = java.util.Arrays.copyOf(names, grown);
            values = java.util.Arrays.copyOf(values, grown);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /** Returns the decimal integer in the bytes, marking the record malformed when it is not one. */
    private long parseLong(ByteBuffer bytes) {
        int at = bytes.position();
        int end = at + bytes.remaining();
        boolean negative = at < end && bytes.get(at) == '-';
        int i = negative ? at + 1 : at;
        if (i == end || end - i > 18) {
            malformed = true;
            return Long.MIN_VALUE;
        }
        long n = 0;
        for (; i < end; i++) {
            int digit = bytes.get(i) - '0';
            if (digit < 0 || digit > 9) {
                malformed = true;
                return Long.MIN_VALUE;
            }
            n = n * 10 + digit;
        }
        return negative ? -n : n;
    }

    /** Returns the attribute name in the bytes, from the table of known names when it is there. */
    private static String name(ByteBuffer bytes, int at, int length) {
        int hash = 0;
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            byte b = bytes.get(at + i);
            ascii &= b >= 0;
            hash = 31 * hash + b;
        }
        if (!ascii || length > 64) {
            return decode(bytes, at, length);
        }
        int slot = (hash ^ (hash >>> 16)) & (NAMES.length - 1);
        String known = NAMES[slot];
        if (known != null && sameAscii(known, bytes, at, length)) {
            return known;
        }
        String name = decode(bytes, at, length);
        NAMES[slot] = name;
        return name;
    }

    private static boolean sameAscii(String s, ByteBuffer bytes, int at, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != bytes.get(at + i)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes UTF-8 without touching the buffer's position, through the thread's scratch array. */
    private static String decode(ByteBuffer bytes, int at, int length) {
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        byte[] scratch = length <= SCRATCH_BYTES ? SCRATCH.get() : new byte[length];
        bytes.get(at, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }
}

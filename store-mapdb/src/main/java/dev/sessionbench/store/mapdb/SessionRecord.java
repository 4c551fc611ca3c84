package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.SessionPolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One stored session: its times, the deadline under which the expiry index holds it, and its attributes.
 * Encoded by hand (no Java or reflective serialization) with a CRC32C, so a damaged record is detected.
 */
record SessionRecord(long createdAt, long lastAccessedAt, long indexedDeadline, Map<String, String> attributes) {

    private static final byte VERSION = 1;
    /** Version, three times, attribute count, checksum. */
    private static final int MIN_SIZE = 1 + 8 + 8 + 8 + 4 + 4;
    /** Offset of the last access: after the version and the creation time. */
    private static final int LAST_ACCESSED_AT = 1 + 8;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Thrown when a record's bytes do not decode: a damaged file. */
    static final class CorruptRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptRecordException(String message) {
            super(message);
        }
    }

    SessionRecord withLastAccessedAt(long at) {
        return new SessionRecord(createdAt, at, indexedDeadline, attributes);
    }

    SessionRecord withIndexedDeadline(long deadline) {
        return new SessionRecord(createdAt, lastAccessedAt, deadline, attributes);
    }

    /**
     * Returns the encoded record with its last access moved to {@code at} (and its checksum with it), without
     * decoding its attributes; returns {@code encoded} itself when its last access is already as late. Throws
     * {@link CorruptRecordException} when the record does not check.
     */
    static byte[] withLastAccessedAt(byte[] encoded, long at) {
        if (encoded.length < MIN_SIZE || encoded[0] != VERSION) {
            throw new CorruptRecordException("record of " + encoded.length + " bytes does not check");
        }
        int end = encoded.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, end);
        if ((int) crc.getValue() != (int) INT.get(encoded, end)) {
            throw new CorruptRecordException("record checksum does not match");
        }
        if ((long) LONG.get(encoded, LAST_ACCESSED_AT) >= at) {
            return encoded;
        }
        byte[] moved = encoded.clone();
        LONG.set(moved, LAST_ACCESSED_AT, at);
        crc.reset();
        crc.update(moved, 0, end);
        INT.set(moved, end, (int) crc.getValue());
        return moved;
    }

    /** Returns the record's deadline under the policy: {@code min(lastAccessedAt + idle, createdAt + absolute)}. */
    long deadline(SessionPolicy policy) {
        return policy.deadlineMillis(createdAt, lastAccessedAt);
    }

    byte[] encode() {
        int size = 1 + 8 + 8 + 8 + 4 + 4;
        byte[][] parts = new byte[attributes.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            parts[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            parts[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
            size += 8 + parts[i].length + parts[i + 1].length;
            i += 2;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(VERSION)
                .putLong(createdAt)
                .putLong(lastAccessedAt)
                .putLong(indexedDeadline)
                .putInt(attributes.size());
        for (byte[] part : parts) {
            buf.putInt(part.length).put(part);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    static SessionRecord decode(byte[] bytes) {
        if (bytes.length < 1 + 8 + 8 + 8 + 4 + 4) {
            throw new CorruptRecordException("record of " + bytes.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if ((int) crc.getValue() != buf.getInt(bytes.length - 4)) {
            throw new CorruptRecordException("record checksum does not match");
        }
        if (buf.get() != VERSION) {
            throw new CorruptRecordException("record has unknown version " + bytes[0]);
        }
        long created = buf.getLong();
        long accessed = buf.getLong();
        long indexed = buf.getLong();
        int count = buf.getInt();
        if (count < 0 || count > (bytes.length - buf.position()) / 8) {
            throw new CorruptRecordException("record claims " + count + " attributes");
        }
        Map<String, String> attributes = new LinkedHashMap<>(Math.max(4, count * 4 / 3 + 1));
        try {
            for (int i = 0; i < count; i++) {
                attributes.put(string(buf), string(buf));
            }
        } catch (RuntimeException e) {
            throw new CorruptRecordException("record attributes do not decode: " + e);
        }
        return new SessionRecord(created, accessed, indexed, attributes);
    }

    /** Reads a length and that many bytes of UTF-8, decoded straight from the record's array. */
    private static String string(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("length " + n + " out of range");
        }
        String s = new String(buf.array(), buf.position(), n, StandardCharsets.UTF_8);
        buf.position(buf.position() + n);
        return s;
    }
}

package dev.sessionbench.store.mapdb;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume whose {@link #sync} is atomic: writes stay in memory as dirty 4 KiB pages until sync, which
 * appends all of them to a journal file as one checksummed batch and forces it, then writes them into the main file.
 * The main file is forced and the journal emptied every few MiB of journal. A process killed at any point leaves
 * either the old or the new state of every sync: opening replays the complete batches and discards a torn one. Reads go through a bounded cache of clean pages.
 *
 * <p>Why not MapDB's own {@code transactionEnable()}: in MapDB 3.1.0 {@code StoreWAL} never replays its write-ahead
 * log on open and its commit overwrites the main file in place, so a kill during a commit can tear the file.
 *
 * <p>The main file is only ever written by {@link #sync} and by journal replay; closing without sync discards
 * pending writes, so a store that fails to open leaves its file as it found it.
 */
final class JournaledVolume extends Volume {

    static final int PAGE = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final long MAGIC = 0x53424A524E4C3031L; // "SBJRNL01"
    private static final int HEADER = 8 + 8 + 8 + 8 + 4;
    /** Journal size at which the main file is forced and the journal emptied. */
    static final long CHECKPOINT_BYTES = 4L * 1024 * 1024;

    private final File file;
    private final Path journalPath;
    private final RandomAccessFileVol inner;
    private final FileChannel journal;
    private final Map<Long, byte[]> dirty = new HashMap<>();
    private final LinkedHashMap<Long, byte[]> clean;
    /** Length of the main file on disk. */
    private long fileLength;
    /** Length MapDB sees, including pending growth or truncation. */
    private long length;
    /** Pending truncation: bytes at or after this offset read as zero unless dirty. */
    private long zeroFrom = Long.MAX_VALUE;
    private boolean closedFlag;
    private long journalPos;
    private boolean abandoned;
    private long nextSeq;
    /** For tests: when set, the next sync stops after forcing the journal, as a process killed there would. */
    volatile boolean failAfterJournalForTest;

    /**
     * Opens the existing main file under MapDB's exclusive file lock, then replays or discards the journal left by
     * a killed process. Throws {@link DBException.FileLocked} when another store holds the file.
     */
    JournaledVolume(File file, long cacheBytes) {
        this.file = file;
        this.journalPath = journalPathOf(file.toPath());
        int maxPages = (int) Math.max(16, Math.min(Integer.MAX_VALUE, cacheBytes / PAGE));
        this.clean = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > maxPages;
            }
        };
        this.inner = new RandomAccessFileVol(file, false, 0L, 0L); // takes MapDB's file lock
        try {
            this.journal = FileChannel.open(journalPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.fileLength = inner.length();
            this.length = fileLength;
            recover();
            syncDirectory(journalPath);
        } catch (IOException | RuntimeException e) {
            inner.close();
            throw e instanceof IOException io ? new DBException.VolumeIOError(io) : (RuntimeException) e;
        }
    }

    /** Forces the directory holding {@code file}, so that a newly created or linked file survives a power loss. */
    static void syncDirectory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the files themselves are still forced.
        }
    }

    static Path journalPathOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    /** Returns the length of the main file on disk, as last synced. */
    synchronized long fileLength() {
        return fileLength;
    }

    /** Returns how many pages wait for the next sync. */
    synchronized int dirtyPages() {
        return dirty.size();
    }

    // ---- journal ---------------------------------------------------------------------------------------------

    private void recover() throws IOException {
        long size = journal.size();
        if (size == 0) {
            return;
        }
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE));
        while (all.hasRemaining() && journal.read(all, all.position()) > 0) {
            // read the whole journal
        }
        all.flip();
        int pos = 0;
        long lastSeq = -1;
        boolean applied = false;
        while (true) {
            Batch batch = parse(all, pos);
            // Only an unbroken run of sequence numbers is replayed: what follows a torn batch, or is left over from
            // before a checkpoint, never is.
            if (batch == null || (lastSeq >= 0 && batch.seq != lastSeq + 1)) {
                break;
            }
            apply(batch.newLength, batch.zeroFrom, batch.pages);
            applied = true;
            lastSeq = batch.seq;
            pos += batch.size;
        }
        if (applied) {
            inner.sync();
        }
        nextSeq = lastSeq + 1;
        journal.truncate(0);
        journal.force(true);
    }

    private record Batch(long seq, long newLength, long zeroFrom, Map<Long, byte[]> pages, int size) {
    }

    /** Returns the batch at {@code pos}, or null when it is incomplete or damaged: a sync that never returned. */
    private static Batch parse(ByteBuffer buf, int pos) {
        int available = buf.limit() - pos;
        if (available < HEADER + 4 || buf.getLong(pos) != MAGIC) {
            return null;
        }
        long seq = buf.getLong(pos + 8);
        long newLength = buf.getLong(pos + 16);
        long zeroFrom = buf.getLong(pos + 24);
        int count = buf.getInt(pos + 32);
        long expected = HEADER + (long) count * (8 + PAGE) + 4;
        if (count < 0 || newLength < 0 || available < expected) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(pos).limit(pos + (int) expected - 4));
        if ((int) crc.getValue() != buf.getInt(pos + (int) expected - 4)) {
            return null;
        }
        Map<Long, byte[]> pages = new HashMap<>();
        int at = pos + HEADER;
        for (int i = 0; i < count; i++) {
            long pageNo = buf.getLong(at);
            byte[] page = new byte[PAGE];
            buf.get(at + 8, page);
            pages.put(pageNo, page);
            at += 8 + PAGE;
        }
        return new Batch(seq, newLength, zeroFrom, pages, (int) expected);
    }

    /** Writes a batch into the main file, without forcing it; applying the same batches again gives the same file. */
    private void apply(long newLength, long truncateAt, Map<Long, byte[]> pages) {
        if (truncateAt < fileLength) {
            inner.truncate(truncateAt);
        }
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long offset = e.getKey() << PAGE_SHIFT;
            int n = (int) Math.min(PAGE, newLength - offset);
            if (n > 0) {
                inner.putData(offset, e.getValue(), 0, n);
            }
        }
        inner.truncate(newLength);
        fileLength = newLength;
        length = newLength;
    }

    /**
     * Makes every write since the last sync durable, all or nothing: the batch is appended to the journal, which is
     * forced (the one fsync of a commit), then written into the main file. The main file is forced and the journal
     * emptied once the journal passes {@link #CHECKPOINT_BYTES}, and on close.
     */
    @Override
    public synchronized void sync() {
        checkOpen();
        if (dirty.isEmpty() && zeroFrom == Long.MAX_VALUE && length == fileLength) {
            return;
        }
        List<Long> pageNos = new ArrayList<>(dirty.keySet());
        int count = pageNos.size();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + count * (8 + PAGE) + 4);
        buf.putLong(MAGIC).putLong(nextSeq).putLong(length).putLong(zeroFrom).putInt(count);
        for (Long pageNo : pageNos) {
            buf.putLong(pageNo).put(dirty.get(pageNo));
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                journal.write(buf, journalPos + buf.position());
            }
            journal.force(false);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        nextSeq++;
        journalPos += buf.limit();
        if (failAfterJournalForTest) {
            failAfterJournalForTest = false;
            throw new DBException.VolumeIOError(new IOException("simulated crash after the journal was forced"));
        }
        apply(length, zeroFrom, dirty);
        clean.putAll(dirty);
        dirty.clear();
        zeroFrom = Long.MAX_VALUE;
        if (journalPos >= CHECKPOINT_BYTES) {
            checkpoint();
        }
    }

    /** Forces the main file and empties the journal, whose batches it now holds. */
    private void checkpoint() {
        inner.sync();
        try {
            journal.truncate(0);
        } catch (IOException e) {
            throw new DBException.VolumeIOError(e);
        }
        journalPos = 0;
    }

    // ---- pages -----------------------------------------------------------------------------------------------

    /** Returns the current content of a page, for reading only. */
    private byte[] page(long pageNo) {
        byte[] p = dirty.get(pageNo);
        if (p != null) {
            return p;
        }
        p = clean.get(pageNo);
        if (p != null) {
            return p;
        }
        p = new byte[PAGE];
        long offset = pageNo << PAGE_SHIFT;
        long end = Math.min(fileLength, zeroFrom);
        if (offset < end) {
            inner.getData(offset, p, 0, (int) Math.min(PAGE, end - offset));
        }
        if (zeroFrom == Long.MAX_VALUE) {
            clean.put(pageNo, p);
        }
        return p;
    }

    /** Returns the page to write into, copying it into the dirty set on the first write since the last sync. */
    private byte[] dirtyPage(long pageNo) {
        byte[] p = dirty.get(pageNo);
        if (p == null) {
            p = page(pageNo).clone();
            dirty.put(pageNo, p);
            clean.remove(pageNo);
        }
        return p;
    }

    private void read(long offset, byte[] dst, int dstPos, int size) {
        while (size > 0) {
            int in = (int) (offset & (PAGE - 1));
            int n = Math.min(size, PAGE - in);
            System.arraycopy(page(offset >>> PAGE_SHIFT), in, dst, dstPos, n);
            offset += n;
            dstPos += n;
            size -= n;
        }
    }

    private void write(long offset, byte[] src, int srcPos, int size) {
        while (size > 0) {
            int in = (int) (offset & (PAGE - 1));
            int n = Math.min(size, PAGE - in);
            System.arraycopy(src, srcPos, dirtyPage(offset >>> PAGE_SHIFT), in, n);
            offset += n;
            srcPos += n;
            size -= n;
        }
    }

    private void checkOpen() {
        if (closedFlag) {
            throw new DBException.VolumeClosed("volume of " + file + " is closed");
        }
    }

    // ---- Volume ----------------------------------------------------------------------------------------------

    @Override
    public synchronized void ensureAvailable(long offset) {
        checkOpen();
        if (offset > length) {
            length = offset;
        }
    }

    @Override
    public synchronized void truncate(long size) {
        checkOpen();
        length = size;
        zeroFrom = Math.min(zeroFrom, size);
        long firstGone = (size + PAGE - 1) >>> PAGE_SHIFT;
        dirty.keySet().removeIf(p -> p >= firstGone);
        clean.clear();
        int in = (int) (size & (PAGE - 1));
        if (in != 0) {
            byte[] last = dirtyPage(size >>> PAGE_SHIFT);
            java.util.Arrays.fill(last, in, PAGE, (byte) 0);
        }
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).putLong(value);
        write(offset, b, 0, 8);
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        byte[] b = new byte[4];
        ByteBuffer.wrap(b).putInt(value);
        write(offset, b, 0, 4);
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        dirtyPage(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE - 1))] = value;
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        write(offset, b, 0, b.length);
    }

    @Override
    public synchronized long getLong(long offset) {
        int in = (int) (offset & (PAGE - 1));
        if (in <= PAGE - 8) {
            return ByteBuffer.wrap(page(offset >>> PAGE_SHIFT)).getLong(in);
        }
        byte[] b = new byte[8];
        read(offset, b, 0, 8);
        return ByteBuffer.wrap(b).getLong();
    }

    @Override
    public synchronized int getInt(long offset) {
        byte[] b = new byte[4];
        read(offset, b, 0, 4);
        return ByteBuffer.wrap(b).getInt();
    }

    @Override
    public synchronized byte getByte(long offset) {
        return page(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE - 1))];
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        byte[] b = new byte[size];
        read(offset, b, 0, size);
        return new DataInput2.ByteArray(b);
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[PAGE];
        long offset = startOffset;
        while (offset < endOffset) {
            int n = (int) Math.min(endOffset - offset, PAGE - (offset & (PAGE - 1)));
            long pageNo = offset >>> PAGE_SHIFT;
            // A page never written and past the end of the file already reads as zeros.
            boolean alreadyZero = !dirty.containsKey(pageNo) && (pageNo << PAGE_SHIFT) >= Math.min(fileLength, zeroFrom);
            if (!alreadyZero) {
                write(offset, zeros, 0, n);
            }
            offset += n;
        }
    }

    /** For tests: close as a killed process would, leaving the journal unreplayed. */
    synchronized void abandon() {
        abandoned = true;
        close();
    }

    /** Closes the files and releases the lock; synced batches are forced into the main file, pending writes discarded. */
    @Override
    public synchronized void close() {
        if (closedFlag) {
            return;
        }
        dirty.clear();
        clean.clear();
        if (journalPos > 0 && !abandoned) {
            try {
                checkpoint();
            } catch (RuntimeException e) {
                // the journal stays and is replayed on the next open
            }
        }
        closedFlag = true;
        try {
            boolean empty = journal.size() == 0;
            journal.close();
            if (empty) {
                Files.deleteIfExists(journalPath);
            }
        } catch (IOException e) {
            // the lock is released below all the same; an empty journal left behind is harmless
        } finally {
            inner.close();
        }
    }

    @Override
    public boolean isClosed() {
        synchronized (this) {
            return closedFlag;
        }
    }

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public synchronized long length() {
        return length;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return file;
    }

    @Override
    public boolean getFileLocked() {
        return inner.getFileLocked();
    }
}

package dev.sessionbench.store.mapdb;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.mapdb.DBException;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume whose {@link #sync} is atomic: writes stay in memory as dirty 4 KiB pages until sync, which
 * appends all of them to a journal file as one checksummed batch and forces it, then writes them into the main file.
 * The main file is forced and the journal started again from its beginning every few MiB of journal. A process killed at any point leaves
 * either the old or the new state of every sync: opening replays the complete batches and discards a torn one. Reads
 * go through a bounded cache of clean pages.
 *
 * <p>A full disk: the space a batch needs in the main file is written (as zeros) before the batch is journaled, so a
 * lack of space fails the sync before anything is durable. After any failed write the volume is in a failed state:
 * it still serves reads, refuses every later sync, and never checkpoints, so the journal is replayed on the next open.
 *
 * <p>Why not MapDB's own {@code transactionEnable()}: in MapDB 3.1.0 {@code StoreWAL} never replays its write-ahead
 * log on open and its commit overwrites the main file in place, so a kill during a commit can tear the file.
 *
 * <p>The main file is only ever written by {@link #sync} and by journal replay; closing without sync discards
 * pending writes, so a store that fails to open leaves its file as it found it.
 *
 * <p>Threads: the volume takes no lock for reads and writes. The caller lets one writer in at a time and keeps
 * readers out while it writes (the store's read-write lock); readers may run together. A sync only seals the
 * pending pages into a batch under that exclusion; {@link #awaitDurable} then journals them outside it, under a
 * lock of its own, together with every batch other writers sealed meanwhile (one fsync for all of them). Reads see
 * the pending pages, then the sealed batches newest first, then the clean cache, then the file.
 */
final class JournaledVolume extends Volume {

    static final int PAGE = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final long MAGIC = 0x53424A524E4C3031L; // "SBJRNL01"
    private static final int HEADER = 8 + 8 + 8 + 8 + 4;
    /** Journal size at which the main file is forced and the journal emptied. */
    static final long CHECKPOINT_BYTES = 4L * 1024 * 1024;
    /** Bytes of zeros the journal file grows by ahead of the batches. */
    static final long JOURNAL_STEP = 256L * 1024;
    /** Zeros written per call when reserving or clearing space in the main file. */
    private static final ByteBuffer ZEROS =
            ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();
    /** A page that reads as zeros; never written (a write copies it first). */
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    /**
     * Pages that hold MapDB's store header: StoreDirect's {@code HEAD_END} is 32,856 bytes in MapDB 3. Every commit
     * sums the header int by int (about 8,200 reads) for its checksum, so these pages are kept where a read finds
     * them in one array load ({@link #head}).
     */
    static final int HEAD_PAGES = 9;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** Times an open is retried when the path names another file after the open than before it. */
    private static final int OPEN_ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(MapDbSessionStore.class.getName());
    /**
     * Files held by a volume of this process, by identity (device and inode) and by path. The operating system's lock
     * does not keep this process out (the JDK answers a second lock of one file with an exception, and closing any
     * channel of a file may drop every lock the process holds on it), so a second open is refused before it opens
     * anything. The path is kept too: a deleted file's path can be given a new file while the old one is still held.
     */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

    private static final String CANNOT_EXAMINE = " cannot be examined: ";

    /** Thrown by {@link #sync} when writing failed; the volume is then in its failed state. */
    static final class WriteFailedException extends DBException.VolumeIOError {
        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown by {@link #sync} when the path no longer names the file this volume has open. */
    static final class FileReplacedException extends DBException.VolumeIOError {
        FileReplacedException(String message) {
            super(message);
        }
    }

    private record OpenFile(FileChannel channel, FileLock lock, Object key) {}

    private final File file;
    private final Path path;
    private final Path journalPath;
    private final FileChannel main;
    private final FileChannel journal;
    private final Object mainKey;
    private final Object journalKey;
    /**
     * Pages written since the last seal (the newest layer); replaced, never cleared, by a seal. Written by the one
     * writer the caller lets in at a time; read by readers only while no writer is in (see the class comment).
     */
    private volatile Map<Long, byte[]> dirty = new HashMap<>();
    /**
     * Clean pages of the main file as it is on disk, at most {@code cacheBytes} of them; any thread may add one. When
     * the file outgrows it, the cache keeps the pages read most often (Caffeine's W-TinyLFU): the index and the upper
     * levels of the trees, which every lookup reads, stay in memory while the leaves and records take turns.
     * Maintenance runs on the calling thread, so the cache starts no thread of its own.
     */
    private final Cache<Long, byte[]> clean;
    /**
     * The current content of each header page, exactly what {@link #lookup} gives for it, or null until a read asks.
     * A write that copies a header page into the pending pages puts the copy here; a truncation or a discard of the
     * pending pages clears it. Any thread may fill a slot; a page only moving down the layers (seal, commit, the
     * clean cache) keeps its content, so its slot stays right.
     */
    private final AtomicReferenceArray<byte[]> head = new AtomicReferenceArray<>(HEAD_PAGES);
    /**
     * Sealed batches not yet written into the main file, oldest first: the layers between {@link #dirty} and the
     * file. Appended by a seal, emptied from the front by the commit that wrote them; after a failed write they stay
     * (reads still see them) and are never written.
     */
    private final AtomicReference<Batch[]> sealed = new AtomicReference<>(new Batch[0]);
    /** Serialises commits: the thread holding it journals every batch sealed so far with one fsync. */
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Length of the main file as last synced: what reads see of it. */
    private volatile long fileLength;
    /** Length of the main file on disk: at least {@link #fileLength}, more once space is reserved (commitLock). */
    private long diskLength;
    /** Length MapDB sees, including pending growth or truncation. */
    private volatile long length;
    /** Pending truncation of the newest layer: bytes at or after this offset read as zero unless dirty. */
    private volatile long zeroFrom = Long.MAX_VALUE;
    /** {@link #length} as of the last seal. */
    private long sealedLength;
    /** Sequence number of the last sealed batch (writer only). */
    private volatile long sealedSeq;
    /** Sequence number of the last batch that is durable and written into the main file. */
    private volatile long durableSeq;
    /**
     * When set, {@link #sync} only seals the pending pages into a batch and returns; the caller then waits for it with
     * {@link #awaitDurable} after letting readers and other writers in. Off: sync waits, as the Volume contract says.
     */
    volatile boolean deferSyncs;

    private volatile boolean closedFlag;
    /** Bytes in the journal since the last checkpoint (commitLock). */
    private long journalPos;
    /** Length of the journal file, written as zeros ahead of the batches (commitLock). */
    private long journalLength;

    private boolean abandoned;
    /** Sequence number of the next journal record (commitLock). */
    private long nextSeq;
    /** The first failed write: from then on no sync, no checkpoint, and the journal stays for the next open. */
    private volatile Throwable writeFailure;
    /** Why the path no longer names the open file, once noticed (commitLock). */
    private String lost;
    /** Whether the main file is known to be deleted or replaced (not merely impossible to examine). */
    private boolean mainGone;
    /** For tests: how many pages were read from the main file because no layer and no cache held them. */
    final AtomicLong pageReads = new AtomicLong();
    /** For tests: how many times the journal was forced by a commit. */
    final AtomicLong journalForces = new AtomicLong();
    /** For tests: when set, the next sync stops after forcing the journal, as a process killed there would. */
    volatile boolean failAfterJournalForTest;

    /**
     * Opens the existing main file and its journal, each under an exclusive lock, then replays or discards the journal
     * left by a killed process. Throws {@link DBException.FileLocked} when another store holds either file.
     */
    JournaledVolume(File file, long cacheBytes) {
        this.file = file;
        this.path = file.toPath().toAbsolutePath().normalize();
        this.journalPath = journalPathOf(path);
        this.clean = Caffeine.newBuilder()
                .maximumSize(Math.max(16, cacheBytes / PAGE))
                .executor(Runnable::run)
                .build();
        OpenFile m = null;
        OpenFile j = null;
        try {
            m = openLocked(path, false);
            j = openLocked(journalPath, true);
            String journalMode = StoreFiles.openToOthers(journalPath);
            if (journalMode != null) {
                StoreFiles.makeOwnerOnly(journalPath);
                LOG.log(
                        System.Logger.Level.WARNING,
                        "journal " + journalPath + " was " + journalMode
                                + ", readable beyond its owner; made it owner-only");
            }
            this.main = m.channel();
            this.mainKey = m.key();
            this.journal = j.channel();
            this.journalKey = j.key();
            this.diskLength = main.size();
            this.fileLength = diskLength;
            this.length = fileLength;
            this.sealedLength = fileLength;
            recover();
            syncDirectory(journalPath);
        } catch (IOException | RuntimeException e) {
            release(j);
            release(m);
            throw e instanceof IOException io ? new DBException.VolumeIOError(io) : (RuntimeException) e;
        }
    }

    /**
     * Opens and locks the file; the path must name the same file before the open and after the lock, so that the lock
     * is held on the file the path names. Creates the file owner-only when {@code create} is set.
     */
    private static OpenFile openLocked(Path p, boolean create) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Object before = null;
            try {
                before = StoreFiles.fileKey(p);
            } catch (NoSuchFileException e) {
                if (!create) {
                    throw e;
                }
            }
            if (before != null && HELD.contains(before)) {
                throw new DBException.FileLocked(p, null);
            }
            FileChannel ch = create
                    ? FileChannel.open(
                            p,
                            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                            StoreFiles.ownerOnly(p))
                    : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            Object after;
            try {
                lock = ch.tryLock();
                after = lock == null ? null : StoreFiles.fileKey(p);
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new DBException.FileLocked(p, e);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw new DBException.FileLocked(p, null);
            }
            if (before == null || before.equals(after)) {
                if (after != null && !HELD.add(after)) {
                    ch.close();
                    throw new DBException.FileLocked(p, null);
                }
                return new OpenFile(ch, lock, after);
            }
            ch.close(); // the path was given another file meanwhile: the lock would guard the wrong one
            if (attempt == OPEN_ATTEMPTS) {
                throw new IOException(p + " was replaced by another file " + OPEN_ATTEMPTS + " times while opening it");
            }
        }
    }

    private static void release(OpenFile f) {
        if (f == null) {
            return;
        }
        try {
            f.channel().close(); // releases its lock
        } catch (IOException e) {
            // nothing more to release
        }
        if (f.key() != null) {
            HELD.remove(f.key());
        }
    }

    /**
     * Claims the path for one store of this process until {@link #releasePath}, and returns the claim; returns null
     * when another store of this process holds it, even if its file has since been deleted.
     */
    static String claimPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        try {
            if (dir != null && abs.getFileName() != null) {
                abs = dir.toRealPath().resolve(abs.getFileName()); // one claim whatever symbolic links lead there
            }
        } catch (IOException e) {
            // no such directory: opening fails and says so
        }
        String claim = "path " + abs;
        return HELD.add(claim) ? claim : null;
    }

    static void releasePath(String claim) {
        HELD.remove(claim);
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
    long fileLength() {
        return fileLength;
    }

    /** For tests: returns how many pages were written since the last seal or sync. */
    int pendingPages() {
        return dirty.size();
    }

    /** For tests: the lock a commit holds while it journals and forces, to hold commits back. */
    ReentrantLock commitLockForTest() {
        return commitLock;
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
            main.force(true);
            length = fileLength;
            sealedLength = fileLength;
        }
        nextSeq = lastSeq + 1;
        journal.truncate(0);
        journal.force(true);
    }

    private record Batch(long seq, long newLength, long zeroFrom, Map<Long, byte[]> pages, int size) {}

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

    /**
     * Makes the main file at least {@code newLength} bytes long by writing zeros, so that the space is allocated now:
     * a full disk fails here, and writing the batch into the file later overwrites space it already has.
     */
    private void reserve(long newLength) throws IOException {
        while (diskLength < newLength) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), newLength - diskLength));
            diskLength += main.write(zeros, diskLength);
        }
    }

    /** Writes zeros over {@code [from, to)} of the main file, except on the pages in {@code pages}. */
    private void zero(long from, long to, Map<Long, byte[]> pages) throws IOException {
        long offset = from;
        while (offset < to) {
            long pageNo = offset >>> PAGE_SHIFT;
            long end = Math.min(to, (pageNo + 1) << PAGE_SHIFT);
            if (!pages.containsKey(pageNo)) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) (end - offset));
                while (zeros.hasRemaining()) {
                    main.write(zeros, offset + zeros.position());
                }
            }
            offset = end;
        }
    }

    /**
     * Writes a batch into the main file, without forcing it; applying the same batches again gives the same file. A
     * truncation is written as zeros and the file cut only at the end, so the file never shrinks and then grows again
     * (which would give back space that was reserved).
     */
    private void apply(long newLength, long truncateAt, Map<Long, byte[]> pages) throws IOException {
        reserve(newLength);
        if (truncateAt < fileLength) {
            zero(truncateAt, Math.min(fileLength, newLength), pages); // beyond fileLength the file holds zeros
        }
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            long offset = e.getKey() << PAGE_SHIFT;
            int n = (int) Math.min(PAGE, newLength - offset);
            if (n > 0) {
                ByteBuffer src = ByteBuffer.wrap(e.getValue(), 0, n);
                while (src.hasRemaining()) {
                    main.write(src, offset + src.position());
                }
            }
        }
        if (diskLength > newLength) {
            main.truncate(newLength);
            diskLength = newLength;
        }
        fileLength = newLength;
    }

    /**
     * Makes every write since the last sync durable, all or nothing: {@link #seal}, then {@link #awaitDurable}. With
     * {@link #deferSyncs} set it only seals, and the caller waits with {@link #awaitDurable}{@code (}{@link
     * #sealedSeq}{@code )} once it has let other threads in. Throws {@link WriteFailedException} when a write fails,
     * and from then on; throws {@link FileReplacedException} when the path no longer names the open file.
     */
    @Override
    public void sync() {
        checkOpen();
        checkWritable();
        long seq = seal();
        if (!deferSyncs) {
            awaitDurable(seq);
        }
    }

    /**
     * Seals the pages written since the last seal into a batch of their own and returns its sequence number (the last
     * one's when nothing was written). Called by the one writer the caller lets in, like every write.
     */
    long seal() {
        Map<Long, byte[]> pages = dirty;
        if (pages.isEmpty() && zeroFrom == Long.MAX_VALUE && length == sealedLength) {
            return sealedSeq;
        }
        long seq = sealedSeq + 1;
        Batch batch = new Batch(seq, length, zeroFrom, pages, 0);
        sealed.updateAndGet(b -> {
            Batch[] more = Arrays.copyOf(b, b.length + 1);
            more[b.length] = batch;
            return more;
        });
        dirty = new HashMap<>();
        zeroFrom = Long.MAX_VALUE;
        sealedLength = length;
        sealedSeq = seq;
        return seq;
    }

    /** Returns the sequence number of the last sealed batch: {@link #awaitDurable} of it covers every write so far. */
    long sealedSeq() {
        return sealedSeq;
    }

    /**
     * Returns once the batch {@code seq} and every one before it are durable (group commit): the first thread to get
     * here journals every batch sealed so far as one record with one fsync, and the threads that wait meanwhile find
     * theirs covered by it or journal the next group together. The space the group needs in the main file is reserved
     * first, the record appended to the journal, which is forced, then written into the main file. The main file is
     * forced and the journal emptied once the journal passes {@link #CHECKPOINT_BYTES}, and on close.
     */
    void awaitDurable(long seq) {
        if (durableSeq >= seq) {
            return;
        }
        commitLock.lock();
        try {
            if (durableSeq >= seq) {
                return;
            }
            checkOpen();
            checkWritable();
            checkIdentity();
            commitGroup(sealed.get());
        } finally {
            commitLock.unlock();
        }
    }

    /** Journals, forces and applies the batches as one record; called holding {@link #commitLock}. */
    private void commitGroup(Batch[] group) {
        if (group.length == 0) {
            return;
        }
        Map<Long, byte[]> pages = new HashMap<>();
        long truncateAt = Long.MAX_VALUE;
        long newLength = fileLength;
        for (Batch b : group) {
            if (b.zeroFrom() != Long.MAX_VALUE) {
                long firstGone = (b.zeroFrom() + PAGE - 1) >>> PAGE_SHIFT;
                pages.keySet().removeIf(p -> p >= firstGone);
                truncateAt = Math.min(truncateAt, b.zeroFrom());
            }
            pages.putAll(b.pages());
            newLength = b.newLength();
        }
        int count = pages.size();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + count * (8 + PAGE) + 4);
        buf.putLong(MAGIC)
                .putLong(nextSeq)
                .putLong(newLength)
                .putLong(truncateAt)
                .putInt(count);
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            buf.putLong(e.getKey()).put(e.getValue());
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        buf.flip();
        try {
            reserve(newLength);
        } catch (IOException e) {
            throw failed("reserving " + newLength + " bytes for", e);
        }
        try {
            extendJournal(journalPos + buf.limit());
            while (buf.hasRemaining()) {
                journal.write(buf, journalPos + buf.position());
            }
            journal.force(false);
            journalForces.incrementAndGet();
        } catch (IOException e) {
            throw failed("writing the journal of", e);
        }
        nextSeq++;
        journalPos += buf.limit();
        if (failAfterJournalForTest) {
            failAfterJournalForTest = false;
            throw failed("applying the journal to", new IOException("simulated crash after the journal was forced"));
        }
        try {
            apply(newLength, truncateAt, pages);
        } catch (IOException e) {
            throw failed("writing the journaled batch into", e);
        }
        // The file now holds the group: its pages move to the clean cache before the layers above it go, so that a
        // reader always finds them in one or the other.
        if (truncateAt != Long.MAX_VALUE) {
            clean.invalidateAll();
        }
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            cache(e.getKey(), e.getValue());
        }
        int done = group.length;
        sealed.updateAndGet(b -> Arrays.copyOfRange(b, done, b.length));
        durableSeq = group[done - 1].seq();
        if (journalPos >= CHECKPOINT_BYTES) {
            try {
                checkpoint();
            } catch (IOException e) {
                throw failed("forcing", e);
            }
        }
    }

    /** Enters the failed state and returns the exception for the failed write. */
    private WriteFailedException failed(String step, IOException e) {
        WriteFailedException f = new WriteFailedException(step + " " + path + " failed: " + e.getMessage(), e);
        if (writeFailure == null) {
            writeFailure = f;
        }
        return f;
    }

    /** Throws once a write failed: every later sync fails the same way, as nothing more may be acknowledged. */
    private void checkWritable() {
        Throwable failure = writeFailure;
        if (failure != null) {
            throw new WriteFailedException("an earlier write failed (" + failure.getMessage() + ")", failure);
        }
    }

    /** Returns the failure of the first failed write, or null. */
    Throwable writeFailure() {
        return writeFailure;
    }

    /**
     * Throws {@link FileReplacedException} when the main file or the journal was deleted or replaced since it was
     * opened: what this volume writes would then go to a file no path names.
     */
    void checkIdentity() {
        commitLock.lock();
        try {
            if (lost == null) {
                lost = identityProblem(path, mainKey);
                mainGone = lost != null && !lost.contains(CANNOT_EXAMINE);
            }
            if (lost == null) {
                lost = identityProblem(journalPath, journalKey);
            }
            if (lost != null) {
                throw new FileReplacedException(lost);
            }
        } finally {
            commitLock.unlock();
        }
    }

    private static String identityProblem(Path p, Object key) {
        if (key == null) {
            return null; // the file system gives no identity to compare
        }
        try {
            Object now = StoreFiles.fileKey(p);
            return key.equals(now) ? null : p + " was replaced by another file (it was " + key + ", is " + now + ")";
        } catch (NoSuchFileException e) {
            return p + " was deleted";
        } catch (IOException e) {
            return p + CANNOT_EXAMINE + e;
        }
    }

    /**
     * Makes the journal file at least {@code end} bytes long, in steps of {@link #JOURNAL_STEP} written as zeros: a
     * commit then overwrites space the file already has, so that its force writes no change of the file's size (an
     * fsync that must also commit the file system's metadata costs several times more). Zeros end a replay.
     */
    private void extendJournal(long end) throws IOException {
        while (journalLength < end) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), Math.max(end, journalLength + JOURNAL_STEP) - journalLength));
            journalLength += journal.write(zeros, journalLength);
        }
    }

    /**
     * Forces the main file, which now holds every journaled batch, and starts the journal again from its beginning.
     * The file keeps its length: what is left of older batches behind the new ones is never replayed, as their
     * sequence numbers do not follow, and replaying the old run alone gives the file as it is now.
     */
    private void checkpoint() throws IOException {
        main.force(true);
        journalPos = 0;
    }

    // ---- pages -----------------------------------------------------------------------------------------------

    /**
     * Returns the current content of a page, for reading only: from the pending pages, else the newest sealed batch
     * that has it, else the clean cache, else the main file. A pending truncation in a layer makes the pages at and
     * after it read as zero in the layers below.
     */
    private byte[] page(long pageNo) {
        if (pageNo < HEAD_PAGES) {
            byte[] p = head.get((int) pageNo);
            if (p == null) {
                p = lookup(pageNo);
                head.set((int) pageNo, p);
            }
            return p;
        }
        return lookup(pageNo);
    }

    /** Returns the current content of a page through the layers, as {@link #page} says. */
    private byte[] lookup(long pageNo) {
        long offset = pageNo << PAGE_SHIFT;
        byte[] p = dirty.get(pageNo);
        if (p != null) {
            return p;
        }
        if (offset >= zeroFrom) {
            return ZERO_PAGE;
        }
        Batch[] layers = sealed.get();
        for (int i = layers.length - 1; i >= 0; i--) {
            p = layers[i].pages().get(pageNo);
            if (p != null) {
                return p;
            }
            if (offset >= layers[i].zeroFrom()) {
                return ZERO_PAGE;
            }
        }
        p = clean.getIfPresent(pageNo);
        if (p != null) {
            return p;
        }
        long end = fileLength;
        if (offset >= end) {
            return ZERO_PAGE;
        }
        p = new byte[PAGE];
        pageReads.incrementAndGet();
        ByteBuffer dst = ByteBuffer.wrap(p, 0, (int) Math.min(PAGE, end - offset));
        try {
            while (dst.hasRemaining()) {
                if (main.read(dst, offset + dst.position()) < 0) {
                    throw new IOException("unexpected end of " + path + " at " + (offset + dst.position()));
                }
            }
        } catch (IOException e) {
            throw new DBException.VolumeIOError("reading " + path + " failed: " + e.getMessage(), e);
        }
        cache(pageNo, p);
        return p;
    }

    /** Empties {@link #head}: the next read of each header page looks it up through the layers again. */
    private void forgetHead() {
        for (int i = 0; i < HEAD_PAGES; i++) {
            head.set(i, null);
        }
    }

    /** Adds a page of the main file to the clean cache, which drops another one when it is full. */
    private void cache(long pageNo, byte[] p) {
        clean.put(pageNo, p);
    }

    /** Returns the page to write into, copying it into the pending pages on the first write since the last seal. */
    private byte[] dirtyPage(long pageNo) {
        Map<Long, byte[]> d = dirty;
        byte[] p = d.get(pageNo);
        if (p == null) {
            p = page(pageNo).clone();
            d.put(pageNo, p);
            if (pageNo < HEAD_PAGES) {
                head.set((int) pageNo, p);
            }
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
    // No method here locks: the caller lets one writer in at a time and keeps readers out while it writes (the store
    // with its read-write lock), as MapDB's StoreDirect on a plain volume expects. Readers may run together, and a
    // commit (awaitDurable) runs beside both.

    @Override
    public void ensureAvailable(long offset) {
        checkOpen();
        if (offset > length) {
            length = offset;
        }
    }

    @Override
    public void truncate(long size) {
        checkOpen();
        length = size;
        zeroFrom = Math.min(zeroFrom, size);
        long firstGone = (size + PAGE - 1) >>> PAGE_SHIFT;
        dirty.keySet().removeIf(p -> p >= firstGone);
        forgetHead();
        int in = (int) (size & (PAGE - 1));
        if (in != 0) {
            byte[] last = dirtyPage(size >>> PAGE_SHIFT);
            Arrays.fill(last, in, PAGE, (byte) 0);
        }
    }

    @Override
    public void putLong(long offset, long value) {
        int in = (int) (offset & (PAGE - 1));
        if (in <= PAGE - 8) {
            LONG.set(dirtyPage(offset >>> PAGE_SHIFT), in, value);
            return;
        }
        byte[] b = new byte[8];
        LONG.set(b, 0, value);
        write(offset, b, 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        int in = (int) (offset & (PAGE - 1));
        if (in <= PAGE - 4) {
            INT.set(dirtyPage(offset >>> PAGE_SHIFT), in, value);
            return;
        }
        byte[] b = new byte[4];
        INT.set(b, 0, value);
        write(offset, b, 0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        dirtyPage(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE - 1))] = value;
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        write(offset, src, srcPos, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        write(offset, b, 0, b.length);
    }

    @Override
    public long getLong(long offset) {
        int in = (int) (offset & (PAGE - 1));
        if (in <= PAGE - 8) {
            return (long) LONG.get(page(offset >>> PAGE_SHIFT), in);
        }
        byte[] b = new byte[8];
        read(offset, b, 0, 8);
        return (long) LONG.get(b, 0);
    }

    @Override
    public int getInt(long offset) {
        int in = (int) (offset & (PAGE - 1));
        if (in <= PAGE - 4) {
            return (int) INT.get(page(offset >>> PAGE_SHIFT), in);
        }
        byte[] b = new byte[4];
        read(offset, b, 0, 4);
        return (int) INT.get(b, 0);
    }

    @Override
    public byte getByte(long offset) {
        return page(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE - 1))];
    }

    /**
     * Returns an input over the bytes; within one page it reads the page itself (no copy): a page a reader holds is
     * never written again, as a write copies it into the pending pages first and readers are kept out meanwhile.
     */
    @Override
    public DataInput2 getDataInput(long offset, int size) {
        int in = (int) (offset & (PAGE - 1));
        if (in + size <= PAGE) {
            return new DataInput2.ByteArray(page(offset >>> PAGE_SHIFT), in);
        }
        byte[] b = new byte[size];
        read(offset, b, 0, size);
        return new DataInput2.ByteArray(b);
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        read(offset, bytes, bytesPos, size);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        byte[] zeros = ZERO_PAGE;
        long offset = startOffset;
        while (offset < endOffset) {
            int n = (int) Math.min(endOffset - offset, PAGE - (offset & (PAGE - 1)));
            long pageNo = offset >>> PAGE_SHIFT;
            // A page that already reads as zeros needs no write.
            if (page(pageNo) != ZERO_PAGE) {
                write(offset, zeros, 0, n);
            }
            offset += n;
        }
    }

    /** For tests: close as a killed process would, leaving the journal unreplayed. */
    void abandon() {
        abandoned = true;
        close();
    }

    /**
     * Closes the files and releases the locks; synced batches are forced into the main file, pending writes
     * discarded. After a failed write nothing is forced or emptied: the journal is replayed on the next open. When the
     * main file was deleted or replaced, its journal is deleted with it, so that it is never replayed into another file.
     */
    @Override
    public void close() {
        commitLock.lock();
        try {
            if (closedFlag) {
                return;
            }
            dirty = new HashMap<>();
            sealed.set(new Batch[0]);
            clean.invalidateAll();
            forgetHead();
            try {
                checkIdentity();
            } catch (FileReplacedException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a store whose file is gone: " + e.getMessage());
            }
            if (journalLength > 0 && !abandoned && writeFailure == null && lost == null) {
                try {
                    checkpoint();
                    journal.truncate(0);
                    journalLength = 0;
                } catch (IOException e) {
                    // the journal stays and is replayed on the next open
                }
            }
            closedFlag = true;
            try {
                boolean ours = identityProblem(journalPath, journalKey) == null;
                if (ours && (journal.size() == 0 || (mainGone && !abandoned))) {
                    Files.deleteIfExists(journalPath); // while still locked, so no other store opens it meanwhile
                }
            } catch (IOException e) {
                // an empty journal left behind is harmless; a journal of a deleted file fails the next open loudly
            } finally {
                closeQuietly(journal);
                closeQuietly(main);
                if (mainKey != null) {
                    HELD.remove(mainKey);
                }
                if (journalKey != null) {
                    HELD.remove(journalKey);
                }
            }
        } finally {
            commitLock.unlock();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close(); // releases its lock
        } catch (IOException e) {
            // nothing more to release
        }
    }

    @Override
    public boolean isClosed() {
        return closedFlag;
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
    public long length() {
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

    /** Returns whether the locks are held: from the open to the close. */
    @Override
    public boolean getFileLocked() {
        return !isClosed();
    }
}

package dev.sessionbench.store.mapdb;

import dev.sessionbench.core.Session;
import dev.sessionbench.core.SessionEvent;
import dev.sessionbench.core.SessionIds;
import dev.sessionbench.core.SessionPolicy;
import dev.sessionbench.core.SessionStoreException;
import dev.sessionbench.core.StaleSessionException;
import dev.sessionbench.core.spi.AbstractSessionStore;
import dev.sessionbench.core.spi.BackgroundPurge;
import dev.sessionbench.core.spi.SessionAccess;
import dev.sessionbench.core.spi.SessionEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;
import org.mapdb.Store;
import org.mapdb.StoreDirect;

/**
 * Sessions in one embedded MapDB file, keyed by the SHA-256 of their ID. By default every save, changeId, invalidate
 * and purge is durable when it returns (it survives {@code kill -9}); the idle-deadline slide of a find, made at most
 * once per 1/{@value AbstractSessionStore#SLIDE_SHARE} of the idle timeout, is committed within {@link #DEFAULT_SYNC_COMMIT_INTERVAL}. The {@link Durability#BATCHED} mode commits everything at a fixed
 * interval instead. Expired sessions are removed by {@link #purgeExpired}, every {@link #DEFAULT_PURGE_INTERVAL} by
 * default. One process opens a file at a time; MapDB's own {@code expireAfter*} and transactions are not used.
 *
 * <p>Its files are owner-only; a store file open to group or others is refused unless
 * {@link Builder#tightenPermissions}. After a failed write (a full disk) the store serves reads and refuses writes
 * until reopened; a file deleted or replaced underneath fails every call. No sharing of a file between processes,
 * no network file systems, no encryption of attribute values.
 * <p>A principal index in the same file maps the SHA-256 of a principal and of a session ID to that session's ID,
 * so that {@link #sessionsOf} can return sessions by their ID; it is written in the same commit as the record it
 * indexes, so a crash never leaves one without the other. The file therefore holds the IDs of the sessions that
 * have a principal: protect it as the sessions themselves.
 */
public final class MapDbSessionStore extends AbstractSessionStore {

    /** When a write reaches the disk. */
    public enum Durability {
        /** save, changeId, invalidate and purge commit before they return; a find's slide within the commit interval. */
        SYNC,
        /** every write is committed within the commit interval: a crash loses at most that much. */
        BATCHED
    }

    public static final Durability DEFAULT_DURABILITY = Durability.SYNC;
    /** In {@link Durability#SYNC} mode: how long a find's slide of the idle deadline may wait for a commit. */
    public static final Duration DEFAULT_SYNC_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** In {@link Durability#BATCHED} mode: the commit interval, which is the loss window of a crash. */
    public static final Duration DEFAULT_BATCHED_COMMIT_INTERVAL = Duration.ofMillis(100);
    /** How often a background thread purges expired sessions; zero disables it. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Bytes of file pages kept in memory for reads. */
    public static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;
    /**
     * Free bytes in the file above which the background thread compacts it, when they are also more than half the
     * file; zero disables. MapDB 3.1.0 reuses freed space poorly under create/invalidate churn, so without this the
     * file grows with the number of sessions ever created.
     */
    public static final long DEFAULT_COMPACT_FREE_BYTES = 8L * 1024 * 1024;
    /** Whether opening reads every record and checks its checksum, so a damaged file fails at once. */
    public static final boolean DEFAULT_VERIFY_ON_OPEN = true;
    /**
     * Whether a store file that group or others may read or write is made owner-only on open (with a warning in the
     * log) instead of refused. Off: the file holds session attributes in plain text, and such a file was readable by
     * others until now, which the operator should hear about.
     */
    public static final boolean DEFAULT_TIGHTEN_PERMISSIONS = false;

    /** Expired entries a purge examines between two commits. */
    private static final int PURGE_CHUNK = 10_000;

    static final int HASH = 32;
    /** Records are byte arrays this class encodes itself (SessionRecord), stored as they are. */
    static final Serializer<byte[]> RECORD = Serializer.BYTE_ARRAY_NOSIZE;

    private static final System.Logger LOG = System.getLogger(MapDbSessionStore.class.getName());

    private final Path file;
    /** This store's claim on the path within this process, released by close. */
    private final String pathClaim;

    private final Durability durability;
    private final Duration commitInterval;
    private final Duration purgeInterval;
    private final long compactFreeBytes;
    /** A find slides the last access when it is this old or more: the idle timeout / {@link AbstractSessionStore#SLIDE_SHARE}. */
    private final long slideStepMillis;

    /**
     * Calls that change MapDB's structures hold the write lock, for their work in memory only: the fsync that makes
     * them durable is waited for after it is released ({@link JournaledVolume#awaitDurable}), so that concurrent
     * writes share one fsync. Calls that only read hold the read lock, together.
     */
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();

    private final Lock lock = rw.writeLock();
    private final Lock read = rw.readLock();
    /**
     * The last access of a session found since its record was last written, by its hash: a find moves this, not the
     * record, and the background commit writes it into the record within {@code commitInterval}. Holds at most one
     * entry per session found within one interval; every read of a record takes the later of the two.
     */
    private final ConcurrentHashMap<Hash, AtomicLong> slides = new ConcurrentHashMap<>();
    /**
     * How long a find's slide may wait in memory: {@code commitInterval}, but at least
     * {@link #DEFAULT_SYNC_COMMIT_INTERVAL}, so that in BATCHED mode a busy store rewrites each session it serves at
     * most once a second, not at every commit.
     */
    private final long slideNanos;
    /** When the background commit last wrote the slides (System.nanoTime; background thread only). */
    private long slidesWrittenAt = System.nanoTime();

    private final JournaledVolume volume;
    private final DB db;
    /** Hash of the ID to the recid of its record; values are kept out of the tree so that a save rewrites one record. */
    private final BTreeMap<byte[], Long> records;

    private final Store recordStore;
    private final DeadlineIndex deadlines;
    /** SHA-256 of the principal, then of the session ID, to the session ID. */
    private final BTreeMap<byte[], String> principals;

    private final String principalAttribute;
    private final int maxPerPrincipal;
    private final SessionEvents events;
    private final ScheduledExecutorService background;
    /** Writes not committed yet (guarded by lock). */
    private boolean pending;
    /**
     * The first failure inside a call (guarded by lock). MapDB may have applied part of that call in memory, so
     * nothing more is committed: every later call fails, and reopening the file returns to the last commit.
     */
    private volatile Throwable broken;
    /**
     * The first failed commit (guarded by lock): a disk that is full or failing. MapDB's structures are whole in
     * memory, so reads go on; writes are refused, and reopening replays what the journal holds.
     */
    private volatile Throwable writeFailed;

    /** Calls that reached MapDB: the contract suite checks that a malformed value makes none. */
    final AtomicLong backendCalls = new AtomicLong();
    /** Index entries examined by purges, to show that a purge costs what it removes. */
    final AtomicLong purgeExamined = new AtomicLong();

    private MapDbSessionStore(Builder b, String pathClaim) {
        super("MapDB session store", b.policy);
        this.pathClaim = pathClaim;
        this.file = b.file.toAbsolutePath().normalize();
        this.durability = b.durability;
        this.commitInterval = b.commitInterval != null
                ? b.commitInterval
                : durability == Durability.SYNC ? DEFAULT_SYNC_COMMIT_INTERVAL : DEFAULT_BATCHED_COMMIT_INTERVAL;
        this.purgeInterval = b.purgeInterval;
        this.slideNanos = Math.max(commitInterval.toNanos(), DEFAULT_SYNC_COMMIT_INTERVAL.toNanos());
        this.compactFreeBytes = b.compactFreeBytes;
        this.slideStepMillis = slideStepMillis(policy);
        this.principalAttribute = policy.principalAttribute();
        this.maxPerPrincipal = policy.maxSessionsPerPrincipal();

        MapDbFile.createIfAbsent(file, b.cacheBytes);
        MapDbFile.checkPermissions(file, b.tightenPermissions);
        JournaledVolume v;
        try {
            v = new JournaledVolume(file.toFile(), b.cacheBytes);
        } catch (DBException.FileLocked e) {
            throw MapDbFile.alreadyOpen(file, e);
        } catch (DBException e) {
            throw new SessionStoreException("cannot open MapDB file " + file + ": " + e.getMessage(), e);
        }
        this.volume = v;
        try {
            MapDbFile.Contents opened = MapDbFile.open(v, b.verifyOnOpen, policy, file);
            this.db = opened.db();
            this.records = opened.records();
            this.recordStore = opened.recordStore();
            this.deadlines = opened.deadlines();
            this.principals = opened.principals();
            v.deferSyncs = true; // from now on a commit seals under the lock and its fsync is awaited outside it
        } catch (RuntimeException | Error e) {
            // Nothing was synced, so closing discards whatever MapDB wrote: the file stays as it was.
            v.close();
            if (e instanceof SessionStoreException s) {
                throw s;
            }
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
            throw new SessionStoreException(
                    "MapDB file " + file + " is corrupt or truncated; it was left untouched: " + e, e);
        }
        this.events = SessionEvents.of("MapDB session store", policy);
        this.background = startBackground();
    }

    /** Returns a builder with the defaults named by this class's constants. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- opening ---------------------------------------------------------------------------------------------

    /** Returns the background purge interval; zero when that purge is off. */
    Duration purgeInterval() {
        return purgeInterval;
    }

    private ScheduledExecutorService startBackground() {
        boolean commits = true; // slides (SYNC) or all writes (BATCHED) wait for it
        boolean purges = !purgeInterval.isZero();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mapdb-session-store " + file.getFileName());
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        if (commits) {
            long ms = commitInterval.toMillis();
            ex.scheduleWithFixedDelay(this::commitPending, ms, ms, TimeUnit.MILLISECONDS);
        }
        if (purges) {
            long ms = purgeInterval.toMillis();
            ex.scheduleWithFixedDelay(this::backgroundPurge, ms, ms, TimeUnit.MILLISECONDS);
        }
        return ex;
    }

    // ---- SessionStore ----------------------------------------------------------------------------------------

    @Override
    protected Optional<Session> doFind(String clientValue) {
        byte[] key = SessionIds.digest(clientValue);
        long now = now();
        SessionRecord r;
        long accessed;
        read.lock();
        try {
            checkReadable();
            backendCalls.incrementAndGet();
            Long recid = records.get(key);
            if (recid == null) {
                return Optional.empty();
            }
            r = SessionRecord.decode(recordStore.get(recid, RECORD));
            Hash hash = new Hash(key);
            AtomicLong slid = slides.get(hash);
            accessed = slid == null ? r.lastAccessedAt() : Math.max(r.lastAccessedAt(), slid.get());
            if (now >= policy.deadlineMillis(r.createdAt(), accessed)) {
                return Optional.empty();
            }
            // A last access later than now (written under a clock that ran ahead) is never due.
            if (now - accessed >= slideStepMillis && writeFailed == null) {
                // The slide stays in memory and is committed lazily: losing it in a crash only makes the session
                // expire sooner.
                if (slid == null) {
                    slid = slides.putIfAbsent(hash, new AtomicLong(now));
                }
                if (slid != null) {
                    slid.accumulateAndGet(now, Math::max);
                }
                accessed = now;
            }
        } catch (RuntimeException | Error e) {
            throw failure("find", clientValue, e);
        } finally {
            read.unlock();
        }
        // Within a step of the last access nothing moves: the idle deadline counts from that access.
        return Optional.of(SessionAccess.restore(clientValue, r.createdAt(), accessed, r.attributes(), policy));
    }

    @Override
    public String save(Session session) {
        state.checkSession(session);
        String id = session.id();
        byte[] key = SessionIds.digest(id);
        long now = now();
        String joined = null;
        long seq = 0;
        List<SessionEvent> announce = new ArrayList<>(1);
        lock.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            if (SessionAccess.isNew(session)) {
                slides.remove(new Hash(key));
                long created = session.createdAt().toEpochMilli();
                long deadline = policy.deadlineMillis(created, now);
                SessionRecord r = new SessionRecord(created, now, deadline, new LinkedHashMap<>(session.attributes()));
                Long old = records.put(key, recordStore.put(r.encode(), RECORD));
                if (old != null) {
                    removeRecord(old, key);
                }
                deadlines.add(deadline, key);
                joined = principalIn(r.attributes());
                if (joined != null) {
                    principals.put(principalKey(joined, key), id);
                }
            } else {
                Long recid = records.get(key);
                if (recid == null) {
                    return id; // invalidated, rotated away or purged: a stale copy writes nothing
                }
                SessionRecord r = withSlide(key, SessionRecord.decode(recordStore.get(recid, RECORD)));
                if (now >= r.deadline(policy)) {
                    return id;
                }
                slides.remove(new Hash(key)); // the record written now holds the last access
                Map<String, String> merged = new LinkedHashMap<>(r.attributes());
                merged.putAll(SessionAccess.changedAttributes(session));
                merged.keySet().removeAll(SessionAccess.removedAttributes(session));
                SessionRecord updated = new SessionRecord(
                        r.createdAt(), Math.max(now, r.lastAccessedAt()), r.indexedDeadline(), merged);
                recordStore.update(recid, updated.encode(), RECORD);
                String before = principalIn(r.attributes());
                String after = principalIn(merged);
                if (!Objects.equals(before, after)) {
                    if (before != null) {
                        principals.remove(principalKey(before, key));
                    }
                    if (after != null) {
                        principals.put(principalKey(after, key), id);
                        joined = after;
                    }
                } else if (after != null && !principals.containsKey(principalKey(after, key))) {
                    principals.put(principalKey(after, key), id); // saved before the index existed
                }
            }
            List<SessionEvent> capped = joined == null ? List.of() : enforceCap(joined, key, now);
            seq = committed();
            if (SessionAccess.isNew(session)) {
                announce.add(new SessionEvent.Created(
                        SessionIds.fingerprint(id), Optional.ofNullable(joined), Instant.ofEpochMilli(now)));
            }
            announce.addAll(capped);
        } catch (RuntimeException | Error e) {
            throw failure("save", id, e);
        } finally {
            lock.unlock();
        }
        awaitCommit(seq, "save", id);
        announce.forEach(this::publish);
        SessionAccess.markSaved(session, now);
        return id;
    }

    @Override
    protected Session doChangeId(Session session) {
        String newId = SessionIds.generate();
        byte[] oldKey = SessionIds.digest(session.id());
        byte[] newKey = SessionIds.digest(newId);
        long now = now();
        boolean gone = false;
        boolean expired = false;
        long seq = 0;
        SessionEvent event = null;
        lock.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            Long recid = records.remove(oldKey);
            if (recid == null) {
                gone = true; // another request rotated or ended it first (the lock orders the two)
            } else {
                AtomicLong slid = slides.remove(new Hash(oldKey));
                SessionRecord stored = SessionRecord.decode(recordStore.get(recid, RECORD));
                SessionRecord r = slid == null
                        ? stored
                        : stored.withLastAccessedAt(Math.max(stored.lastAccessedAt(), slid.get()));
                deadlines.remove(r.indexedDeadline(), oldKey);
                String principal = principalIn(r.attributes());
                if (principal != null) {
                    principals.remove(principalKey(principal, oldKey));
                }
                if (now < r.deadline(policy)) {
                    records.put(newKey, recid); // the same record, now under the new hash
                    if (slid != null) {
                        slides.put(new Hash(newKey), slid);
                    }
                    deadlines.add(r.indexedDeadline(), newKey);
                    if (principal != null) {
                        principals.put(principalKey(principal, newKey), newId);
                    }
                    event = new SessionEvent.Rotated(
                            fingerprint(oldKey),
                            fingerprint(newKey),
                            Optional.ofNullable(principal),
                            Instant.ofEpochMilli(now));
                } else {
                    recordStore.delete(recid, RECORD);
                    expired = true;
                    event = new SessionEvent.Expired(
                            fingerprint(oldKey), Optional.ofNullable(principal), Instant.ofEpochMilli(now));
                }
                seq = committed();
            }
        } catch (RuntimeException | Error e) {
            throw failure("changeId", session.id(), e);
        } finally {
            lock.unlock();
        }
        awaitCommit(seq, "changeId", session.id());
        if (event != null) {
            publish(event);
        }
        if (gone) {
            throw StaleSessionException.rotatedOrEnded("MapDB store", SessionIds.fingerprint(session.id()));
        }
        if (expired) {
            throw StaleSessionException.expired("MapDB store", SessionIds.fingerprint(session.id()));
        }
        return SessionAccess.withId(session, newId);
    }

    @Override
    protected void doInvalidate(Session session) {
        byte[] key = SessionIds.digest(session.id());
        long seq = 0;
        SessionEvent event = null;
        lock.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            Long recid = records.remove(key);
            if (recid != null) {
                SessionRecord r = removeRecord(recid, key);
                seq = committed();
                event = new SessionEvent.Invalidated(
                        fingerprint(key),
                        Optional.ofNullable(principalOf(r)),
                        SessionEvent.Cause.APPLICATION,
                        Instant.ofEpochMilli(now()));
            }
        } catch (RuntimeException | Error e) {
            throw failure("invalidate", session.id(), e);
        } finally {
            lock.unlock();
        }
        awaitCommit(seq, "invalidate", session.id());
        if (event != null) {
            publish(event);
        }
    }

    /**
     * Returns how many expired sessions this call removed. It pops index entries whose deadline has passed, in
     * deadline order; an entry made stale by finds that slid the idle deadline is put back under the real deadline.
     */
    @Override
    public long purgeExpired() {
        state.checkOpen();
        long removed = 0;
        boolean more = true;
        while (more) {
            long seq = 0;
            List<SessionEvent> expired = new ArrayList<>();
            lock.lock();
            try {
                checkUsable();
                backendCalls.incrementAndGet();
                long now = now();
                int examined = 0;
                more = false;
                byte[] first;
                while ((first = deadlines.firstDue(now)) != null) {
                    if (examined == PURGE_CHUNK) {
                        more = true;
                        break;
                    }
                    examined++;
                    byte[] key = deadlines.take(first);
                    Long recid = records.get(key);
                    if (recid == null) {
                        continue;
                    }
                    SessionRecord r = withSlide(key, SessionRecord.decode(recordStore.get(recid, RECORD)));
                    long deadline = r.deadline(policy);
                    slides.remove(new Hash(key)); // the record is removed, or written with its last access
                    if (deadline <= now) {
                        records.remove(key);
                        recordStore.delete(recid, RECORD);
                        removed++;
                        String principal = principalIn(r.attributes());
                        if (principal != null) {
                            principals.remove(principalKey(principal, key));
                        }
                        expired.add(new SessionEvent.Expired(
                                fingerprint(key), Optional.ofNullable(principal), Instant.ofEpochMilli(now)));
                    } else {
                        recordStore.update(
                                recid, r.withIndexedDeadline(deadline).encode(), RECORD);
                        deadlines.add(deadline, key);
                    }
                }
                purgeExamined.addAndGet(examined);
                if (examined > 0) {
                    seq = committed();
                }
            } catch (RuntimeException | Error e) {
                throw failure("purgeExpired", null, e);
            } finally {
                lock.unlock();
            }
            awaitCommit(seq, "purgeExpired", null);
            expired.forEach(this::publish);
        }
        return removed;
    }

    /**
     * Rewrites the file without its free space and returns its size in bytes afterwards. Freed space is reused by
     * later writes anyway; this gives it back to the file system. Holds the store for the whole rewrite.
     */
    public long compact() {
        state.checkOpen();
        lock.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            writeSlides();
            db.commit();
            db.getStore().compact();
            db.commit();
            volume.awaitDurable(volume.sealedSeq());
            pending = false;
            return volume.fileLength();
        } catch (RuntimeException | Error e) {
            throw failure("compact", null, e);
        } finally {
            lock.unlock();
        }
    }

    /** Compacts when free space passes the threshold and half the file; called under the lock. */
    private void compactIfWasteful() {
        if (db.getStore() instanceof StoreDirect sd) {
            long free = sd.getFreeSize();
            if (free > compactFreeBytes && free > volume.fileLength() / 2) {
                long before = volume.fileLength();
                compact();
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () -> "compacted MapDB file " + file + " from " + before + " to " + volume.fileLength()
                                + " bytes");
            }
        }
    }

    /** Returns the bytes MapDB counts as free inside the file. */
    long freeBytes() {
        read.lock();
        try {
            return db.getStore() instanceof StoreDirect sd ? sd.getFreeSize() : -1;
        } finally {
            read.unlock();
        }
    }

    /** Returns the size of the store file in bytes, as last committed. */
    public long fileSize() {
        state.checkOpen();
        return volume.fileLength();
    }

    /** For tests: returns whether the file still holds a record or an index entry of the session with this ID. */
    boolean holds(String id) {
        byte[] key = SessionIds.digest(id);
        lock.lock();
        try {
            if (records.containsKey(key)) {
                return true;
            }
            return deadlines.holds(key);
        } finally {
            lock.unlock();
        }
    }

    /** For tests: the volume, to simulate a crash inside a commit. */
    JournaledVolume volumeForTest() {
        return volume;
    }

    /** For tests: releases the file as a killed process would, without committing anything. */
    void abandonForTest() {
        state.close();
        background.shutdownNow();
        volume.abandon();
        JournaledVolume.releasePath(pathClaim);
    }

    /** Returns the path of the store file. */
    public Path file() {
        return file;
    }

    public Durability durability() {
        return durability;
    }

    /** Commits every pending write now, whatever the durability mode. */
    public void flush() {
        state.checkOpen();
        lock.lock();
        try {
            checkUsable();
            writeSlides();
            commitNow();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (broken == null && writeFailed == null) {
                writeSlides();
                if (pending) {
                    commitNow();
                } else {
                    awaitCommit(volume.sealedSeq(), "close", null); // writes that still wait for their fsync
                }
            }
        } finally {
            try {
                db.close();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "closing MapDB file " + file + " failed: " + e);
            }
            volume.close();
            JournaledVolume.releasePath(pathClaim);
            lock.unlock();
            events.close();
        }
    }

    @Override
    public String toString() {
        return "MapDbSessionStore[" + file + ", " + durability + ", commitInterval=" + commitInterval + "]";
    }

    // ---- internals -------------------------------------------------------------------------------------------

    /**
     * Called under the lock after a write that must be durable on return in SYNC mode: seals it into a batch of the
     * journal and returns the batch to wait for once the lock is released ({@link #awaitCommit}); 0 in BATCHED mode.
     */
    private long committed() {
        if (durability == Durability.SYNC) {
            db.commit(); // only seals: the volume defers its syncs
            pending = false;
            return volume.sealedSeq();
        }
        pending = true;
        return 0;
    }

    /**
     * Waits, outside the lock, until the batch {@code seq} is durable: concurrent writers share one journal fsync.
     * A failed write puts the store in its failed state, as a failure under the lock would.
     */
    private void awaitCommit(long seq, String op, String id) {
        if (seq == 0) {
            return;
        }
        try {
            volume.awaitDurable(seq);
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                throw failure(op, id, e);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Commits everything written so far and waits for it, holding the lock (flush, compact, close). */
    private void commitNow() {
        try {
            db.commit();
            volume.awaitDurable(volume.sealedSeq());
            pending = false;
        } catch (RuntimeException | Error e) {
            throw failure("commit", null, e);
        }
    }

    /** Writes the slides of finds into their records; called under the lock, before a commit that must hold them. */
    private void writeSlides() {
        if (slides.isEmpty()) {
            return;
        }
        for (Map.Entry<Hash, AtomicLong> e : slides.entrySet()) {
            Long recid = records.get(e.getKey().bytes());
            if (recid != null) {
                byte[] raw = recordStore.get(recid, RECORD);
                byte[] moved =
                        SessionRecord.withLastAccessedAt(raw, e.getValue().get());
                if (moved != raw) {
                    recordStore.update(recid, moved, RECORD);
                    pending = true;
                }
            }
        }
        slides.clear(); // no find runs while the lock is held
    }

    private void commitPending() {
        long seq = 0;
        lock.lock();
        try {
            if (broken != null || writeFailed != null || state.isClosed()) {
                return;
            }
            try {
                volume.checkIdentity(); // also when nothing is pending, so that a store that only reads notices
                long at = System.nanoTime();
                if (at - slidesWrittenAt >= slideNanos - TimeUnit.MILLISECONDS.toNanos(commitInterval.toMillis()) / 2) {
                    writeSlides();
                    slidesWrittenAt = at;
                }
                if (pending) {
                    db.commit(); // sealed here, made durable below once reads and writes may go on
                    pending = false;
                    seq = volume.sealedSeq();
                }
            } catch (RuntimeException | Error e) {
                throw failure("commit", null, e);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "background commit of MapDB file " + file + " failed: " + e);
            return;
        } finally {
            lock.unlock();
        }
        try {
            awaitCommit(seq, "commit", null);
            if (compactFreeBytes > 0) {
                lock.lock();
                try {
                    if (broken == null && writeFailed == null && !state.isClosed()) {
                        compactIfWasteful();
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "background commit of MapDB file " + file + " failed: " + e);
        }
    }

    /** Returns the record with the last access of its latest find, when that is later than the record's own. */
    private SessionRecord withSlide(byte[] key, SessionRecord r) {
        AtomicLong slid = slides.get(new Hash(key));
        if (slid == null) {
            return r;
        }
        long last = slid.get();
        return last > r.lastAccessedAt() ? r.withLastAccessedAt(last) : r;
    }

    /** The SHA-256 of a session ID as a map key (by content). */
    private record Hash(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Hash[" + fingerprint(bytes) + "]";
        }
    }

    private void backgroundPurge() {
        try {
            if (!state.isClosed() && broken == null && writeFailed == null) {
                purgeExpired();
            }
        } catch (RuntimeException e) {
            if (!state.isClosed()) {
                LOG.log(System.Logger.Level.WARNING, "background purge of MapDB file " + file + " failed: " + e);
            }
        }
    }

    /** Deletes a record that is no longer in the map, and its index entries; returns it, or null when corrupt. */
    private SessionRecord removeRecord(long recid, byte[] key) {
        slides.remove(new Hash(key));
        byte[] raw = recordStore.get(recid, RECORD);
        recordStore.delete(recid, RECORD);
        try {
            SessionRecord r = SessionRecord.decode(raw);
            deadlines.remove(r.indexedDeadline(), key);
            String principal = principalIn(r.attributes());
            if (principal != null) {
                principals.remove(principalKey(principal, key));
            }
            return r;
        } catch (SessionRecord.CorruptRecordException e) {
            // the record is gone; its index entry, if any, is dropped by the next purge that reaches it
            return null;
        }
    }

    @Override
    public List<Session> sessionsOf(String principal) {
        state.checkPrincipal(principal);
        long now = now();
        List<Session> live = new ArrayList<>();
        read.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            for (Map.Entry<byte[], String> e : principalEntries(principal).entrySet()) {
                byte[] key = Arrays.copyOfRange(e.getKey(), HASH, 2 * HASH);
                Long recid = records.get(key);
                if (recid == null) {
                    continue;
                }
                SessionRecord r = withSlide(key, SessionRecord.decode(recordStore.get(recid, RECORD)));
                if (now < r.deadline(policy) && principal.equals(principalIn(r.attributes()))) {
                    live.add(SessionAccess.restore(
                            e.getValue(), r.createdAt(), r.lastAccessedAt(), r.attributes(), policy));
                }
            }
        } catch (RuntimeException | Error e) {
            throw failure("sessionsOf", null, e);
        } finally {
            read.unlock();
        }
        return live;
    }

    /** Ends every session of the principal in one commit, then announces each end. */
    @Override
    public void invalidateAll(String principal) {
        state.checkPrincipal(principal);
        long now = now();
        List<SessionEvent> ended = new ArrayList<>();
        long seq = 0;
        lock.lock();
        try {
            checkUsable();
            backendCalls.incrementAndGet();
            for (byte[] entry : List.copyOf(principalEntries(principal).keySet())) {
                byte[] key = Arrays.copyOfRange(entry, HASH, 2 * HASH);
                principals.remove(entry);
                Long recid = records.remove(key);
                if (recid == null) {
                    continue;
                }
                AtomicLong slid = slides.get(new Hash(key));
                SessionRecord r = removeRecord(recid, key);
                if (r != null && slid != null && slid.get() > r.lastAccessedAt()) {
                    r = r.withLastAccessedAt(slid.get());
                }
                boolean live = r != null && now < r.deadline(policy);
                ended.add(
                        live
                                ? new SessionEvent.Invalidated(
                                        fingerprint(key),
                                        Optional.of(principal),
                                        SessionEvent.Cause.INVALIDATE_ALL,
                                        Instant.ofEpochMilli(now))
                                : new SessionEvent.Expired(
                                        fingerprint(key), Optional.of(principal), Instant.ofEpochMilli(now)));
            }
            if (!ended.isEmpty()) {
                seq = committed();
            }
        } catch (RuntimeException | Error e) {
            throw failure("invalidateAll", null, e);
        } finally {
            lock.unlock();
        }
        awaitCommit(seq, "invalidateAll", null);
        ended.forEach(this::publish);
    }

    /**
     * Ends the least recently used sessions of the principal beyond the cap, keeping the one just saved; called under
     * the lock before the commit of that save. Returns the events to announce once it is committed.
     */
    private List<SessionEvent> enforceCap(String principal, byte[] savedKey, long now) {
        if (maxPerPrincipal == 0) {
            return List.of();
        }
        Map<byte[], String> entries = principalEntries(principal);
        if (entries.size() <= maxPerPrincipal) {
            return List.of();
        }
        record Live(byte[] key, long recid, long lastAccessedAt) {}
        List<Live> others = new ArrayList<>();
        for (byte[] entry : entries.keySet()) {
            byte[] key = Arrays.copyOfRange(entry, HASH, 2 * HASH);
            Long recid = Arrays.equals(key, savedKey) ? null : records.get(key);
            if (recid != null) {
                SessionRecord r = withSlide(key, SessionRecord.decode(recordStore.get(recid, RECORD)));
                if (now < r.deadline(policy)) {
                    others.add(new Live(key, recid, r.lastAccessedAt()));
                }
            }
        }
        int excess = others.size() + 1 - maxPerPrincipal;
        if (excess <= 0) {
            return List.of();
        }
        others.sort(Comparator.comparingLong(Live::lastAccessedAt));
        List<SessionEvent> ended = new ArrayList<>();
        for (Live l : others.subList(0, excess)) {
            records.remove(l.key());
            removeRecord(l.recid(), l.key());
            ended.add(new SessionEvent.Invalidated(
                    fingerprint(l.key()), Optional.of(principal), SessionEvent.Cause.CAP, Instant.ofEpochMilli(now)));
        }
        return ended;
    }

    /** Returns the principal index entries of the principal: a range of keys that start with its hash. */
    private Map<byte[], String> principalEntries(String principal) {
        byte[] hash = principalHash(principal);
        byte[] from = Arrays.copyOf(hash, 2 * HASH);
        byte[] to = Arrays.copyOf(hash, 2 * HASH);
        Arrays.fill(to, HASH, 2 * HASH, (byte) 0xFF);
        return principals.subMap(from, true, to, true);
    }

    private static byte[] principalHash(String principal) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Returns the principal index key: the principal's hash, then the session's. */
    static byte[] principalKey(String principal, byte[] sessionHash) {
        return ByteBuffer.allocate(2 * HASH)
                .put(principalHash(principal))
                .put(sessionHash)
                .array();
    }

    /** Returns the principal the attributes name, or null when the attribute is absent or blank. */
    private String principalIn(Map<String, String> attributes) {
        String principal = attributes.get(principalAttribute);
        return principal == null || principal.isBlank() ? null : principal;
    }

    private String principalOf(SessionRecord r) {
        return r == null ? null : principalIn(r.attributes());
    }

    /** Returns the fingerprint of the session whose ID hashes to {@code key}: the same as {@link SessionIds#fingerprint}. */
    private static String fingerprint(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 6);
    }

    private void publish(SessionEvent event) {
        events.publish(event);
    }

    /** For tests: returns how many entries the principal index holds. */
    int principalIndexSize() {
        read.lock();
        try {
            return principals.size();
        } finally {
            read.unlock();
        }
    }

    private long now() {
        return policy.clock().millis();
    }

    /**
     * Throws when the store may not write: closed, broken by an earlier failure, or in the failed state after a write
     * error; called under the lock before a write touches anything.
     */
    private void checkUsable() {
        checkReadable();
        if (writeFailed != null) {
            throw new SessionStoreException(
                    "MapDB file " + file + " is in a failed state after a write error ("
                            + writeFailed.getMessage()
                            + "): it still serves reads but refuses writes until it is reopened. "
                            + "Close the store and open the file again once the disk has room; every write that returned is "
                            + "in the file",
                    writeFailed);
        }
    }

    /** Throws when the store may not even read: closed, or broken by an earlier failure; called under the lock. */
    private void checkReadable() {
        state.checkOpen();
        if (broken != null) {
            JournaledVolume.FileReplacedException replaced =
                    causeOf(broken, JournaledVolume.FileReplacedException.class);
            if (replaced != null) {
                throw new SessionStoreException(replacedMessage(replaced), broken);
            }
            throw new SessionStoreException(
                    "MapDB file " + file + " is not usable after an earlier failure (" + broken
                            + "); close the store and open the file again to continue from its last commit",
                    broken);
        }
    }

    private String replacedMessage(JournaledVolume.FileReplacedException e) {
        return "MapDB file " + file + " was deleted or replaced while this store had it open (" + e.getMessage()
                + "): what the store writes would reach no file at that path, so every call fails. Close the store; "
                + "opening the path again opens whatever file it names now";
    }

    /**
     * Returns the exception for a failure inside a call; called under the lock. A failed write puts the store in its
     * failed state (reads go on); any other failure marks it broken.
     */
    private SessionStoreException failure(String op, String id, Throwable e) {
        if (e instanceof SessionStoreException s
                && s.getCause() != null
                && (s.getCause() == broken || s.getCause() == writeFailed)) {
            return s; // already reported by checkUsable or checkReadable
        }
        String session = id == null ? "" : " of session " + SessionIds.fingerprint(id);
        JournaledVolume.WriteFailedException write = causeOf(e, JournaledVolume.WriteFailedException.class);
        if (write != null && broken == null) {
            if (writeFailed == null) {
                writeFailed = write;
            }
            return new SessionStoreException(
                    op + session + " failed on MapDB file " + file + ": " + write.getMessage()
                            + ". The store is now in a failed state after a write error: it serves reads and refuses writes "
                            + "until it is reopened",
                    e);
        }
        if (broken == null) {
            broken = e;
        }
        if (e instanceof VirtualMachineError vme) {
            throw vme;
        }
        JournaledVolume.FileReplacedException replaced = causeOf(e, JournaledVolume.FileReplacedException.class);
        if (replaced != null) {
            return new SessionStoreException(replacedMessage(replaced), e);
        }
        if (e instanceof SessionStoreException s) {
            return s;
        }
        return new SessionStoreException(op + session + " failed on MapDB file " + file + ": " + e, e);
    }

    /** Returns the first exception of the type in the cause chain, or null. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    // ---- builder ---------------------------------------------------------------------------------------------

    /** Options of a store; every one has the default named by a constant of {@link MapDbSessionStore}. */
    public static final class Builder {
        private Path file;
        private SessionPolicy policy = SessionPolicy.defaults();
        private Durability durability = DEFAULT_DURABILITY;
        private Duration commitInterval;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private long cacheBytes = DEFAULT_CACHE_BYTES;
        private boolean verifyOnOpen = DEFAULT_VERIFY_ON_OPEN;
        private long compactFreeBytes = DEFAULT_COMPACT_FREE_BYTES;
        private boolean tightenPermissions = DEFAULT_TIGHTEN_PERMISSIONS;

        private Builder() {}

        /** The store file; created when absent (its directory must exist). Required. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file must not be null");
            return this;
        }

        public Builder policy(SessionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability must not be null");
            return this;
        }

        /**
         * How often pending writes are committed: in SYNC mode only finds' slides wait for it (default 1 s), in
         * BATCHED mode every write does (default 100 ms). From 1 ms to 1 hour.
         */
        public Builder commitInterval(Duration interval) {
            Objects.requireNonNull(interval, "commitInterval must not be null");
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("commitInterval must be from 1 ms to 1 hour, was " + interval);
            }
            this.commitInterval = interval;
            return this;
        }

        /** How often a background thread purges expired sessions; zero disables it. At least 1 ms otherwise. */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = BackgroundPurge.checkInterval(interval);
            return this;
        }

        /** Bytes of file pages cached in memory for reads, from 64 KiB to 16 GiB. */
        public Builder cacheBytes(long bytes) {
            if (bytes < 64 * 1024 || bytes > 16L * 1024 * 1024 * 1024) {
                throw new IllegalArgumentException("cacheBytes must be from 65536 to 17179869184, was " + bytes);
            }
            this.cacheBytes = bytes;
            return this;
        }

        /**
         * Free bytes above which the background thread compacts the file (when they are also over half of it), from
         * 1 MiB to 1 TiB; zero turns automatic compaction off ({@link MapDbSessionStore#compact} still works).
         */
        public Builder compactFreeBytes(long bytes) {
            if (bytes != 0 && (bytes < (1L << 20) || bytes > (1L << 40))) {
                throw new IllegalArgumentException(
                        "compactFreeBytes must be 0 (off) or from 1048576 to " + (1L << 40) + ", was " + bytes);
            }
            this.compactFreeBytes = bytes;
            return this;
        }

        /** Whether opening reads and checks every record (on by default); off opens a large file faster. */
        public Builder verifyOnOpen(boolean verify) {
            this.verifyOnOpen = verify;
            return this;
        }

        /**
         * What to do with a store file that group or others may read or write: {@code false} (the default) refuses
         * it, {@code true} makes it owner-only and logs a warning. Files the store creates are always owner-only.
         */
        public Builder tightenPermissions(boolean tighten) {
            this.tightenPermissions = tighten;
            return this;
        }

        /**
         * Returns the open store; throws {@link SessionStoreException} when the file is locked or open in this
         * process, corrupt, unreadable, or open to group or others.
         */
        public MapDbSessionStore build() {
            if (file == null) {
                throw new IllegalArgumentException("a MapDB store needs a file: call file(Path)");
            }
            // Claimed by path for this process: a store whose file was deleted still holds it until closed.
            String claim = JournaledVolume.claimPath(file);
            if (claim == null) {
                throw MapDbFile.alreadyOpen(file.toAbsolutePath().normalize(), null);
            }
            try {
                return new MapDbSessionStore(this, claim);
            } catch (RuntimeException | Error e) {
                JournaledVolume.releasePath(claim);
                throw e;
            }
        }
    }
}

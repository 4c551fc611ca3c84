package dev.sessionbench.store.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sessions bucketed by the deadline they had when last indexed: a timer wheel of {@value #SLOT_MILLIS} ms slots.
 * Adding or removing a session is O(1) whatever the number of live sessions: an append to, or a removal from, an
 * array of its slot, under the lock of one of {@value #STRIPES} stripes picked at random, so
 * concurrent saves of new sessions (which all land in the current slot) rarely meet. Only a save that opens a
 * new slot touches the ordered map of slots, and there are at most idle timeout / slot length of them.
 *
 * <p>Finds slide deadlines without touching the index; a purge meets such a session at its old slot and the
 * store indexes it again at its new deadline. {@link #drainDue} takes every session of every slot that ended at
 * or before {@code now}, and from the slot that holds {@code now} exactly those whose indexed deadline has
 * passed, so a purge costs the sessions it removes plus the ones touched since they were indexed (plus, at
 * most, the other sessions indexed within the current {@value #SLOT_MILLIS} ms). Expiry itself stays exact:
 * the store checks every session's deadline on find and never relies on the purge for that.
 */
final class ExpiryIndex {

    /** Length of one slot of the wheel, a power of two. */
    static final long SLOT_MILLIS = 128;

    private static final int SLOT_SHIFT = Long.numberOfTrailingZeros(SLOT_MILLIS);
    private static final int STRIPES = 8;

    /** One indexed session. Its position and owner are guarded by the lock of the stripe it is in. */
    static final class Node {
        final StoredSession entry;
        final long deadline;
        /** Where the node is in its stripe's array. */
        int position;
        /** The stripe whose array holds this node; null once a purge took it out or a removal unlinked it. */
        volatile Stripe owner;

        Node(StoredSession entry, long deadline) {
            this.entry = entry;
            this.deadline = deadline;
        }
    }

    /**
     * One array of a slot's nodes, in no order: a removal moves the last node into the hole. Walking an array, a
     * purge loads each node independently of the others, where a linked list would make it wait for one node
     * before it could load the next. A closed stripe belongs to a slot a purge has finished with: it takes no
     * more nodes.
     */
    static final class Stripe {
        private static final Node[] NONE = new Node[0];

        private Node[] nodes = NONE;
        private int size;
        private boolean closed;

        /** Adds the node; returns false when the stripe is closed. */
        synchronized boolean push(Node n) {
            if (closed) {
                return false;
            }
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, Math.max(8, size * 2));
            }
            n.position = size;
            nodes[size++] = n;
            n.owner = this;
            return true;
        }

        synchronized void unlink(Node n) {
            if (n.owner != this) {
                return; // taken by a purge meanwhile
            }
            Node last = nodes[--size];
            nodes[n.position] = last;
            last.position = n.position;
            nodes[size] = null;
            n.owner = null;
        }

        /**
         * Takes every node out and returns them, followed by nulls when the array has room left; with
         * {@code close}, refuses later pushes.
         */
        synchronized Node[] takeAll(boolean close) {
            Node[] all = nodes;
            for (int i = 0; i < size; i++) {
                all[i].owner = null;
            }
            nodes = NONE;
            size = 0;
            closed |= close;
            return all;
        }
    }

    /** The sessions whose indexed deadline falls in one slot. */
    static final class Bucket {
        final long slot;
        final Stripe[] stripes = new Stripe[STRIPES];

        Bucket(long slot) {
            this.slot = slot;
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new Stripe();
            }
        }
    }

    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
    /** The bucket of the last add: most adds go to the slot of the moment plus the idle timeout. */
    private volatile Bucket recent;

    /** Indexes the entry at its current deadline. */
    void add(StoredSession entry) {
        long deadline = entry.deadline();
        Node n = new Node(entry, deadline);
        entry.indexNode = n;
        long slot = deadline >> SLOT_SHIFT;
        int stripe = ThreadLocalRandom.current().nextInt(STRIPES);
        while (true) {
            Bucket b = recent;
            if (b == null || b.slot != slot) {
                b = buckets.computeIfAbsent(slot, Bucket::new);
                recent = b;
            }
            if (b.stripes[stripe].push(n)) {
                return;
            }
            // a purge finished with this slot while we were on our way: open it again for the next purge
            buckets.remove(slot, b);
            if (recent == b) {
                recent = null;
            }
        }
    }

    /** Takes the entry out of the index if it is in it. */
    void remove(StoredSession entry) {
        Node n = entry.indexNode;
        if (n != null) {
            Stripe s = n.owner;
            if (s != null) {
                s.unlink(n);
            }
        }
    }

    /**
     * Takes out and returns every entry whose indexed deadline is at or before {@code now}; the entries of the
     * current slot that are not due yet stay indexed.
     */
    List<StoredSession> drainDue(long now) {
        long nowSlot = now >> SLOT_SHIFT;
        List<StoredSession> due = new ArrayList<>();
        Iterator<Bucket> it = buckets.headMap(nowSlot, true).values().iterator();
        while (it.hasNext()) {
            Bucket b = it.next();
            boolean whole = b.slot < nowSlot;
            List<Node> keep = null;
            for (Stripe s : b.stripes) {
                for (Node n : s.takeAll(whole)) {
                    if (n == null) {
                        break;
                    }
                    if (n.deadline <= now) {
                        due.add(n.entry);
                    } else {
                        if (keep == null) {
                            keep = new ArrayList<>();
                        }
                        keep.add(n);
                    }
                }
            }
            if (whole) {
                buckets.remove(b.slot, b);
                if (recent == b) {
                    recent = null;
                }
            } else if (keep != null) {
                for (Node n : keep) {
                    if (n.entry.indexNode == n) {
                        add(n.entry); // not due yet: back into the current slot (a new node, same deadline slot)
                    }
                }
            }
        }
        return due;
    }

    /** For tests: returns how many slots hold, or held since the last purge, indexed sessions. */
    int slots() {
        return buckets.size();
    }
}

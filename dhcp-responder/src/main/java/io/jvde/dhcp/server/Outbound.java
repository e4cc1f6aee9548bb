package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.lease.LeaseJournal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The frames the responder sends, built in place in a ring of fixed-size slots of one direct buffer. A frame that
 * needs no durability (OFFER, NAK, INFORM's ACK, ARP, ICMP) goes to the sink at once from the slot it was built
 * in. An ACK that confirms a lease is staged with its journal sequence and leaves only after the journal sync that
 * covers it ({@link #flush}): the group commit. With a journal that syncs on its own thread, {@link #flush} only
 * starts the sync and sends what is durable already; the rest leaves on a later flush (the journal wakes the loop
 * when a batch is durable). A full ring waits for the journal ({@link #flushDurable}), so memory stays bounded.
 */
final class Outbound {
    /** Room for the largest reply: a 1500-byte IP datagram plus the Ethernet header. */
    static final int SLOT_SIZE = 1536;
    /** ACKs that can wait for one fsync: a 20 ms sync at 12,000 ACKs/s stages 240; a full ring waits for the disk. */
    static final int DEFAULT_SLOTS = 1024;

    private final ByteBuf buf;
    private final int slots;
    private final FrameSink sink;
    private final LeaseJournal journal;
    private final DhcpCounters counters;
    private final DhcpEventListener listener;
    private final int[] port;
    private final int[] vid;
    private final int[] length;
    private final long[] seq;
    private int head;
    private int count;
    /** The durable sequence the last flush saw, to count the syncs that made progress. */
    private long lastDurable;

    Outbound(final int slots, final FrameSink sink, final LeaseJournal journal, final DhcpCounters counters,
             final DhcpEventListener listener) {
        this.buf = Unpooled.directBuffer(slots * SLOT_SIZE, slots * SLOT_SIZE);
        this.slots = slots;
        this.sink = sink;
        this.journal = journal;
        this.counters = counters;
        this.listener = listener;
        this.port = new int[slots];
        this.vid = new int[slots];
        this.length = new int[slots];
        this.seq = new long[slots];
    }

    ByteBuf buffer() {
        return buf;
    }

    /** Offset of the slot the next frame is built in; flushes first when every slot waits for the journal. */
    int nextOffset() {
        if (count == slots) {
            flushDurable();
        }
        return ((head + count) % slots) * SLOT_SIZE;
    }

    /** Sends the frame just built at {@code offset} without waiting for the journal. */
    void sendNow(final int offset, final int toPort, final int toVid, final int frameLength) {
        counters.framesSent++;
        sink.send(toPort, toVid, buf, offset, frameLength);
    }

    /** Holds the frame just built (at {@link #nextOffset()}) until journal sequence {@code sequence} is durable. */
    void stage(final int offset, final int toPort, final int toVid, final int frameLength, final long sequence) {
        if (sequence <= journal.durableSequence()) {
            sendNow(offset, toPort, toVid, frameLength); // in-memory journals are durable at once
            return;
        }
        final int slot = (head + count) % slots;
        port[slot] = toPort;
        vid[slot] = toVid;
        length[slot] = frameLength;
        seq[slot] = sequence;
        count++;
    }

    int pending() {
        return count;
    }

    /**
     * The group commit: asks the journal to make what was appended durable ({@link LeaseJournal#commit}, which waits
     * for the disk only when the journal syncs on this thread), then sends every staged frame it covers; returns
     * the frames sent.
     */
    int flush() {
        return flush(false);
    }

    /** As {@link #flush()}, but waits for the disk: every staged frame leaves (or is dropped on a journal failure). */
    int flushDurable() {
        return flush(true);
    }

    private int flush(final boolean wait) {
        if (count == 0) {
            return 0;
        }
        final long durable;
        try {
            durable = wait ? journal.sync() : journal.commit();
        } catch (final RuntimeException e) {
            counters.drops[DhcpDropReason.JOURNAL_FAILED.id()] += count;
            head = (head + count) % slots;
            count = 0;
            listener.onJournalFailure(e);
            return 0;
        }
        if (durable != lastDurable) {
            lastDurable = durable;
            counters.syncs++;
        }
        int sent = 0;
        while (count > 0 && seq[head] <= durable) {
            sendNow(head * SLOT_SIZE, port[head], vid[head], length[head]);
            head = (head + 1) % slots;
            count--;
            sent++;
        }
        return sent;
    }

    void release() {
        buf.release();
    }
}

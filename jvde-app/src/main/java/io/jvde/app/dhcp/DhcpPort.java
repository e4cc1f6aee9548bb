package io.jvde.app.dhcp;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.FrameSink;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpEventListener;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.sw.engine.SwitchLog;
import io.jvde.sw.port.LocalPortContext;
import io.jvde.sw.port.LocalPortHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The switch port the DHCP responder lives on. Frames leave the switch on this port tagged with 802.1Q for every
 * served VLAN but the port's untagged one; the port reads the VID from the tag and hands the frame on as it is (the
 * responder skips one tag). Replies come back untagged through {@link FrameSink}; the port tags them for their VLAN
 * and injects them, so the switch forwards them by its ordinary rules (unicast to the learned client port).
 *
 * <p>Runs on the event-loop thread only. Per frame it allocates nothing: the engine hands frames in one reused
 * buffer, which is wrapped once, and replies are copied into one reused tagging buffer.
 */
public final class DhcpPort implements LocalPortHandler, FrameSink, DhcpEventListener {
    /** IEEE 802.1Q: TPID and the offset of the tag after the two MAC addresses. */
    static final int TPID_8021Q = 0x8100;
    static final int MACS_LENGTH = 12;
    static final int TAG_LENGTH = 4;
    static final int TCI_OFFSET = MACS_LENGTH + 2;
    static final int VID_MASK = 0x0FFF;
    /** Largest reply plus a tag; the responder's frames stay well below it. */
    static final int MAX_REPLY = 1518 + TAG_LENGTH;

    private final SwitchLog log;
    private final LongSupplier clock;
    private final int untaggedVid;
    private final boolean[] dropLogged = new boolean[DhcpDropReason.values().length];
    private final ByteBuffer reply = ByteBuffer.allocateDirect(MAX_REPLY);
    private DhcpResponder responder;
    private LocalPortContext ctx;
    private ByteBuffer wrappedNio;
    private ByteBuf wrapped;
    private boolean closed;
    private long injectFailures;

    /**
     * @param untaggedVid the VLAN whose frames reach this port untagged (0 unless port/setvlan changed it)
     * @param clock       wall clock in ms since the epoch (leases are wall-clock times)
     */
    public DhcpPort(final SwitchLog log, final int untaggedVid, final LongSupplier clock) {
        this.log = log;
        this.untaggedVid = untaggedVid;
        this.clock = clock;
    }

    /** Binds the responder; called once, on the loop thread, before the port is attached. */
    public void bind(final DhcpResponder value) {
        if (responder != null) {
            throw new IllegalStateException("responder: already bound (expected: bind once)");
        }
        this.responder = value;
    }

    public DhcpResponder responder() {
        return responder;
    }

    /** Replies the switch refused (injection queue full); the clients retransmit. */
    public long injectFailures() {
        return injectFailures;
    }

    @Override
    public void onFrame(final ByteBuffer frame, final int offset, final int length, final int ingressPort,
                        final LocalPortContext context) {
        if (closed || length < MACS_LENGTH + 2) {
            return;
        }
        this.ctx = context;
        int vid = untaggedVid;
        if ((frame.getShort(offset + MACS_LENGTH) & 0xFFFF) == TPID_8021Q) {
            if (length < MACS_LENGTH + TAG_LENGTH + 2) {
                return;
            }
            vid = frame.getShort(offset + TCI_OFFSET) & VID_MASK;
        }
        responder.onFrame(ingressPort, vid, wrap(frame), offset, length, clock.getAsLong());
    }

    /** The frame buffer as a ByteBuf with the same absolute indexes; wrapped again only if the engine swaps it. */
    private ByteBuf wrap(final ByteBuffer frame) {
        if (frame != wrappedNio) {
            final ByteBuffer whole = frame.duplicate();
            whole.clear();
            wrapped = Unpooled.wrappedBuffer(whole);
            wrappedNio = frame;
        }
        return wrapped;
    }

    /** The group commit point: one journal sync for every lease of this turn, then the ACKs go out. */
    @Override
    public void onBatchEnd(final LocalPortContext context) {
        this.ctx = context;
        if (!closed) {
            responder.flush();
        }
    }

    /** Sends ACKs still waiting (none normally: every batch ends with a flush) and compacts when due. */
    @Override
    public void onTick(final long nowNanos, final LocalPortContext context) {
        this.ctx = context;
        if (!closed && responder.pendingReplies() > 0) {
            responder.flush();
        }
    }

    /** A reply from the responder: tag it for its VLAN (unless it is this port's untagged one) and inject it. */
    @Override
    public void send(final int port, final int vid, final ByteBuf frame, final int offset, final int length) {
        if (ctx == null || length < MACS_LENGTH || length + TAG_LENGTH > MAX_REPLY) {
            injectFailures++;
            return;
        }
        reply.clear();
        if (vid == untaggedVid) {
            reply.limit(length);
            frame.getBytes(offset, reply);
        } else {
            reply.limit(MACS_LENGTH);
            frame.getBytes(offset, reply);
            reply.limit(length + TAG_LENGTH);
            reply.putShort((short) TPID_8021Q).putShort((short) (vid & VID_MASK));
            frame.getBytes(offset + MACS_LENGTH, reply);
        }
        if (!ctx.inject(reply, 0, reply.position())) {
            injectFailures++;
        }
    }

    /** One log line per exchange, e.g. {@code dhcp: DHCPACK 10.86.68.10 to 52:54:00:12:34:56 vlan 0 ...}. */
    @Override
    public void onExchange(final DhcpEvent event) {
        log.log("dhcp: " + event.describe());
    }

    /**
     * Counted by the responder; a malformed frame (or a bug) is logged once per reason, ordinary non-answers (other
     * hosts' broadcasts flooded to this port) never.
     */
    @Override
    public void onDrop(final DhcpDropReason reason, final int port, final int vid, final long mac) {
        if (!(reason.malformed() || reason == DhcpDropReason.INTERNAL_ERROR) || dropLogged[reason.ordinal()]) {
            return;
        }
        dropLogged[reason.ordinal()] = true;
        log.log("dhcp: dropped a frame from port " + port + " vlan " + vid + ": " + reason.label()
            + " (logged once per reason; dhcp/scopes shows the counts)");
    }

    @Override
    public void onJournalFailure(final RuntimeException failure) {
        log.log("dhcp: lease journal sync failed, ACKs withheld (clients will retry): " + failure.getMessage());
    }

    /** Syncs and closes the journal; later frames are ignored. Call on the loop thread. */
    public void close() {
        if (!closed) {
            closed = true;
            responder.close();
        }
    }
}

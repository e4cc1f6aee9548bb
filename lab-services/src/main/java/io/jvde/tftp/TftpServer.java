package io.jvde.tftp;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A read-only TFTP server (RFC 1350) with option negotiation (RFC 2347), blksize (RFC 2348), tsize and timeout
 * (RFC 2349) and windowsize (RFC 7440). Requests arrive on port 69; each transfer answers from its own local port
 * (its transfer ID, RFC 1350 §4) in {@code basePort .. basePort + maxTransfers - 1}. Paths resolve under the
 * VLAN's root only: absolute names, {@code ..} components and anything whose real path (symlinks followed) leaves
 * the root are refused with ERROR 2. Files are opened and read on {@code io} threads, never on the event loop, a
 * chunk ahead of the client; completions come back through {@code loop}. An unacknowledged packet is sent again
 * after the timeout, {@link TftpSettings#retries()} times, then the transfer is abandoned.
 *
 * <p>Every method but the I/O tasks runs on the event-loop thread.
 */
public final class TftpServer {
    public static final int PORT = 69;
    /** Default retransmission timeout, seconds (RFC 2349 lets the client choose 1..255). */
    public static final int DEFAULT_TIMEOUT = 2;
    /** Bytes read ahead per file read. */
    static final int CHUNK = 128 * 1024;

    private final TftpSettings settings;
    private final TftpOut out;
    private final Executor io;
    private final Consumer<Runnable> loop;
    private final int basePort;
    private final Transfer[] transfers;
    private final TftpPacket.Request request = new TftpPacket.Request();
    private final TftpCounters counters = new TftpCounters();

    public TftpServer(final TftpSettings settings, final TftpOut out, final Executor io,
                      final Consumer<Runnable> loop, final int basePort) {
        this.settings = settings;
        this.out = out;
        this.io = io;
        this.loop = loop;
        this.basePort = basePort;
        this.transfers = new Transfer[settings.maxTransfers()];
    }

    public TftpCounters counters() {
        return counters;
    }

    public int basePort() {
        return basePort;
    }

    public TftpSettings settings() {
        return settings;
    }

    /** One transfer: its client, file, negotiated options, position and read-ahead. */
    final class Transfer {
        final int slot;
        final TftpPeer peer;
        final String name;
        final int blksize;
        final int window;
        final long timeoutMillis;
        final boolean oack;
        final long tsizeAsked;
        boolean askedBlksize;
        boolean askedTimeout;
        boolean askedWindow;
        FileChannel file;
        long size = -1;
        /** Highest block acknowledged (0: none; the OACK's ACK is block 0) and highest sent. */
        long acked;
        long sent;
        long lastSendMillis;
        int retries;
        byte[] chunk;
        long chunkStart;
        int chunkLength;
        byte[] next;
        long nextStart = -1;
        int nextLength;
        boolean reading;
        /** A window stopped at a block the read-ahead did not hold yet: the read's completion sends it. */
        boolean waiting;
        boolean done;
        final long started;

        Transfer(final int slot, final TftpPeer peer, final String name, final int blksize, final int window,
                 final long timeoutMillis, final boolean oack, final long tsizeAsked, final long now) {
            this.slot = slot;
            this.peer = peer;
            this.name = name;
            this.blksize = blksize;
            this.window = window;
            this.timeoutMillis = timeoutMillis;
            this.oack = oack;
            this.tsizeAsked = tsizeAsked;
            this.started = now;
        }

        int localPort() {
            return basePort + slot;
        }

        long blocks() {
            return size / blksize + 1; // the last block is short, possibly empty (RFC 1350 §6)
        }
    }

    /**
     * A datagram to port 69 (a request) or to a transfer's port ({@code localPort}) from {@code peer}; returns
     * true when consumed.
     */
    public boolean onPacket(final TftpPeer peer, final int localPort, final ByteBuf b, final int at, final int length,
                            final long now) {
        counters.packets++;
        lastNow = now;
        final int op = TftpPacket.opcode(b, at, length);
        if (localPort == PORT) {
            if (op == TftpPacket.RRQ) {
                onRead(peer, b, at, length, now);
            } else if (op == TftpPacket.WRQ) {
                counters.refused++;
                error(peer, PORT, TftpPacket.ERR_ACCESS, "read-only server");
            } else {
                counters.malformed++;
                error(peer, PORT, TftpPacket.ERR_ILLEGAL, "expected a read request");
            }
            return true;
        }
        final int slot = localPort - basePort;
        final Transfer t = slot >= 0 && slot < transfers.length ? transfers[slot] : null;
        if (t == null || !t.peer.same(peer)) {
            counters.unknownTid++;
            error(peer, localPort, TftpPacket.ERR_UNKNOWN_TID, "unknown transfer ID"); // RFC 1350 §4
            return true;
        }
        if (op == TftpPacket.ACK && length >= 4) {
            onAck(t, b.getUnsignedShort(at + 2), now);
        } else if (op == TftpPacket.ERROR) {
            finish(t, false); // the client gave up (or refused our OACK, RFC 2347 §4)
        } else {
            counters.malformed++;
        }
        return true;
    }

    private void onRead(final TftpPeer from, final ByteBuf b, final int at, final int length, final long now) {
        if (!request.parse(b, at, length)) {
            counters.malformed++;
            error(from, PORT, TftpPacket.ERR_ILLEGAL, "malformed request");
            return;
        }
        if (!"octet".equals(request.mode) && !"netascii".equals(request.mode)) {
            counters.refused++;
            error(from, PORT, TftpPacket.ERR_ILLEGAL, "mode " + request.mode + " not supported (octet)");
            return;
        }
        final Path root = settings.roots().apply(from.vid);
        final String name = request.file;
        if (root == null || !safeName(name)) {
            counters.refused++;
            error(from, PORT, TftpPacket.ERR_ACCESS, "access violation: " + (root == null ? "no TFTP here"
                : "absolute paths and .. are refused"));
            return;
        }
        for (final Transfer t : transfers) { // a retransmitted request of a transfer already running
            if (t != null && t.peer.same(from) && t.name.equals(name) && t.acked == 0) {
                return;
            }
        }
        int slot = -1;
        int perClient = 0;
        for (int i = 0; i < transfers.length; i++) {
            if (transfers[i] == null) {
                if (slot < 0) {
                    slot = i;
                }
            } else if (transfers[i].peer.ip == from.ip) {
                perClient++;
            }
        }
        if (slot < 0 || perClient >= settings.maxPerClient()) {
            counters.busy++;
            error(from, PORT, TftpPacket.ERR_UNDEFINED, "too many transfers, try again");
            return;
        }
        final boolean oack = request.blksize > 0 || request.tsize >= 0 || request.timeout > 0
            || request.windowsize > 0;
        final int blksize = request.blksize > 0 ? Math.min(request.blksize, settings.maxBlksize()) : 512;
        final int window = request.windowsize > 0 ? Math.min(request.windowsize, settings.maxWindow()) : 1;
        final long timeout = (request.timeout > 0 ? request.timeout : DEFAULT_TIMEOUT) * 1000L;
        final Transfer t = new Transfer(slot, from.copy(), name, blksize, window, timeout, oack, request.tsize, now);
        t.askedBlksize = request.blksize > 0;
        t.askedTimeout = request.timeout > 0;
        t.askedWindow = request.windowsize > 0;
        t.lastSendMillis = now;
        t.reading = true;
        transfers[slot] = t;
        counters.started++;
        final Path file = root.resolve(name);
        submit(t, () -> open(t, root, file));
    }

    /** RFC 1350 names are relative here: no leading '/', no '..' component, no NUL or backslash tricks. */
    static boolean safeName(final String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.indexOf('\\') >= 0) {
            return false;
        }
        for (final String part : name.split("/")) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ I/O threads

    private void submit(final Transfer t, final Runnable task) {
        try {
            io.execute(task);
        } catch (final RejectedExecutionException e) {
            finish(t, false);
        }
    }

    private void open(final Transfer t, final Path root, final Path file) {
        int code = -1;
        String message = null;
        FileChannel ch = null;
        long size = -1;
        byte[] first = null;
        int n = 0;
        try {
            final Path realRoot = root.toRealPath();
            final Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                code = TftpPacket.ERR_ACCESS;
                message = "access violation: outside the root";
            } else if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                code = TftpPacket.ERR_NOT_FOUND;
                message = "not a file";
            } else {
                ch = FileChannel.open(real, StandardOpenOption.READ);
                size = ch.size();
                if (size > settings.maxFileSize()) {
                    code = TftpPacket.ERR_ACCESS;
                    message = "file larger than the server's limit";
                } else {
                    first = new byte[(int) Math.min(CHUNK, Math.max(size, 0))];
                    n = readFully(ch, first, 0);
                }
            }
        } catch (final NoSuchFileException e) {
            code = TftpPacket.ERR_NOT_FOUND;
            message = "file not found";
        } catch (final IOException | SecurityException e) {
            code = TftpPacket.ERR_ACCESS;
            message = "cannot read: " + e.getClass().getSimpleName();
        }
        if (code >= 0 && ch != null) {
            close(ch);
            ch = null;
        }
        final int errorCode = code;
        final String errorMessage = message;
        final FileChannel opened = ch;
        final long fileSize = size;
        final byte[] data = first;
        final int length = n;
        post(opened, () -> opened(t, errorCode, errorMessage, opened, fileSize, data, length));
    }

    private void readAhead(final Transfer t, final FileChannel ch, final long position) {
        byte[] data = null;
        int n = -1;
        try {
            data = new byte[CHUNK];
            n = readFully(ch, data, position);
        } catch (final IOException e) {
            n = -1;
        }
        final byte[] got = data;
        final int length = n;
        post(null, () -> readDone(t, position, got, length));
    }

    private static int readFully(final FileChannel ch, final byte[] into, final long position) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(into);
        long p = position;
        while (b.hasRemaining()) {
            final int r = ch.read(b, p);
            if (r < 0) {
                break;
            }
            p += r;
        }
        return b.position();
    }

    /** Hands a completion to the loop thread; if the switch has stopped, closes what was opened. */
    private void post(final FileChannel opened, final Runnable onLoop) {
        try {
            loop.accept(onLoop);
        } catch (final RuntimeException e) {
            if (opened != null) {
                close(opened);
            }
        }
    }

    private static void close(final FileChannel ch) {
        try {
            ch.close();
        } catch (final IOException e) {
            // read-only: nothing to lose
        }
    }

    // ------------------------------------------------------------------ loop thread

    private void opened(final Transfer t, final int code, final String message, final FileChannel ch,
                        final long size, final byte[] data, final int length) {
        t.reading = false;
        if (transfers[t.slot] != t) {
            if (ch != null) {
                close(ch);
            }
            return;
        }
        if (code >= 0) {
            counters.refused++;
            error(t.peer, t.localPort(), code, message);
            transfers[t.slot] = null;
            return;
        }
        t.file = ch;
        t.size = size;
        t.chunk = data;
        t.chunkStart = 0;
        t.chunkLength = length;
        prefetch(t);
        if (t.oack) {
            sendOack(t);
        } else {
            sendWindow(t, 0);
        }
    }

    private void readDone(final Transfer t, final long position, final byte[] data, final int length) {
        t.reading = false;
        if (transfers[t.slot] != t) {
            return;
        }
        if (length < 0) {
            error(t.peer, t.localPort(), TftpPacket.ERR_UNDEFINED, "read error");
            finish(t, false);
            return;
        }
        t.next = data;
        t.nextStart = position;
        t.nextLength = length;
        if (t.waiting && !t.done) {
            sendWindow(t, lastNow); // it waited for these bytes
        }
    }

    /** Reads the chunk after the current one, unless it is read, being read, or past the end. */
    private void prefetch(final Transfer t) {
        final long after = t.chunkStart + t.chunkLength;
        if (t.reading || t.next != null || after >= t.size) {
            return;
        }
        t.reading = true;
        final FileChannel ch = t.file;
        submit(t, () -> readAhead(t, ch, after));
    }

    /** Reads the chunk at {@code position} again (a restarted window reached back before the current chunk). */
    private void readAt(final Transfer t, final long position) {
        if (t.reading) {
            return;
        }
        t.reading = true;
        t.next = null;
        final FileChannel ch = t.file;
        submit(t, () -> readAhead(t, ch, position));
    }

    private void sendOack(final Transfer t) {
        final ByteBuf b = out.buffer();
        final int at = out.begin();
        int p = TftpPacket.oack(b, at);
        // RFC 2347 §3: only options the client asked for, with the values granted
        if (t.askedBlksize) {
            p = TftpPacket.option(b, p, "blksize", t.blksize);
        }
        if (t.tsizeAsked >= 0) {
            p = TftpPacket.option(b, p, "tsize", t.size);
        }
        if (t.askedTimeout) {
            p = TftpPacket.option(b, p, "timeout", t.timeoutMillis / 1000);
        }
        if (t.askedWindow) {
            p = TftpPacket.option(b, p, "windowsize", t.window);
        }
        out.send(t.peer, t.localPort(), p - at);
        t.lastSendMillis = lastNow;
        counters.sent++;
    }

    private long lastNow;

    private void onAck(final Transfer t, final int wire, final long now) {
        lastNow = now;
        // the 16-bit block number, unwrapped to the nearest block sent (RFC 1350 has no rollover; servers roll to 0)
        long block = (t.sent & ~0xFFFFL) | wire;
        if (block > t.sent) {
            block -= 0x10000;
        }
        if (block < t.acked || block > t.sent) {
            return; // old or foreign: ignore (never answer a duplicate ACK: the Sorcerer's Apprentice, RFC 1123)
        }
        if (block == t.blocks()) {
            finish(t, true);
            return;
        }
        if (block == t.acked && block != t.sent && t.window == 1) {
            return;
        }
        if (block == t.acked && block == t.sent && t.retries == 0 && block != 0) {
            return; // a duplicate of the ACK already answered
        }
        t.acked = block;
        t.retries = 0;
        sendWindow(t, now);
    }

    /** Sends blocks acked+1 .. acked+window that the read-ahead holds. */
    private void sendWindow(final Transfer t, final long now) {
        final long last = Math.min(t.acked + t.window, t.blocks());
        t.sent = t.acked;
        t.waiting = false;
        for (long block = t.acked + 1; block <= last; block++) {
            if (!sendBlock(t, block)) {
                t.waiting = true; // readDone sends again
                break;
            }
            t.sent = block;
        }
        t.lastSendMillis = now == 0 ? lastNow : now;
    }

    private boolean sendBlock(final Transfer t, final long block) {
        final long offset = (block - 1) * t.blksize;
        final int length = (int) Math.min(t.blksize, t.size - offset);
        final long end = offset + length;
        if (offset >= t.chunkStart + t.chunkLength && t.next != null && t.nextStart == t.chunkStart + t.chunkLength) {
            t.chunk = t.next; // the block lies wholly in the read-ahead: it becomes the current chunk
            t.chunkStart = t.nextStart;
            t.chunkLength = t.nextLength;
            t.next = null;
        }
        if (end > t.chunkStart + t.chunkLength && offset >= t.chunkStart && t.next != null
            && t.nextStart == t.chunkStart + t.chunkLength) {
            // a block straddling two chunks: the current chunk's tail and the read-ahead, joined once
            final int tail = (int) (t.chunkStart + t.chunkLength - offset);
            final byte[] joined = new byte[tail + t.nextLength];
            System.arraycopy(t.chunk, (int) (offset - t.chunkStart), joined, 0, tail);
            System.arraycopy(t.next, 0, joined, tail, t.nextLength);
            t.chunk = joined;
            t.chunkStart = offset;
            t.chunkLength = joined.length;
            t.next = null;
        }
        if ((offset < t.chunkStart || end > t.chunkStart + t.chunkLength) && t.next != null
            && offset >= t.nextStart && end <= t.nextStart + t.nextLength) {
            t.chunk = t.next; // a block before the current chunk (a window restarted): read again, now here
            t.chunkStart = t.nextStart;
            t.chunkLength = t.nextLength;
            t.next = null;
        }
        if (offset < t.chunkStart) {
            readAt(t, offset);
            return false;
        }
        if (end > t.chunkStart + t.chunkLength) {
            prefetch(t);
            return false;
        }
        final ByteBuf b = out.buffer();
        final int at = out.begin();
        TftpPacket.data(b, at, (int) block);
        if (length > 0) {
            b.setBytes(at + 4, t.chunk, (int) (offset - t.chunkStart), length);
        }
        out.send(t.peer, t.localPort(), 4 + length);
        counters.sent++;
        counters.bytes += length;
        if (offset + length > t.chunkStart + t.chunkLength / 2) {
            prefetch(t);
        }
        return true;
    }

    /** Retransmits what timed out; abandons transfers out of retries. Call every few tens of ms. */
    public void onTick(final long now) {
        lastNow = now;
        for (final Transfer t : transfers) {
            if (t == null || t.reading || now - t.lastSendMillis < t.timeoutMillis) {
                continue;
            }
            if (++t.retries > settings.retries()) {
                counters.timedOut++;
                finish(t, false);
                continue;
            }
            counters.retransmitted++;
            if (t.size < 0) {
                continue;
            }
            if (t.oack && t.acked == 0 && t.sent == 0) {
                sendOack(t);
            } else {
                sendWindow(t, now);
            }
            t.lastSendMillis = now;
        }
    }

    private void finish(final Transfer t, final boolean complete) {
        t.done = true;
        if (complete) {
            counters.completed++;
        } else {
            counters.failed++;
        }
        if (t.file != null) {
            final FileChannel ch = t.file;
            t.file = null;
            try {
                io.execute(() -> close(ch));
            } catch (final RejectedExecutionException e) {
                close(ch);
            }
        }
        if (transfers[t.slot] == t) {
            transfers[t.slot] = null;
        }
    }

    private void error(final TftpPeer to, final int localPort, final int code, final String message) {
        final ByteBuf b = out.buffer();
        final int at = out.begin();
        out.send(to, localPort, TftpPacket.error(b, at, code, message));
        counters.errors++;
    }

    /** The transfers in progress, one line each, for tftp/print. */
    public List<String> describeTransfers(final long now) {
        final List<String> lines = new ArrayList<>();
        for (final Transfer t : transfers) {
            if (t != null) {
                lines.add(String.format("%s port %d vlan %d %s blksize %d window %d block %d/%d %ds",
                    ipText(t.peer.ip) + ":" + t.peer.port, t.peer.switchPort, t.peer.vid, t.name, t.blksize, t.window,
                    t.acked, t.size < 0 ? 0 : t.blocks(), (now - t.started) / 1000));
            }
        }
        return lines;
    }

    static String ipText(final int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}

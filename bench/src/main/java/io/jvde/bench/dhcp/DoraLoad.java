package io.jvde.bench.dhcp;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.NativePaths;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A frugal DHCPv4 load generator: full DORA exchanges (DISCOVER, OFFER, REQUEST, ACK) at a paced offered rate for
 * a fixed period, through an AF_PACKET socket bound to one interface of the network namespace it runs in, batched
 * with sendmmsg/recvmmsg, one thread, no allocation per packet. It measures what perfdhcp's {@code -r R -p P}
 * measures (sent/received per exchange, drops, latencies) at a small fraction of perfdhcp's CPU, so a 2-core
 * machine's load generator is not the bottleneck of the servers it measures (bench/dhcp.sh {@code --client dora}).
 *
 * <p>Pacing: every tick (250 us to 1 ms, see {@link #tickNanos}) it sends the DISCOVERs due by then, reads every reply queued, answers the OFFERs with
 * REQUESTs and sleeps to the next tick. Latencies do not suffer from the tick: a reply's arrival time is the
 * kernel's receive timestamp (SO_TIMESTAMPNS), a request's the moment just before its sendmmsg.
 *
 * <p>Clients: exchange i is client {@code (first + i) mod N}'s (MAC base + a scrambling of that number), so with N clients every
 * client does DORA again once N exchanges have started, holding its lease already (perfdhcp's {@code -R N}).
 * An exchange whose OFFER or ACK comes later than the timeout (default 1 s, perfdhcp's {@code -d 1}) or never is
 * a drop; after the period it waits for the replies still due, at most two timeouts.
 *
 * <pre>java -cp jvde.jar:CLASSES io.jvde.bench.dhcp.DoraLoad --interface IF --rate R --period S
 *     [--clients N] [--relay GIADDR SERVER_IP [--server-mac MAC]] [--timeout-ms MS] [--mac-base MAC]</pre>
 * Prints one {@code key value} line per figure on stdout (see {@link #report}); errors on stderr, exit status 2.
 */
public final class DoraLoad {
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int ETH_P_IP = 0x0800;
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_MR_PROMISC = 1;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int PACKET_STATISTICS = 6;
    static final int SO_TIMESTAMPNS = 35;
    static final int SLOT = 2048;
    static final int CONTROL = 64;

    static final byte IDLE = 0;
    static final byte DISCOVERED = 1;
    static final byte OFFERED = 2;
    static final byte REQUESTED = 3;
    static final byte ACKED = 4;
    static final byte NAKED = 5;
    static final byte EXPIRED = 6;

    private final DoraOptions o;
    private final DoraFrames frames;
    private final int fd;
    private final LibC libc = Native.libc();
    private final int total;
    private final long timeoutNs;
    private final int xidBase;
    private final long firstClient;

    // per exchange, indexed by its number (xid - xidBase)
    private final long[] discoverNs;
    private final long[] requestNs;
    private final int[] offeredIp;
    private final int[] serverId;
    private final byte[] state;
    private final int[] requestQueue;
    private int queueHead;
    private int queueTail;
    private final int[] doLatency;
    private final int[] raLatency;

    private final MmsgVector tx;
    private final NativeMemory txMem;
    private final MmsgVector rx;
    private final NativeMemory rxMem;
    private final NativeMemory ctlMem;
    private final DoraFrames.Reply reply = new DoraFrames.Reply();
    /** Realtime minus nanoTime, ns: converts a send time to the clock of the kernel's receive timestamps. */
    private long realtimeOffset;

    private int discovers;
    private int offers;
    private int requests;
    private int acks;
    private int naks;
    private int lateOffers;
    private int lateAcks;
    private int duplicates;
    private int foreign;
    private int noServerId;
    private int ackAddressMismatch;
    private int noTimestamp;
    private int sendShort;
    private int open;
    /** Heap bytes the measuring thread allocated during the step (0 expected: nothing per packet). */
    private long allocated;
    private int scan;

    DoraLoad(final DoraOptions o, final DoraFrames frames, final int fd) {
        this.o = o;
        this.frames = frames;
        this.fd = fd;
        this.total = (int) Math.ceil(o.rate * o.periodSeconds);
        this.timeoutNs = o.timeoutMillis * 1_000_000L;
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        this.xidBase = random.nextInt();
        this.firstClient = random.nextLong(o.clients);
        discoverNs = new long[total];
        requestNs = new long[total];
        offeredIp = new int[total];
        serverId = new int[total];
        state = new byte[total];
        requestQueue = new int[total];
        doLatency = new int[total];
        raLatency = new int[total];
        tx = new MmsgVector(o.batch, 1);
        txMem = NativeMemory.allocate(o.batch * 512);
        for (int i = 0; i < o.batch; i++) {
            tx.iov(i, 0, txMem.address() + i * 512L, DoraFrames.FRAME_LEN);
        }
        rx = new MmsgVector(o.batch, 1);
        rxMem = NativeMemory.allocate(o.batch * SLOT, false);
        ctlMem = NativeMemory.allocate(o.batch * CONTROL);
        for (int i = 0; i < o.batch; i++) {
            rx.iov(i, 0, rxMem.address() + (long) i * SLOT, SLOT);
            rx.control(i, ctlMem.address() + (long) i * CONTROL, CONTROL);
        }
    }

    public static void main(final String[] args) {
        final DoraOptions o;
        try {
            o = DoraOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DoraLoad: " + e.getMessage());
            System.err.println("usage: DoraLoad --interface IF --rate R --period SECONDS [--clients N] "
                + "[--relay GIADDR SERVER_IP [--server-mac MAC]] [--timeout-ms MS] [--mac-base MAC] [--batch N] [--tick-us US | --per-tick N]");
            System.exit(2);
            return;
        }
        try {
            run(o);
        } catch (IllegalStateException | IOException e) {
            System.err.println("DoraLoad: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(final DoraOptions o) throws IOException {
        final int ifindex = NativePaths.ifNameToIndex(o.iface);
        if (ifindex == 0) {
            throw new IllegalStateException("no interface " + o.iface + " in this network namespace");
        }
        final DoraFrames frames;
        if (o.giaddr != 0) {
            final long own = DoraLink.ownMac(o.iface);
            final long server = o.serverMac != -1 ? o.serverMac : DoraLink.arpMac(o.iface, o.serverIp);
            frames = DoraFrames.relay(own, o.giaddr, server, o.serverIp);
        } else {
            frames = DoraFrames.direct();
        }
        final int fd = DoraLink.packetSocket(ifindex, o.giaddr == 0);
        // A relay's replies come to giaddr:67: a bound UDP socket (never read) keeps the kernel from answering
        // each with ICMP port unreachable, as perfdhcp's own socket on port 67 does.
        final int sink = o.giaddr != 0 ? DoraLink.udpSink() : -1;
        try {
            final DoraLoad load = new DoraLoad(o, frames, fd);
            load.warmUp();
            load.measure();
        } finally {
            Native.libc().close(fd);
            if (sink >= 0) {
                Native.libc().close(sink);
            }
        }
    }

    /** Compiles the per-packet code before the clock starts: encode and parse in memory, no socket. */
    void warmUp() {
        final ByteBuffer b = ByteBuffer.allocateDirect(DoraFrames.FRAME_LEN);
        final DoraFrames.Reply r = new DoraFrames.Reply();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            frames.request(b, 0, mac(i), i, 0x0A000001 + i, 0x0A000001);
            b.putShort(DoraFrames.ETH_LEN + DoraFrames.IP_LEN, (short) DoraFrames.SERVER_PORT);
            b.putShort(DoraFrames.ETH_LEN + DoraFrames.IP_LEN + 2, (short) (frames.isRelay() ? 67 : 68));
            b.put(DoraFrames.ETH_LEN + DoraFrames.IP_LEN + DoraFrames.UDP_LEN, (byte) 2);
            if (frames.parse(b, 0, DoraFrames.FRAME_LEN, r)) {
                sum += r.xid;
            }
            sum += frames.discover(b, 0, mac(i), i);
        }
        if (sum == 42) {
            System.err.print("");
        }
    }

    long mac(final int exchange) {
        return clientMac(o.macBase, (firstClient + exchange) % o.clients);
    }

    /**
     * Client c's MAC: the base plus a scrambling of c's 24 bits (a bijection: an odd multiplier, then an xorshift).
     * Distinct clients keep distinct MACs, but neighbours do not get neighbouring ones, as perfdhcp's random MACs do
     * not: a server that derives an address from a hash of the MAC (dnsmasq) would otherwise offer clients i and
     * i + 1 the same address whenever it has to probe past a taken one, and NAK one of their REQUESTs.
     */
    static long clientMac(final long base, final long c) {
        long x = (c * 0x9E3779L) & 0xFF_FFFFL; // 0x9E3779 is odd
        x ^= x >>> 12;
        return base + x;
    }

    void measure() {
        calibrate();
        socketDrops(); // whatever arrived before the step (other traffic on the link) is not the step's
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final com.sun.management.ThreadMXBean heap = (com.sun.management.ThreadMXBean) threads;
        final long self = Thread.currentThread().getId();
        final long thread0 = threads.getCurrentThreadCpuTime();
        final long bytes0 = heap.getThreadAllocatedBytes(self);
        final long process0 = os.getProcessCpuTime();
        final long tick = tickNanos(o);
        final long t0 = System.nanoTime();
        final long end = t0 + (long) (o.periodSeconds * 1e9);
        final long hardEnd = end + 2 * timeoutNs + 100_000_000L;
        long next = t0;
        boolean closed = false;
        while (true) {
            final long now = System.nanoTime();
            if (now >= hardEnd) {
                break;
            }
            receive();
            sendRequests();
            if (now < end) {
                sendDiscovers((int) Math.min(total, (long) ((now - t0) * o.rate / 1e9) + 1));
            } else if (!closed) {
                sendDiscovers(total); // the period's last few, due between the last tick and its end
                closed = true;
            }
            expire(now);
            if (closed && open == 0 && queueHead == queueTail) {
                break;
            }
            next += tick;
            final long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -100 * tick) {
                next = System.nanoTime(); // far behind (a descheduled process): do not burst to catch up ticks
            }
        }
        final long elapsed = System.nanoTime() - t0;
        final long threadCpu = threads.getCurrentThreadCpuTime() - thread0;
        final long processCpu = os.getProcessCpuTime() - process0;
        allocated = heap.getThreadAllocatedBytes(self) - bytes0;
        report(elapsed, threadCpu, processCpu);
    }

    /**
     * Frames the kernel dropped on this socket since the last call (its receive buffer was full), -1 when it cannot
     * tell: replies lost on the generator's side, which would otherwise count as the server's drops.
     */
    long socketDrops() {
        try (NativeMemory m = NativeMemory.allocate(16)) {
            // struct tpacket_stats { unsigned tp_packets; unsigned tp_drops; }; reading resets them
            m.putIntLE(8, 8);
            if (libc.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, m.address(), m.address() + 8) < 0) {
                return -1;
            }
            return m.getIntLE(4) & 0xFFFF_FFFFL;
        }
    }

    /**
     * The pacing tick: fixed by --tick-us, else about {@code --per-tick} DISCOVERs' worth at the offered rate within
     * 250 us..1 ms. Each sleep costs ~30 us of CPU on a virtual machine (timer and wake-up), so fewer ticks are
     * cheaper; but every tick's DISCOVERs and REQUESTs reach the server as one burst, whose last message waits for
     * the others: small bursts keep the generator's pacing out of the latencies it measures.
     */
    static long tickNanos(final DoraOptions o) {
        if (o.tickMicros > 0) {
            return o.tickMicros * 1000L;
        }
        return Math.max(250_000L, Math.min(1_000_000L, (long) (o.perTick * 1e9 / o.rate)));
    }

    /** realtimeOffset from the tightest of a few nanoTime/Instant.now/nanoTime brackets. */
    private void calibrate() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            final long a = System.nanoTime();
            final Instant now = Instant.now();
            final long b = System.nanoTime();
            if (b - a < best) {
                best = b - a;
                realtimeOffset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (a + (b - a) / 2);
            }
        }
    }

    /** Sends DISCOVERs until {@code due} have been sent (or the socket is full: the rest on the next tick). */
    private void sendDiscovers(final int due) {
        final ByteBuffer b = txMem.buffer();
        for (int guard = 0; discovers < due && guard < 64; guard++) {
            final int k = Math.min(o.batch, due - discovers);
            for (int j = 0; j < k; j++) {
                final int e = discovers + j;
                frames.discover(b, j * 512, mac(e), xidBase + e);
            }
            final long now = System.nanoTime();
            final int m = libc.sendmmsg(fd, tx.address(0), k, 0);
            for (int j = 0; j < m; j++) {
                final int e = discovers + j;
                discoverNs[e] = now;
                state[e] = DISCOVERED;
            }
            if (m > 0) {
                discovers += m;
                open += m;
            }
            if (m < k) {
                sendShort++;
                return;
            }
        }
    }

    private void sendRequests() {
        final ByteBuffer b = txMem.buffer();
        for (int guard = 0; queueHead < queueTail && guard < 64; guard++) {
            final int k = Math.min(o.batch, queueTail - queueHead);
            for (int j = 0; j < k; j++) {
                final int e = requestQueue[queueHead + j];
                frames.request(b, j * 512, mac(e), xidBase + e, offeredIp[e], serverId[e]);
            }
            final long now = System.nanoTime();
            final int m = libc.sendmmsg(fd, tx.address(0), k, 0);
            for (int j = 0; j < m; j++) {
                final int e = requestQueue[queueHead + j];
                requestNs[e] = now;
                state[e] = REQUESTED;
            }
            if (m > 0) {
                queueHead += m;
                requests += m;
            }
            if (m < k) {
                sendShort++;
                return;
            }
        }
    }

    private void receive() {
        final ByteBuffer b = rxMem.buffer();
        final ByteBuffer c = ctlMem.buffer();
        for (int guard = 0; guard < 256; guard++) {
            final int n = libc.recvmmsg(fd, rx.address(0), o.batch, Native.MSG_DONTWAIT, 0);
            if (n <= 0) {
                return;
            }
            final long fallback = System.nanoTime() + realtimeOffset;
            for (int i = 0; i < n; i++) {
                long at = fallback;
                final int cl = rx.controlLength(i);
                final int co = i * CONTROL;
                // struct cmsghdr { size_t len; int level; int type; } then struct timespec { long sec; long nsec; }
                if (cl >= 32 && Integer.reverseBytes(c.getInt(co + 8)) == Native.SOL_SOCKET
                    && Integer.reverseBytes(c.getInt(co + 12)) == SO_TIMESTAMPNS) {
                    at = Long.reverseBytes(c.getLong(co + 16)) * 1_000_000_000L + Long.reverseBytes(c.getLong(co + 24));
                } else {
                    noTimestamp++;
                }
                rx.control(i, ctlMem.address() + co, CONTROL);
                if (frames.parse(b, i * SLOT, Math.min(rx.length(i), SLOT), reply)) {
                    onReply(at - realtimeOffset);
                }
            }
            if (n < o.batch) {
                return;
            }
        }
    }

    /** One parsed reply that arrived at {@code at} (nanoTime clock). */
    void onReply(final long at) {
        final int e = reply.xid - xidBase;
        if (e < 0 || e >= discovers || reply.chaddr != mac(e)) {
            foreign++;
            return;
        }
        if (reply.type == DoraFrames.OFFER) {
            onOffer(e, at);
        } else if (reply.type == DoraFrames.ACK || reply.type == DoraFrames.NAK) {
            onAck(e, at);
        } else {
            foreign++;
        }
    }

    private void onOffer(final int e, final long at) {
        if (state[e] != DISCOVERED) {
            duplicates++;
            return;
        }
        final long latency = at - discoverNs[e];
        if (latency > timeoutNs) {
            lateOffers++;
            finish(e, EXPIRED);
            return;
        }
        if (reply.serverId == 0) {
            noServerId++; // RFC 2131 §4.3.1: an OFFER MUST carry the server identifier; no REQUEST can name it
            finish(e, EXPIRED);
            return;
        }
        doLatency[offers++] = (int) Math.max(0, latency);
        offeredIp[e] = reply.yiaddr;
        serverId[e] = reply.serverId;
        state[e] = OFFERED;
        requestQueue[queueTail++] = e;
    }

    private void onAck(final int e, final long at) {
        if (state[e] != REQUESTED) {
            duplicates++;
            return;
        }
        final long latency = at - requestNs[e];
        if (latency > timeoutNs) {
            lateAcks++;
            finish(e, EXPIRED);
            return;
        }
        if (reply.type == DoraFrames.NAK) {
            naks++;
            finish(e, NAKED);
            return;
        }
        if (reply.yiaddr != offeredIp[e]) {
            ackAddressMismatch++;
        }
        raLatency[acks++] = (int) Math.max(0, latency);
        finish(e, ACKED);
    }

    private void finish(final int e, final byte how) {
        state[e] = how;
        open--;
    }

    /** Gives up on the oldest exchanges whose reply is overdue (in send order; stops at the first still alive). */
    private void expire(final long now) {
        for (int guard = 0; scan < discovers && guard < 100_000; guard++) {
            final byte s = state[scan];
            if (s == DISCOVERED && now - discoverNs[scan] > timeoutNs
                || s == REQUESTED && now - requestNs[scan] > timeoutNs) {
                finish(scan, EXPIRED);
            } else if (s == DISCOVERED || s == REQUESTED || s == OFFERED) {
                return;
            }
            scan++;
        }
    }

    void report(final long elapsedNs, final long threadCpuNs, final long processCpuNs) {
        final StringBuilder s = new StringBuilder();
        line(s, "interface", o.iface);
        line(s, "mode", frames.isRelay() ? "relay" : "direct");
        line(s, "rate", fmt(o.rate, 0));
        line(s, "period_s", fmt(o.periodSeconds, 3));
        line(s, "clients", Long.toString(o.clients));
        line(s, "timeout_ms", Long.toString(o.timeoutMillis));
        line(s, "tick_us", Long.toString(tickNanos(o) / 1000));
        line(s, "discover_due", Integer.toString(total));
        line(s, "discover_sent", Integer.toString(discovers));
        line(s, "offer_recv", Integer.toString(offers));
        line(s, "request_sent", Integer.toString(requests));
        line(s, "ack_recv", Integer.toString(acks));
        line(s, "nak_recv", Integer.toString(naks));
        line(s, "late_offer", Integer.toString(lateOffers));
        line(s, "late_ack", Integer.toString(lateAcks));
        line(s, "duplicate", Integer.toString(duplicates));
        line(s, "foreign", Integer.toString(foreign));
        line(s, "offer_without_server_id", Integer.toString(noServerId));
        line(s, "ack_address_mismatch", Integer.toString(ackAddressMismatch));
        line(s, "no_kernel_timestamp", Integer.toString(noTimestamp));
        line(s, "send_short", Integer.toString(sendShort));
        line(s, "socket_drops", Long.toString(socketDrops()));
        line(s, "dora_per_s", fmt(acks / o.periodSeconds, 1));
        line(s, "drops_pct", fmt(discovers == 0 ? 100 : 100.0 * (discovers - acks) / discovers, 3));
        latency(s, "do", doLatency, offers);
        latency(s, "ra", raLatency, acks);
        line(s, "elapsed_s", fmt(elapsedNs / 1e9, 3));
        line(s, "cpu_thread_ms", fmt(threadCpuNs / 1e6, 1));
        line(s, "cpu_process_ms", fmt(processCpuNs / 1e6, 1));
        line(s, "allocated_bytes", Long.toString(allocated));
        line(s, "cpu_us_per_dora", acks == 0 ? "-" : fmt(processCpuNs / 1e3 / acks, 2));
        System.out.print(s);
        System.out.flush();
    }

    /** avg, p50, p99 and max (ms) of the first n latencies (ns); sorts them. p = value n * q + 0.5 (1-based). */
    static void latency(final StringBuilder s, final String name, final int[] ns, final int n) {
        if (n == 0) {
            for (String k : List.of("avg", "p50", "p99", "max")) {
                line(s, name + "_" + k + "_ms", "-");
            }
            return;
        }
        Arrays.sort(ns, 0, n);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ns[i];
        }
        line(s, name + "_avg_ms", fmt(sum / (double) n / 1e6, 3));
        line(s, name + "_p50_ms", fmt(percentile(ns, n, 0.50) / 1e6, 3));
        line(s, name + "_p99_ms", fmt(percentile(ns, n, 0.99) / 1e6, 3));
        line(s, name + "_max_ms", fmt(ns[n - 1] / 1e6, 3));
    }

    static int percentile(final int[] sorted, final int n, final double q) {
        final int i = (int) (n * q + 0.5);
        return sorted[Math.max(1, Math.min(n, i)) - 1];
    }

    private static void line(final StringBuilder s, final String key, final String value) {
        s.append(key).append(' ').append(value).append('\n');
    }

    private static String fmt(final double v, final int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    int discovers() {
        return discovers;
    }

    int acks() {
        return acks;
    }
}

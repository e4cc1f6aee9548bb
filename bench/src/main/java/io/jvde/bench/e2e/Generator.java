package io.jvde.bench.e2e;

import io.jvde.vde.sys.EpollSet;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: one sender thread for all sending ports and one receiver thread for all receiving ports,
 * whatever the port count, so the generator costs the same two threads against every switch (the machine has two
 * cores). The sender writes batches of 32 frames with blocking {@code sendmmsg}, as fast as the path accepts them
 * (unpaced: the switch's reading speed paces it, as it paces a QEMU guest) or at a fixed offered rate; the receiver
 * waits in epoll and drains with {@code recvmmsg}.
 *
 * <p>Every frame carries EtherType 0x88b5, a sequence number, the {@link System#nanoTime()} of its batch and the
 * sending port, so the receiver counts exactly what arrived where it should (loss) and one-way latency.
 */
final class Generator {
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    static final int ETHER_TYPE = 0x88B5;
    static final int DST_OFFSET = 0;
    static final int SRC_OFFSET = 6;
    static final int TYPE_OFFSET = 12;
    static final int SEQ_OFFSET = 14;
    static final int TIME_OFFSET = SEQ_OFFSET + 8;
    static final int STREAM_OFFSET = TIME_OFFSET + 8;
    static final int MIN_FRAME = STREAM_OFFSET + 4;
    static final int BATCH = 32;
    static final int RX_SLOT = 2048;
    /** Latency samples kept per run (every frame up to this many; 32 MB). */
    static final int LATENCY_CAP = 1 << 22;
    /** The receiver stops this long after the last frame once the sender has finished. */
    static final long QUIET_NANOS = 200_000_000L;
    /** ... and at the latest this long after the sender has finished. */
    static final long TAIL_NANOS = 2_000_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LibC libc = Native.libc();
    private final long[] latencies = new long[LATENCY_CAP];

    /** What to send. */
    static final class Spec {
        final int frameSize;
        final boolean broadcast;
        final long maxFrames;
        final long maxSendNanos;
        /** Offered frames/s over all senders; 0 = unpaced. */
        final double rate;

        Spec(final int frameSize, final boolean broadcast, final long maxFrames, final long maxSendNanos,
             final double rate) {
            if (frameSize < MIN_FRAME || frameSize > RX_SLOT) {
                throw new IllegalArgumentException("frame size: " + frameSize + " (expected: " + MIN_FRAME + ".."
                    + RX_SLOT + ")");
            }
            this.frameSize = frameSize;
            this.broadcast = broadcast;
            this.maxFrames = maxFrames;
            this.maxSendNanos = maxSendNanos;
            this.rate = rate;
        }
    }

    /** What happened in one run. */
    static final class Result {
        long sent;
        long expected;
        long received;
        long stray;
        long sendNanos;
        long receiveNanos;
        long p50Nanos;
        long p99Nanos;
        long switchCpuNanos = -1;
        long senderCpuNanos;
        long receiverCpuNanos;

        double offeredFps() {
            return sent / (sendNanos / 1e9);
        }

        double deliveredFps() {
            return received / (receiveNanos / 1e9);
        }

        double lossPercent() {
            return expected == 0 ? 0 : 100.0 * (expected - received) / expected;
        }

        /**
         * Switch CPU per delivered frame in nanoseconds, or NaN without a switch: the switch process's user + system
         * time over the measured window (from the first send to the receiver's end) divided by the frames delivered.
         */
        double switchCpuNanosPerFrame() {
            return switchCpuNanos < 0 || received == 0 ? Double.NaN : (double) switchCpuNanos / received;
        }

        /** Switch CPU per delivered frame in microseconds, or NaN without a switch. */
        double switchCpuMicrosPerFrame() {
            return switchCpuNanos < 0 || received == 0 ? Double.NaN : switchCpuNanos / 1e3 / received;
        }

        /** Generator CPU (both threads) per delivered frame in microseconds. */
        double generatorCpuMicrosPerFrame() {
            return received == 0 ? Double.NaN : (senderCpuNanos + receiverCpuNanos) / 1e3 / received;
        }

        @Override
        public String toString() {
            return String.format("sent=%d offered=%.0f/s received=%d/%d delivered=%.0f/s loss=%.2f%% stray=%d "
                    + "p50=%.1fus p99=%.1fus switchCpu=%.2fus/f genCpu=%.2fus/f", sent, offeredFps(), received,
                expected, deliveredFps(), lossPercent(), stray, p50Nanos / 1e3, p99Nanos / 1e3,
                switchCpuMicrosPerFrame(), generatorCpuMicrosPerFrame());
        }
    }

    static void writeHeader(final ByteBuffer b, final int off, final long dst, final long src) {
        b.putShort(off + DST_OFFSET, (short) (dst >>> 32));
        b.putInt(off + DST_OFFSET + 2, (int) dst);
        b.putShort(off + SRC_OFFSET, (short) (src >>> 32));
        b.putInt(off + SRC_OFFSET + 2, (int) src);
        b.putShort(off + TYPE_OFFSET, (short) ETHER_TYPE);
    }

    /**
     * Runs one measurement over {@code ports}: even ports send (unicast to the next port, or broadcast), the
     * receiving ports count. {@code switchPid} (or -1) is the process whose CPU time is charged to the frames.
     */
    Result run(final Ports ports, final Spec spec, final long switchPid) throws InterruptedException {
        final int n = ports.count();
        final int senders = n / 2;
        final Result r = new Result();
        // Senders: one native buffer and mmsg vector each, frames prebuilt; only seq and time change per frame.
        final NativeMemory[] txMem = new NativeMemory[senders];
        final MmsgVector[] tx = new MmsgVector[senders];
        for (int s = 0; s < senders; s++) {
            final int port = 2 * s;
            txMem[s] = NativeMemory.allocate(BATCH * spec.frameSize);
            tx[s] = new MmsgVector(BATCH, 1);
            final ByteBuffer b = txMem[s].buffer();
            for (int i = 0; i < BATCH; i++) {
                final int off = i * spec.frameSize;
                writeHeader(b, off, spec.broadcast ? BROADCAST : ports.macs[port + 1], ports.macs[port]);
                b.putInt(off + STREAM_OFFSET, port);
                for (int k = MIN_FRAME; k < spec.frameSize; k++) {
                    b.put(off + k, (byte) k);
                }
                tx[s].iov(i, 0, txMem[s].address() + off, spec.frameSize);
            }
        }
        final Receiver receiver = new Receiver(ports, spec.broadcast);
        final long cpu0 = switchPid > 0 ? ProcFs.cpuNanos(switchPid) : -1;
        final Thread rxThread = new Thread(receiver, "bench-rx");
        rxThread.start();
        final long senderCpu0 = THREADS.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        final int batch = spec.rate > 0 ? (int) Math.max(1, Math.min(BATCH, spec.rate / 20_000)) : BATCH;
        long sent = 0;
        long seq = 0;
        int s = 0;
        final long deadline = start + spec.maxSendNanos;
        while (sent < spec.maxFrames) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                break;
            }
            final int k = (int) Math.min(batch, spec.maxFrames - sent);
            if (spec.rate > 0) {
                final long due = start + (long) ((sent + k) * 1e9 / spec.rate);
                while (due - now > 0) {
                    if (due - now > 80_000) {
                        LockSupport.parkNanos(due - now - 60_000);
                    } else {
                        Thread.onSpinWait();
                    }
                    now = System.nanoTime();
                }
            }
            final ByteBuffer b = txMem[s].buffer();
            for (int i = 0; i < k; i++) {
                b.putLong(i * spec.frameSize + SEQ_OFFSET, seq + i);
                b.putLong(i * spec.frameSize + TIME_OFFSET, now);
            }
            int done = 0;
            while (done < k && System.nanoTime() - deadline < 0) {
                final int m = libc.sendmmsg(ports.fds[2 * s], tx[s].address(done), k - done, 0);
                if (m > 0) {
                    done += m;
                }
                // m < 0: EAGAIN after the send timeout, or EINTR: try again until the deadline
            }
            sent += done;
            seq += k;
            s = s + 1 == senders ? 0 : s + 1;
        }
        final long sendEnd = System.nanoTime();
        r.senderCpuNanos = THREADS.getCurrentThreadCpuTime() - senderCpu0;
        r.sent = sent;
        r.sendNanos = sendEnd - start;
        r.expected = spec.broadcast ? sent * (n - 1) : sent;
        receiver.expected = r.expected;
        receiver.sendEnd = sendEnd;
        rxThread.join();
        r.switchCpuNanos = switchPid > 0 ? ProcFs.cpuNanos(switchPid) - cpu0 : -1;
        r.received = receiver.received;
        r.stray = receiver.stray;
        r.receiverCpuNanos = receiver.cpuNanos;
        r.receiveNanos = Math.max(1, receiver.lastArrival - start);
        final int samples = (int) Math.min(receiver.received, LATENCY_CAP);
        Arrays.sort(latencies, 0, samples);
        if (samples > 0) {
            r.p50Nanos = latencies[samples / 2];
            r.p99Nanos = latencies[(int) Math.min(samples - 1, (long) samples * 99 / 100)];
        }
        for (int i = 0; i < senders; i++) {
            tx[i].free();
            txMem[i].free();
        }
        return r;
    }

    /** Drains every receiving port; counts frames by the port they should have reached. */
    private final class Receiver implements Runnable {
        private final Ports ports;
        private final boolean broadcast;
        volatile long expected = Long.MAX_VALUE;
        volatile long sendEnd;
        long received;
        long stray;
        long lastArrival;
        long cpuNanos;

        Receiver(final Ports ports, final boolean broadcast) {
            this.ports = ports;
            this.broadcast = broadcast;
        }

        @Override
        public void run() {
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            final EpollSet epoll = new EpollSet(ports.count());
            final MmsgVector v = new MmsgVector(BATCH, 1);
            final NativeMemory mem = NativeMemory.allocate(BATCH * RX_SLOT);
            final ByteBuffer b = mem.buffer();
            try {
                for (int i = 0; i < BATCH; i++) {
                    v.iov(i, 0, mem.address() + (long) i * RX_SLOT, RX_SLOT);
                }
                for (int p = broadcast ? 0 : 1; p < ports.count(); p += broadcast ? 1 : 2) {
                    epoll.add(ports.fds[p], Native.EPOLLIN, p);
                }
                long lastProgress = System.nanoTime();
                while (true) {
                    final int ready = epoll.await(10);
                    for (int e = 0; e < ready; e++) {
                        final int port = (int) epoll.token(e);
                        final int fd = ports.fds[port];
                        for (int rounds = 0; rounds < 8; rounds++) {
                            final int m = libc.recvmmsg(fd, v.address(0), BATCH, Native.MSG_DONTWAIT, 0);
                            if (m <= 0) {
                                break;
                            }
                            final long now = System.nanoTime();
                            lastProgress = now;
                            count(b, v, m, port, now);
                            if (m < BATCH) {
                                break;
                            }
                        }
                    }
                    final long end = sendEnd;
                    if (end != 0) {
                        final long now = System.nanoTime();
                        if (received >= expected || now - Math.max(lastProgress, end) > QUIET_NANOS
                            || now - end > TAIL_NANOS) {
                            break;
                        }
                    }
                }
            } finally {
                epoll.close();
                v.free();
                mem.free();
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
            }
        }

        private void count(final ByteBuffer b, final MmsgVector v, final int m, final int port, final long now) {
            for (int i = 0; i < m; i++) {
                final int off = i * RX_SLOT;
                if (v.length(i) < MIN_FRAME || (b.getShort(off + TYPE_OFFSET) & 0xFFFF) != ETHER_TYPE
                    || b.getLong(off + SEQ_OFFSET) < 0) {
                    continue; // a late announcement
                }
                final int stream = b.getInt(off + STREAM_OFFSET);
                if (broadcast ? stream == port : stream != port - 1) {
                    stray++;
                    continue;
                }
                if (received < LATENCY_CAP) {
                    latencies[(int) received] = now - b.getLong(off + TIME_OFFSET);
                }
                received++;
                lastArrival = now;
            }
        }
    }
}

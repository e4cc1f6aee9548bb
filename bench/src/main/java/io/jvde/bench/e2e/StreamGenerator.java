package io.jvde.bench.e2e;

import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;

/**
 * {@link Generator}'s logic over two stream connections to a switch's {@code --stream} socket instead of two VDE
 * clients: the sender writes batches of 32 length-prefixed frames with one blocking {@code write} each (as QEMU's
 * {@code -netdev stream} writes what it has), the receiver reads up to 1 MiB at a time and parses the frames.
 * Frames carry the same EtherType, sequence number and stream id; the receiver counts those that arrive where they
 * should. Unicast from connection 0 to connection 1 only.
 */
final class StreamGenerator implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int READ_BUFFER = 1 << 20;

    private final LibC libc = Native.libc();
    private final int[] fds = new int[2];
    private final long[] macs = {0x0200_0000_1001L, 0x0200_0000_1002L};

    StreamGenerator(final String path) throws IOException {
        for (int i = 0; i < 2; i++) {
            final int fd = UnixSockets.socket(Native.SOCK_STREAM);
            if (fd < 0 || UnixSockets.connect(fd, path) < 0) {
                throw new IOException("connect " + path + ": " + Native.strerror(Native.errno()));
            }
            fds[i] = fd;
        }
        // each connection announces its MAC, so the switch learns both before the run
        for (int i = 0; i < 2; i++) {
            final byte[] f = new byte[4 + 60];
            final ByteBuffer b = ByteBuffer.wrap(f);
            b.putInt(0, 60);
            Generator.writeHeader(b, 4, Generator.BROADCAST, macs[i]);
            b.putLong(4 + Generator.SEQ_OFFSET, -1);
            UnixSockets.send(fds[i], f, 0, f.length, 0);
        }
    }

    /** Sends for {@code seconds} (at most {@code maxFrames}) and counts what arrives; {@code switchPid} is charged. */
    Generator.Result run(final int frameSize, final long maxFrames, final double seconds, final long switchPid)
            throws InterruptedException {
        final Generator.Result r = new Generator.Result();
        final int record = 4 + frameSize;
        final NativeMemory tx = NativeMemory.allocate(Generator.BATCH * record);
        final ByteBuffer b = tx.buffer();
        for (int i = 0; i < Generator.BATCH; i++) {
            final int off = i * record;
            b.putInt(off, frameSize);
            Generator.writeHeader(b, off + 4, macs[1], macs[0]);
            b.putInt(off + 4 + Generator.STREAM_OFFSET, 0);
            for (int k = Generator.MIN_FRAME; k < frameSize; k++) {
                b.put(off + 4 + k, (byte) k);
            }
        }
        final Receiver receiver = new Receiver(fds[1]);
        final long cpu0 = ProcFs.cpuNanos(switchPid);
        final Thread rx = new Thread(receiver, "bench-stream-rx");
        rx.start();
        final long senderCpu0 = THREADS.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        final long deadline = start + (long) (seconds * 1e9);
        long sent = 0;
        while (sent < maxFrames && System.nanoTime() - deadline < 0) {
            final long now = System.nanoTime();
            for (int i = 0; i < Generator.BATCH; i++) {
                b.putLong(i * record + 4 + Generator.SEQ_OFFSET, sent + i);
                b.putLong(i * record + 4 + Generator.TIME_OFFSET, now);
            }
            long done = 0;
            final long total = (long) Generator.BATCH * record;
            while (done < total) {
                final long w = libc.write(fds[0], tx.address() + done, total - done);
                if (w > 0) {
                    done += w;
                } else if (Native.errno() != Native.EINTR) {
                    throw new IllegalStateException("write: " + Native.strerror(Native.errno()));
                }
            }
            sent += Generator.BATCH;
        }
        final long sendEnd = System.nanoTime();
        r.senderCpuNanos = THREADS.getCurrentThreadCpuTime() - senderCpu0;
        r.sent = sent;
        r.sendNanos = sendEnd - start;
        r.expected = sent;
        receiver.expected = sent;
        receiver.sendEnd = sendEnd;
        rx.join();
        r.switchCpuNanos = ProcFs.cpuNanos(switchPid) - cpu0;
        r.received = receiver.received;
        r.stray = receiver.stray;
        r.receiverCpuNanos = receiver.cpuNanos;
        r.receiveNanos = Math.max(1, receiver.lastArrival - start);
        tx.free();
        return r;
    }

    /** Reads the receiving connection until every frame arrived or it has been quiet for a while. */
    private final class Receiver implements Runnable {
        private final int fd;
        volatile long expected = Long.MAX_VALUE;
        volatile long sendEnd;
        long received;
        long stray;
        long lastArrival;
        long cpuNanos;

        Receiver(final int fd) {
            this.fd = fd;
        }

        @Override
        public void run() {
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            final NativeMemory mem = NativeMemory.allocate(READ_BUFFER);
            final ByteBuffer b = mem.buffer();
            int pos = 0;
            int fill = 0;
            long lastProgress = System.nanoTime();
            try {
                while (true) {
                    if (UnixSockets.awaitReadable(fd, 10)) {
                        if (pos > 0) {
                            b.put(0, b, pos, fill - pos);
                            fill -= pos;
                            pos = 0;
                        }
                        final long n = libc.read(fd, mem.address() + fill, READ_BUFFER - fill);
                        if (n <= 0) {
                            break;
                        }
                        fill += (int) n;
                        final long now = System.nanoTime();
                        lastProgress = now;
                        while (fill - pos >= 4 && fill - pos >= 4 + b.getInt(pos)) {
                            final int len = b.getInt(pos);
                            count(b, pos + 4, len, now);
                            pos += 4 + len;
                        }
                    }
                    final long end = sendEnd;
                    if (end != 0) {
                        final long now = System.nanoTime();
                        if (received >= expected || now - Math.max(lastProgress, end) > Generator.QUIET_NANOS
                            || now - end > Generator.TAIL_NANOS) {
                            break;
                        }
                    }
                }
            } finally {
                mem.free();
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
            }
        }

        private void count(final ByteBuffer b, final int off, final int len, final long now) {
            if (len < Generator.MIN_FRAME || (b.getShort(off + Generator.TYPE_OFFSET) & 0xFFFF) != Generator.ETHER_TYPE
                || b.getLong(off + Generator.SEQ_OFFSET) < 0) {
                return; // an announcement
            }
            if (b.getInt(off + Generator.STREAM_OFFSET) != 0) {
                stray++;
                return;
            }
            received++;
            lastArrival = now;
        }
    }

    @Override
    public void close() {
        for (final int fd : fds) {
            if (fd > 0) {
                libc.close(fd);
            }
        }
    }
}

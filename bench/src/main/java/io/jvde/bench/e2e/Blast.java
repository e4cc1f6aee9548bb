package io.jvde.bench.e2e;

import io.jvde.vde.client.VdeClient;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One sender and one receiver attached to a switch: the receiver announces its MAC with a broadcast so the
 * switch learns it, then the sender pushes {@code frames} unicast frames with sendmmsg (blocking, like QEMU and
 * libvdeplug clients) and the receiver counts them with recvmmsg. Each frame carries a sequence number and a send
 * timestamp, so loss and one-way latency are measured exactly.
 *
 * <pre>java -cp bench.jar io.jvde.bench.e2e.Blast SWITCH_DIR FRAMES SIZE</pre>
 */
public final class Blast {
    static final int BATCH = 32;
    static final long SRC = 0x0200_0000_0001L;
    static final long DST = 0x0200_0000_0002L;

    /** Results of one run. */
    public static final class Result {
        public long sent;
        public long received;
        public double seconds;
        public long p50Nanos;
        public long p99Nanos;

        public double deliveredPerSecond() {
            return received / seconds;
        }

        public double lossPercent() {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }

        @Override
        public String toString() {
            return String.format("sent=%d received=%d delivered=%.0f fps loss=%.2f%% p50=%.1fus p99=%.1fus",
                sent, received, deliveredPerSecond(), lossPercent(), p50Nanos / 1000.0, p99Nanos / 1000.0);
        }
    }

    private Blast() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final int frames = Integer.parseInt(args[1]);
        final int size = Integer.parseInt(args[2]);
        System.out.println(run(dir, frames, size));
    }

    public static Result run(final Path dir, final int frames, final int size) throws Exception {
        try (VdeClient tx = VdeClient.connect(dir, "jvde-blast sender");
             VdeClient rx = VdeClient.connect(dir, "jvde-blast receiver")) {
            return run(tx.dataFd(), rx.dataFd(), frames, size, () -> {
                rx.send(frame(0xFFFF_FFFF_FFFFL, DST, 60, 0));
                tx.send(frame(0xFFFF_FFFF_FFFFL, SRC, 60, 0));
                final byte[] b = new byte[9300];
                while (tx.receive(b, 50) > 0 || rx.receive(b, 50) > 0) {
                    // drain the learning broadcasts
                }
            });
        }
    }

    static byte[] frame(final long dst, final long src, final int size, final long seq) {
        final byte[] f = new byte[size];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (40 - 8 * i));
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xB5;
        return f;
    }

    /** Runs the blast between two connected datagram fds (through a switch, or a direct wire). */
    public static Result run(final int txFd, final int rxFd, final int frames, final int size, final Runnable learn)
        throws InterruptedException {
        learn.run();
        final LibC libc = Native.libc();
        final Result r = new Result();
        final long[] latencies = new long[frames];
        final long[] received = new long[1];
        final long[] lastArrival = new long[1];
        final Thread receiver = new Thread(() -> {
            final MmsgVector v = new MmsgVector(BATCH, 1);
            final NativeMemory mem = NativeMemory.allocate(BATCH * 9300);
            for (int i = 0; i < BATCH; i++) {
                v.iov(i, 0, mem.address() + i * 9300L, 9300);
            }
            long idleSince = System.nanoTime();
            final java.nio.ByteBuffer b = mem.buffer();
            while (received[0] < frames && System.nanoTime() - idleSince < 1_000_000_000L) {
                final int n = libc.recvmmsg(rxFd, v.address(0), BATCH, Native.MSG_DONTWAIT, 0);
                if (n <= 0) {
                    Thread.onSpinWait();
                    continue;
                }
                final long now = System.nanoTime();
                idleSince = now;
                lastArrival[0] = now;
                for (int i = 0; i < n; i++) {
                    final int off = i * 9300;
                    if (b.getShort(off + 12) != (short) 0x88B5) {
                        continue;
                    }
                    final long seq = b.getLong(off + 14);
                    if (seq >= 0 && seq < frames) {
                        latencies[(int) received[0]] = now - b.getLong(off + 22);
                        received[0]++;
                    }
                }
            }
            v.free();
            mem.free();
        }, "blast-rx");
        receiver.start();
        final MmsgVector v = new MmsgVector(BATCH, 1);
        final NativeMemory mem = NativeMemory.allocate(BATCH * size);
        final java.nio.ByteBuffer b = mem.buffer();
        final byte[] template = frame(DST, SRC, size, 0);
        for (int i = 0; i < BATCH; i++) {
            b.put(i * size, template);
            v.iov(i, 0, mem.address() + (long) i * size, size);
        }
        final long start = System.nanoTime();
        long seq = 0;
        while (seq < frames) {
            final int n = (int) Math.min(BATCH, frames - seq);
            final long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.putLong(i * size + 14, seq + i);
                b.putLong(i * size + 22, now);
            }
            int done = 0;
            while (done < n) {
                final int k = libc.sendmmsg(txFd, v.address(done), n - done, 0);
                if (k <= 0) {
                    break;
                }
                done += k;
            }
            seq += n;
        }
        r.sent = seq;
        receiver.join();
        r.received = received[0];
        r.seconds = (lastArrival[0] - start) / 1e9;
        final long[] l = Arrays.copyOf(latencies, (int) r.received);
        Arrays.sort(l);
        if (l.length > 0) {
            r.p50Nanos = l[l.length / 2];
            r.p99Nanos = l[(int) (l.length * 0.99)];
        }
        v.free();
        mem.free();
        return r;
    }
}

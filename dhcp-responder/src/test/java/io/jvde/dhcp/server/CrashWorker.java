package io.jvde.dhcp.server;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.netty.buffer.Unpooled;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: leases addresses to new clients in bursts as fast as it can, and
 * prints "ACK mac address" for every ACK the moment the sink receives it (i.e. after its journal sync). The parent
 * kills it with SIGKILL mid-burst. Bounded: stops by itself after {@code args[1]} clients. With a fourth argument
 * {@code compact}, it compacts the journal after every 512 clients; halfway through writing the copy it prints
 * "COMPACT" and pauses as a slow disk would, so the parent's kill lands in the middle of the compaction. With
 * {@code background}, the journal syncs on its own thread ({@link FileLeaseJournal#syncInBackground}) and the
 * worker's flushes never wait for the disk: an ACK leaves on the first flush after its batch's fsync.
 */
public final class CrashWorker {
    private CrashWorker() {
    }

    public static void main(final String[] args) {
        final Path journal = Path.of(args[0]);
        final int clients = Integer.parseInt(args[1]);
        final int offset = Integer.parseInt(args[2]);
        final boolean compact = args.length > 3 && args[3].equals("compact");
        final PrintStream out = System.out;
        final DhcpSettings settings = DhcpSettings.builder().scope(scope()).build();
        final long now = System.currentTimeMillis();
        final boolean background = args.length > 3 && args[3].equals("background");
        final FileLeaseJournal file = FileLeaseJournal.open(journal);
        final io.jvde.dhcp.lease.LeaseStore store = new io.jvde.dhcp.lease.LeaseStore(
            compact ? new SlowCompaction(file, out) : file);
        final DhcpResponder r = DhcpResponder.start(settings, store,
            (port, vid, frame, off, length) -> {
                if (frame.getUnsignedByte(off + 14 + 20 + 8 + 240 + 2) == 5) { // option 53 = ACK (first option)
                    final long mac = io.jvde.dhcp.wire.MacAddress.read(frame, off + 14 + 20 + 8 + 28);
                    final int yiaddr = frame.getInt(off + 14 + 20 + 8 + 16);
                    out.println("ACK " + Long.toHexString(mac) + " " + Bytes.ip(yiaddr));
                }
            }, null, now);
        if (background) {
            file.syncInBackground(() -> { }); // the worker flushes every 16 clients anyway: nothing to wake
        } else if (args.length > 3 && args[3].equals("write")) {
            file.fsyncEachBatch(false); // written, not fsynced: the switch's adaptive commit, as the switch runs it
            file.syncAdaptively(() -> { }, 1_000_000, 4, System::nanoTime);
        } else if (args.length > 3 && args[3].equals("adaptive")) {
            // every third sync looks slow (5 ms against a 1 ms threshold): batches alternate between this thread
            // and the journal's, as on a disk whose fsyncs vary
            file.syncAdaptively(() -> { }, 1_000_000, 17, new SyncClock(100_000, 3, 5_000_000));
        }
        out.println("READY");
        out.flush();
        for (int i = 0; i < clients; i++) {
            final String mac = String.format("52:54:%02x:%02x:%02x:%02x", (offset >>> 8) & 0xFF, offset & 0xFF,
                (i >>> 8) & 0xFF, i & 0xFF);
            // INIT-REBOOT style REQUEST for a free address: adopted and ACKed by the authoritative server
            final byte[] f = ClientFrame.request(mac).requestedIp(Bytes.ip(Bytes.ip("10.20.0.0") + 1 + i + offset))
                .frame();
            r.onFrame(1, 0, Unpooled.wrappedBuffer(f), 0, f.length, now);
            if (i % 16 == 15) {
                r.flush();
                out.flush();
            }
            if (compact && i % 512 == 511) {
                store.compact();
            }
        }
        r.close();
        out.println("DONE");
        out.flush();
    }

    /** The journal, whose compaction stops halfway through its copy to announce itself and wait. */
    private record SlowCompaction(LeaseJournal j, PrintStream out) implements LeaseJournal {
        @Override
        public void compact(final Snapshot snapshot) {
            final int[] n = {0};
            j.compact(w -> snapshot.writeTo((type, vid, address, mac, time, clientId, hostname) -> {
                w.record(type, vid, address, mac, time, clientId, hostname);
                if (++n[0] == 256) {
                    out.println("COMPACT");
                    out.flush();
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
        }

        @Override
        public long append(final int type, final int vid, final int address, final long mac, final long time,
                           final byte[] clientId, final byte[] hostname) {
            return j.append(type, vid, address, mac, time, clientId, hostname);
        }

        @Override
        public long appendedSequence() {
            return j.appendedSequence();
        }

        @Override
        public long durableSequence() {
            return j.durableSequence();
        }

        @Override
        public long sync() {
            return j.sync();
        }

        @Override
        public void replay(final Visitor visitor) {
            j.replay(visitor);
        }

        @Override
        public long recordCount() {
            return j.recordCount();
        }

        @Override
        public void close() {
            j.close();
        }
    }

    static Scope scope() {
        return Scope.builder(0, "10.20.0.0/16").range("10.20.0.1", "10.20.255.250").build();
    }
}

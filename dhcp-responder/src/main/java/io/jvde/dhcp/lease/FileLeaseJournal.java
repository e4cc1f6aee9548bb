package io.jvde.dhcp.lease;

import io.jvde.primitives.SystemClock;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The lease journal on disk: an 8-byte file header, then one record per lease change.
 *
 * <pre>
 * file:    "JVDELJ" 0x00 0x01 | record | record | ...
 * record:  length (2, of the payload) | CRC-32C of the payload (4) | payload
 * payload: type (1) | vid (2) | address (4) | mac (8) | time ms (8) | client-id length (1) | client-id
 *          | host name length (1) | host name
 * </pre>
 *
 * Big-endian throughout. A crash can only tear the tail: replay cuts the file at a torn or corrupt last record, so
 * later appends follow intact data. A record damaged in the middle (a bad sector, an edited file) is skipped: replay
 * resumes at the next intact record, names the bad offset ({@link #damage()}), and reports the address of every
 * record-shaped entry it skipped as quarantined until that entry's time (a DECLINE record to the visitor), so an
 * address the damaged record bound is not handed to another client; the caller compacts the journal afterwards.
 * Appends go to a direct buffer; {@link #sync()} writes it and calls {@code FileChannel.force}, the one fsync that
 * makes a whole batch durable. A write that fails (a full disk) is rolled back to the last record boundary, so no
 * half record stays. Compaction writes the live state to {@code <name>.compact}, forces it, renames it over the
 * journal atomically and fsyncs the directory; a {@code .compact} left by a crash is deleted at open. The file is
 * locked while open, so two switches cannot share one journal.
 *
 * <p><b>Syncing off the caller's thread.</b> After {@link #syncInBackground}, {@link #commit()} never waits for the
 * disk: it hands the buffered records to the journal's own thread, which writes them, fsyncs, advances
 * {@link #durableSequence()} and calls the given callback; records appended meanwhile go into a second buffer and
 * form the next batch (group commit: one fsync per batch however many records arrived while the last one ran). The
 * channel belongs to whichever thread holds the batch: the caller's blocking operations ({@link #sync()},
 * {@link #compact}, {@link #close()}, an overflowing buffer) first wait until the journal thread is idle.
 *
 * <p><b>Adaptive commit.</b> A hand-off costs two thread wake-ups per batch (the journal thread's, then the
 * caller's), more CPU than a fast fsync's wait. After {@link #syncAdaptively}, {@link #commit()} syncs on the
 * caller's thread while the syncs are fast (the last one and their moving average below a threshold) and the batch
 * is small, and hands the batch to the journal thread otherwise, so a slow disk never stalls the caller for more
 * than the one sync that showed it slow. The journal thread times its syncs too: once they are fast again, the
 * next batches are synced on the caller's thread again.
 *
 * <p><b>Full disk.</b> Beside the journal, {@code <name>.reserve} holds {@value #DEFAULT_RESERVE_BYTES} bytes of
 * ballast. When a write fails, the ballast is deleted and the write retried in the space it freed, and the journal
 * reports itself {@link #full()}: the server then grants no new leases but keeps persisting renewals into that space.
 * While full, each sync (at most once per probe interval) tries to write the ballast again; when that succeeds,
 * space has returned and {@link #full()} is false again.
 */
public final class FileLeaseJournal implements LeaseJournal {
    private static final byte[] MAGIC = {'J', 'V', 'D', 'E', 'L', 'J', 0, 1};
    static final int FILE_HEADER_LENGTH = MAGIC.length;
    static final int RECORD_HEADER_LENGTH = 2 + 4;
    static final int FIXED_PAYLOAD_LENGTH = 1 + 2 + 4 + 8 + 8 + 1 + 1;
    static final int MAX_PAYLOAD_LENGTH = FIXED_PAYLOAD_LENGTH + 255 + 255;
    private static final int BUFFER_SIZE = 256 * 1024;
    /** Ballast kept beside the journal, freed for renewals when the disk fills: ~6,000 renewal records. */
    public static final int DEFAULT_RESERVE_BYTES = 256 * 1024;
    public static final long DEFAULT_PROBE_INTERVAL_MILLIS = 1000;

    private final Path path;
    private final Path reserve;
    private final int reserveBytes;
    private final long probeIntervalNanos;
    private volatile boolean full;
    private UncheckedIOException writeFailure;
    private long lastProbeNanos;
    private long goodEnd;
    private final java.util.List<Long> damage = new java.util.ArrayList<>();
    private FileChannel channel;
    private FileLock lock;
    private ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] scratch = new byte[MAX_PAYLOAD_LENGTH];
    private final CRC32C crc = new CRC32C();
    private boolean replayed;
    private long appended;
    private volatile long durable;
    private long records;
    /** The background syncer (null: {@link #commit()} syncs on the caller's thread). */
    private Thread syncer;
    private Runnable onDurable;
    /** Guards the hand-off between the caller and the syncer; {@link #busy} says who owns the channel. */
    private final Object handoff = new Object();
    /** True while the syncer holds a batch: it owns {@link #writing} and the channel until it clears this. */
    private boolean busy;
    private boolean stopping;
    /** The batch the syncer writes (swapped with {@link #out} at each hand-off) and its last sequence. */
    private ByteBuffer writing;
    private long batchEnd;
    /** The sequence handed to the syncer last (or synced on the caller's thread). */
    private long handedOff;
    /** A failed background batch, reported by the next {@link #commit()} or {@link #sync()}. */
    private UncheckedIOException asyncFailure;
    /** Adaptive commit: a sync at or above this is slow (0: every batch goes to the syncer). */
    private long slowSyncNanos;
    /** Adaptive commit: a batch of this many records or more goes to the syncer. */
    private long largeBatchRecords;
    /** Times the syncs (System.nanoTime; a test's clock can make them look slow or fast). */
    private java.util.function.LongSupplier syncClock = SystemClock.NANOS;
    /** Duration of the last sync (write and fsync) and a moving average over the recent ones (weight 1/4). */
    private volatile long lastSyncNanos;
    private volatile long averageSyncNanos;
    private long callerSyncs;
    private long backgroundBatches;
    private long discardedBytes;

    private FileLeaseJournal(final Path path, final int reserveBytes, final long probeIntervalMillis) {
        this.path = path;
        this.reserve = path.resolveSibling(path.getFileName() + ".reserve");
        this.reserveBytes = reserveBytes;
        this.probeIntervalNanos = probeIntervalMillis * 1_000_000L;
    }

    /**
     * Opens (creating if missing) and locks the journal at {@code path}. Throws {@link UncheckedIOException} when
     * the file cannot be opened, is locked by another process, or is not a jvde lease journal.
     */
    public static FileLeaseJournal open(final Path path) {
        return open(path, DEFAULT_RESERVE_BYTES, DEFAULT_PROBE_INTERVAL_MILLIS);
    }

    /** As {@link #open(Path)} with the ballast size and how often a full journal checks for space again. */
    public static FileLeaseJournal open(final Path path, final int reserveBytes, final long probeIntervalMillis) {
        final FileLeaseJournal journal = new FileLeaseJournal(path, reserveBytes, probeIntervalMillis);
        try {
            journal.openChannel();
        } catch (final IOException e) {
            journal.closeQuietly();
            throw new UncheckedIOException("lease journal: " + path + " (" + e.getMessage() + ")", e);
        }
        return journal;
    }

    private void openChannel() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (lock == null) {
            throw new IOException("locked by another process (expected: one switch per journal)");
        }
        if (channel.size() == 0) {
            channel.write(ByteBuffer.wrap(MAGIC), 0);
            channel.force(true);
            fsyncDirectory();
        } else {
            final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH);
            readFully(channel, header, 0);
            if (!java.util.Arrays.equals(header.array(), MAGIC)) {
                throw new IOException("not a jvde lease journal (expected: header JVDELJ 0 1)");
            }
        }
        // A compaction killed before its rename left the journal intact: its half-written copy only takes space.
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + ".compact"));
        full = !writeReserve();
        lastProbeNanos = System.nanoTime();
    }

    /** Writes the ballast; false (and nothing left behind) when the disk has no room for it. */
    private boolean writeReserve() {
        if (reserveBytes <= 0) {
            return true;
        }
        try (FileChannel c = FileChannel.open(reserve, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (c.size() >= reserveBytes) {
                return true;
            }
            final ByteBuffer zeros = ByteBuffer.allocate(8192);
            long pos = c.size();
            while (pos < reserveBytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), reserveBytes - pos));
                pos += c.write(zeros, pos);
            }
            c.force(false);
            return true;
        } catch (final IOException e) {
            releaseReserve();
            return false;
        }
    }

    /** Deletes the ballast; true when there was one to free. */
    private boolean releaseReserve() {
        try {
            return Files.deleteIfExists(reserve);
        } catch (final IOException e) {
            return false;
        }
    }

    /** True while the disk is full: no room for the ballast. The server then grants renewals only. */
    @Override
    public boolean full() {
        return full;
    }

    /** Start offsets of the damaged regions the last replay skipped (empty when the journal was intact). */
    @Override
    public java.util.List<Long> damage() {
        return java.util.List.copyOf(damage);
    }

    public Path path() {
        return path;
    }

    /** Bytes cut off the tail by the last replay (a torn or corrupt tail), for the start-up log. */
    @Override
    public long discardedBytes() {
        return discardedBytes;
    }

    @Override
    public void replay(final Visitor visitor) {
        try {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("journal of " + size + " bytes (expected: below 2 GiB; compaction keeps it small)");
            }
            final byte[] file = new byte[(int) size];
            readFully(channel, ByteBuffer.wrap(file), 0);
            damage.clear();
            int pos = FILE_HEADER_LENGTH;
            int validEnd = FILE_HEADER_LENGTH;
            long count = 0;
            while (pos < file.length) {
                final int length = recordAt(file, pos);
                if (length > 0) {
                    decode(file, pos + RECORD_HEADER_LENGTH, length, visitor);
                    pos += RECORD_HEADER_LENGTH + length;
                    validEnd = pos;
                    count++;
                    continue;
                }
                final int next = nextRecord(file, pos + 1);
                if (next < 0) {
                    break; // a torn or corrupt tail: cut below
                }
                damage.add((long) pos);
                quarantine(file, pos, next, visitor);
                pos = next;
            }
            discardedBytes = size - validEnd;
            if (discardedBytes > 0) {
                channel.truncate(validEnd);
                channel.force(true);
            }
            channel.position(validEnd);
            goodEnd = validEnd;
            records = count;
            replayed = true;
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (replay failed: " + e.getMessage() + ")", e);
        }
    }

    /** Payload length of the intact record at {@code pos}, or 0 when there is none. */
    private int recordAt(final byte[] f, final int pos) {
        if (f.length - pos < RECORD_HEADER_LENGTH) {
            return 0;
        }
        final int length = ((f[pos] & 0xFF) << 8) | (f[pos + 1] & 0xFF);
        final int payload = pos + RECORD_HEADER_LENGTH;
        if (length < FIXED_PAYLOAD_LENGTH || length > MAX_PAYLOAD_LENGTH || f.length - payload < length) {
            return 0;
        }
        final int expectedCrc = ByteBuffer.wrap(f, pos + 2, 4).getInt();
        crc.reset();
        crc.update(f, payload, length);
        if ((int) crc.getValue() != expectedCrc || !decode(f, payload, length, null)) {
            return 0;
        }
        return length;
    }

    /** Offset of the next intact record at or after {@code from}, or -1 when none follows. */
    private int nextRecord(final byte[] f, final int from) {
        for (int p = from; p + RECORD_HEADER_LENGTH + FIXED_PAYLOAD_LENGTH <= f.length; p++) {
            if (recordAt(f, p) > 0) {
                return p;
            }
        }
        return -1;
    }

    /**
     * The damaged region [{@code from}, {@code to}) may have bound addresses: each record-shaped entry in it (stepping
     * by its length field) reports its address quarantined until its time, as a DECLINE, in journal order, so later
     * intact records still supersede it. An entry whose address bytes are themselves destroyed cannot be known.
     */
    private static void quarantine(final byte[] f, final int from, final int to, final Visitor visitor) {
        int p = from;
        while (p + RECORD_HEADER_LENGTH + FIXED_PAYLOAD_LENGTH <= to) {
            final ByteBuffer b = ByteBuffer.wrap(f, p + RECORD_HEADER_LENGTH + 1, 2 + 4 + 8 + 8);
            final int vid = b.getShort() & 0xFFFF;
            final int address = b.getInt();
            b.getLong(); // the MAC: the damaged record's client is unknown
            final long time = b.getLong();
            if (vid < 4096 && address != 0) {
                visitor.record(DECLINE, vid, address, 0, time, null, null);
            }
            final int length = ((f[p] & 0xFF) << 8) | (f[p + 1] & 0xFF);
            if (length < FIXED_PAYLOAD_LENGTH || length > MAX_PAYLOAD_LENGTH) {
                return;
            }
            p += RECORD_HEADER_LENGTH + length;
        }
    }

    /** Validates the payload at {@code p[offset..offset+length)} and, when {@code visitor} is given, feeds it. */
    private static boolean decode(final byte[] p, final int offset, final int length, final Visitor visitor) {
        final ByteBuffer b = ByteBuffer.wrap(p, offset, length);
        final int type = b.get() & 0xFF;
        final int vid = b.getShort() & 0xFFFF;
        final int address = b.getInt();
        final long mac = b.getLong();
        final long time = b.getLong();
        final int cidLength = b.get() & 0xFF;
        if (b.remaining() < cidLength + 1) {
            return false;
        }
        final byte[] clientId = cidLength == 0 ? null : new byte[cidLength];
        if (clientId != null) {
            b.get(clientId);
        }
        final int hostLength = b.get() & 0xFF;
        if (b.remaining() != hostLength || type < BIND || type > FREE) {
            return false;
        }
        if (visitor == null) {
            return true;
        }
        final byte[] hostname = hostLength == 0 ? null : new byte[hostLength];
        if (hostname != null) {
            b.get(hostname);
        }
        visitor.record(type, vid, address, mac, time, clientId, hostname);
        return true;
    }

    @Override
    public long append(final int type, final int vid, final int address, final long mac, final long time,
                       final byte[] clientId, final byte[] hostname) {
        if (!replayed) {
            throw new IllegalStateException("lease journal: append before replay (expected: replay() first)");
        }
        if (out.remaining() < RECORD_HEADER_LENGTH + MAX_PAYLOAD_LENGTH) {
            awaitIdle(); // the channel is the syncer's while it holds a batch
            try {
                drain();
            } catch (final UncheckedIOException e) {
                writeFailure = e; // reported by the next sync, so no ACK waiting for these records goes out
            }
        }
        encode(out, type, vid, address, mac, time, clientId, hostname);
        records++;
        return ++appended;
    }

    private void encode(final ByteBuffer dst, final int type, final int vid, final int address, final long mac,
                        final long time, final byte[] clientId, final byte[] hostname) {
        final int cidLength = clientId == null ? 0 : Math.min(255, clientId.length);
        final int hostLength = hostname == null ? 0 : Math.min(255, hostname.length);
        int p = 0;
        scratch[p++] = (byte) type;
        p = putShort(scratch, p, vid);
        p = putInt(scratch, p, address);
        p = putLong(scratch, p, mac);
        p = putLong(scratch, p, time);
        scratch[p++] = (byte) cidLength;
        if (cidLength > 0) {
            System.arraycopy(clientId, 0, scratch, p, cidLength);
            p += cidLength;
        }
        scratch[p++] = (byte) hostLength;
        if (hostLength > 0) {
            System.arraycopy(hostname, 0, scratch, p, hostLength);
            p += hostLength;
        }
        crc.reset();
        crc.update(scratch, 0, p);
        dst.putShort((short) p);
        dst.putInt((int) crc.getValue());
        dst.put(scratch, 0, p);
    }

    private static int putShort(final byte[] b, final int p, final int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
        return p + 2;
    }

    private static int putInt(final byte[] b, final int p, final int v) {
        putShort(b, p, v >>> 16);
        putShort(b, p + 2, v);
        return p + 4;
    }

    private static int putLong(final byte[] b, final int p, final long v) {
        putInt(b, p, (int) (v >>> 32));
        putInt(b, p + 4, (int) v);
        return p + 8;
    }

    /**
     * Writes the buffered records at the end of the journal. A failed write is cut back to the last record boundary
     * (no half record stays); when the ballast can be freed, the journal turns {@link #full()} and the write is
     * retried once in the space it freed. Throws when the records could not be written; they are then dropped (their
     * ACKs were never sent).
     */
    private void drain() {
        drain(out);
    }

    private void drain(final ByteBuffer b) {
        b.flip();
        try {
            try {
                writeOut(b);
            } catch (final IOException first) {
                rollback();
                full = true;
                if (!releaseReserve()) {
                    throw first;
                }
                lastProbeNanos = System.nanoTime();
                b.position(0);
                try {
                    writeOut(b);
                } catch (final IOException second) {
                    rollback();
                    throw second;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (write failed: " + e.getMessage() + ")", e);
        } finally {
            b.clear();
        }
    }

    private void writeOut(final ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
        goodEnd = channel.position();
    }

    /** Cuts what a failed write left after the last record boundary. */
    private void rollback() {
        try {
            channel.truncate(goodEnd);
            channel.position(goodEnd);
        } catch (final IOException e) {
            // the next replay cuts a torn tail all the same
        }
    }

    /** While full, at most once per probe interval: space is back when the ballast can be written again. */
    private void probe() {
        final long now = System.nanoTime();
        if (now - lastProbeNanos < probeIntervalNanos) {
            return;
        }
        lastProbeNanos = now;
        if (writeReserve()) {
            full = false;
        }
    }

    /** Writes {@code buffer}'s records to the compaction copy {@code c}. */
    private void drainTo(final FileChannel c) throws IOException {
        out.flip();
        try {
            while (out.hasRemaining()) {
                c.write(out);
            }
        } finally {
            out.clear();
        }
    }

    @Override
    public long appendedSequence() {
        return appended;
    }

    @Override
    public long durableSequence() {
        return durable;
    }

    @Override
    public long sync() {
        awaitIdle();
        if (full) {
            probe();
        }
        if (writeFailure != null) {
            final UncheckedIOException e = writeFailure;
            writeFailure = null;
            out.clear();
            durable = appended; // nothing waits for these sequences: the caller drops the ACKs on this exception
            handedOff = appended;
            throw e;
        }
        if (durable == appended) {
            return durable;
        }
        final long start = syncClock.getAsLong();
        if (out.position() > 0) {
            drain();
        }
        forceBatch();
        timed(syncClock.getAsLong() - start);
        durable = appended;
        handedOff = appended;
        return durable;
    }

    /** Records how long a sync took, for the adaptive commit; by whichever thread owns the channel. */
    private void timed(final long nanos) {
        lastSyncNanos = nanos;
        final long average = averageSyncNanos;
        averageSyncNanos = average + (nanos - average) / 4;
    }

    /** Duration of the last sync (write and fsync) in ns, and the moving average of the recent ones. */
    public long lastSyncNanos() {
        return lastSyncNanos;
    }

    public long averageSyncNanos() {
        return averageSyncNanos;
    }

    /** Batches {@link #commit()} synced on the caller's thread (adaptive commit, syncs fast). */
    public long callerSyncs() {
        return callerSyncs;
    }

    /** Batches {@link #commit()} handed to the journal's thread. */
    public long backgroundBatches() {
        return backgroundBatches;
    }

    /**
     * Whether a batch counts as durable only after its fsync (true, the default: it survives a power loss), or as
     * soon as it is written to the file (false: it survives a crash or kill of this process, since the kernel holds
     * the written pages, but not a crash of the machine; the durability of Kea's memfile, which never fsyncs). The
     * file's own integrity does not depend on it: a torn tail is cut at replay, compaction still fsyncs.
     */
    public void fsyncEachBatch(final boolean on) {
        fsyncEachBatch = on;
    }

    private volatile boolean fsyncEachBatch = true;

    /** The batch's fsync, unless batches are only written ({@link #fsyncEachBatch}). */
    private void forceBatch() {
        if (fsyncEachBatch) {
            force();
        }
    }

    private void force() {
        try {
            channel.force(false);
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (fsync failed: " + e.getMessage() + ")", e);
        }
    }

    /**
     * From now on {@link #commit()} syncs on a thread of the journal's own and calls {@code durable} from that
     * thread each time a batch has become durable (or failed: the next {@link #commit()} throws); the callback must
     * not block (it should only wake the caller's thread). Call once, from the thread that appends.
     */
    public void syncInBackground(final Runnable durable) {
        syncAdaptively(durable, 0, 0, SystemClock.NANOS);
    }

    /**
     * As {@link #syncInBackground}, but {@link #commit()} syncs on the caller's thread while the last sync and the
     * moving average of the recent ones took less than {@code slowSyncNanos} and the batch holds fewer than
     * {@code largeBatchRecords} records; otherwise it hands the batch to the journal's thread. {@code clock} times
     * the syncs ({@code System::nanoTime}; tests pass a clock of their own). {@code slowSyncNanos} 0: always the
     * journal's thread.
     */
    public void syncAdaptively(final Runnable durable, final long slowSyncNanos, final int largeBatchRecords,
                               final java.util.function.LongSupplier clock) {
        if (syncer != null) {
            throw new IllegalStateException("lease journal: background sync already started");
        }
        this.slowSyncNanos = slowSyncNanos;
        this.largeBatchRecords = largeBatchRecords;
        this.syncClock = clock;
        onDurable = durable;
        writing = ByteBuffer.allocateDirect(BUFFER_SIZE);
        handedOff = appended;
        syncer = new Thread(new SyncLoop(this), "jvde-lease-journal");
        syncer.setDaemon(true);
        syncer.start();
    }

    @Override
    public long commit() {
        if (syncer == null) {
            return sync();
        }
        synchronized (handoff) {
            if (busy) {
                return durable; // the records wait for the next batch: one fsync for all that came meanwhile
            }
            takeFailure();
        }
        if (writeFailure != null || (full && appended == handedOff)) {
            return sync(); // reports the failure, or probes a full disk for space, on this thread as before
        }
        if (appended == handedOff) {
            return durable;
        }
        if (syncsFast() && appended - handedOff < largeBatchRecords) {
            callerSyncs++;
            return sync(); // a fast fsync costs the caller less than two thread wake-ups
        }
        backgroundBatches++;
        final ByteBuffer t = writing;
        writing = out;
        out = t;
        synchronized (handoff) {
            batchEnd = appended;
            handedOff = appended;
            busy = true;
            handoff.notifyAll();
        }
        return durable;
    }

    /** True while the last sync and the recent ones' average were faster than the slow threshold. */
    private boolean syncsFast() {
        return lastSyncNanos < slowSyncNanos && averageSyncNanos < slowSyncNanos;
    }

    /** Moves a failed background batch's error to where {@link #sync()} reports it. Holds {@link #handoff}. */
    private void takeFailure() {
        if (asyncFailure != null) {
            writeFailure = asyncFailure;
            asyncFailure = null;
        }
    }

    /** Waits until the syncer holds no batch: the channel and both buffers are the caller's again. */
    private void awaitIdle() {
        if (syncer == null) {
            return;
        }
        boolean interrupted = false;
        synchronized (handoff) {
            while (busy) {
                try {
                    handoff.wait();
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
            takeFailure();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The syncer: one batch at a time, written, fsynced, published, then the callback. */
    private void syncLoop() {
        while (true) {
            final long end;
            synchronized (handoff) {
                while (!busy && !stopping) {
                    try {
                        handoff.wait();
                    } catch (final InterruptedException e) {
                        // only close() stops the syncer
                    }
                }
                if (!busy) {
                    return;
                }
                end = batchEnd;
            }
            UncheckedIOException failure = null;
            try {
                if (full) {
                    probe();
                }
                final long start = syncClock.getAsLong();
                if (writing.position() > 0) {
                    drain(writing);
                }
                forceBatch();
                timed(syncClock.getAsLong() - start);
            } catch (final UncheckedIOException e) {
                failure = e;
                writing.clear();
            }
            synchronized (handoff) {
                if (failure == null) {
                    durable = end;
                } else {
                    asyncFailure = failure;
                }
                busy = false;
                handoff.notifyAll();
            }
            onDurable.run();
        }
    }

    private void stopSyncer() {
        if (syncer == null) {
            return;
        }
        synchronized (handoff) {
            stopping = true;
            handoff.notifyAll();
        }
        boolean interrupted = false;
        while (syncer.isAlive()) {
            try {
                syncer.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long recordCount() {
        return records;
    }

    @Override
    public void compact(final Snapshot snapshot) {
        sync();
        final Path tmp = path.resolveSibling(path.getFileName() + ".compact");
        final long[] written = {0};
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(MAGIC));
            snapshot.writeTo((type, vid, address, mac, time, clientId, hostname) -> {
                if (out.remaining() < RECORD_HEADER_LENGTH + MAX_PAYLOAD_LENGTH) {
                    try {
                        drainTo(c);
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                encode(out, type, vid, address, mac, time, clientId, hostname);
                written[0]++;
            });
            drainTo(c);
            c.force(true);
        } catch (final IOException | UncheckedIOException e) {
            out.clear();
            try {
                Files.deleteIfExists(tmp); // a full disk gets its space back; the journal itself is untouched
            } catch (final IOException ignored) {
                // best effort
            }
            final IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new UncheckedIOException("lease journal: " + tmp + " (compaction failed: " + cause.getMessage()
                + ")", cause);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory();
            closeQuietly();
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                throw new IOException("locked by another process after compaction");
            }
            channel.position(channel.size());
            goodEnd = channel.position();
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (rename after compaction failed: "
                + e.getMessage() + ")", e);
        }
        records = written[0];
    }

    private void fsyncDirectory() throws IOException {
        final Path dir = path.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (final IOException e) {
            // Some file systems refuse to open directories; the rename is still atomic, only its durability waits.
        }
    }

    private static void readFully(final FileChannel c, final ByteBuffer b, final long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            final int n = c.read(b, pos);
            if (n < 0) {
                throw new EOFException("file shorter than its header");
            }
            pos += n;
        }
    }

    private void closeQuietly() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (final IOException e) {
            // closing anyway
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (final IOException e) {
            // nothing more to do
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null && channel.isOpen() && replayed) {
                sync();
            }
        } finally {
            stopSyncer();
            closeQuietly();
        }
    }

    /** The journal thread's body; a class, not {@code this::syncLoop}, on the start path (docs/architecture.md §7). */
    private static final class SyncLoop implements Runnable {
        private final FileLeaseJournal journal;

        SyncLoop(final FileLeaseJournal journal) {
            this.journal = journal;
        }

        @Override
        public void run() {
            journal.syncLoop();
        }
    }
}

package io.jvde.dhcp.lease;

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
 * Big-endian throughout. A crash can only tear the tail: replay stops at the first record whose length runs past
 * the end of the file, whose checksum fails or whose payload is inconsistent, and truncates the file there, so later
 * appends follow intact data. Appends go to a direct buffer; {@link #sync()} writes it and calls
 * {@code FileChannel.force}, the one fsync that makes a whole batch durable. Compaction writes the live state to
 * {@code <name>.compact}, forces it, renames it over the journal atomically and fsyncs the directory. The file is
 * locked while open, so two switches cannot share one journal.
 */
public final class FileLeaseJournal implements LeaseJournal {
    private static final byte[] MAGIC = {'J', 'V', 'D', 'E', 'L', 'J', 0, 1};
    static final int FILE_HEADER_LENGTH = MAGIC.length;
    static final int RECORD_HEADER_LENGTH = 2 + 4;
    static final int FIXED_PAYLOAD_LENGTH = 1 + 2 + 4 + 8 + 8 + 1 + 1;
    static final int MAX_PAYLOAD_LENGTH = FIXED_PAYLOAD_LENGTH + 255 + 255;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path path;
    private FileChannel channel;
    private FileLock lock;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final byte[] scratch = new byte[MAX_PAYLOAD_LENGTH];
    private final CRC32C crc = new CRC32C();
    private boolean replayed;
    private long appended;
    private long durable;
    private long records;
    private long discardedBytes;
    private long readPosition;

    private FileLeaseJournal(final Path path) {
        this.path = path;
    }

    /**
     * Opens (creating if missing) and locks the journal at {@code path}. Throws {@link UncheckedIOException} when
     * the file cannot be opened, is locked by another process, or is not a jvde lease journal.
     */
    public static FileLeaseJournal open(final Path path) {
        final FileLeaseJournal journal = new FileLeaseJournal(path);
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
    }

    public Path path() {
        return path;
    }

    /** Bytes cut off the tail by the last replay (a torn or corrupt tail), for the start-up log. */
    public long discardedBytes() {
        return discardedBytes;
    }

    @Override
    public void replay(final Visitor visitor) {
        try {
            final long size = channel.size();
            final ByteBuffer in = ByteBuffer.allocate(BUFFER_SIZE);
            in.limit(0);
            readPosition = FILE_HEADER_LENGTH;
            long validEnd = FILE_HEADER_LENGTH;
            long count = 0;
            final byte[] payload = new byte[MAX_PAYLOAD_LENGTH];
            while (fill(in, RECORD_HEADER_LENGTH)) {
                final int length = in.getShort() & 0xFFFF;
                final int expectedCrc = in.getInt();
                if (length < FIXED_PAYLOAD_LENGTH || length > MAX_PAYLOAD_LENGTH || !fill(in, length)) {
                    break;
                }
                in.get(payload, 0, length);
                crc.reset();
                crc.update(payload, 0, length);
                if ((int) crc.getValue() != expectedCrc || !decode(payload, length, visitor)) {
                    break;
                }
                validEnd += RECORD_HEADER_LENGTH + length;
                count++;
            }
            discardedBytes = size - validEnd;
            if (discardedBytes > 0) {
                channel.truncate(validEnd);
                channel.force(true);
            }
            channel.position(validEnd);
            records = count;
            replayed = true;
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (replay failed: " + e.getMessage() + ")", e);
        }
    }

    /** Makes at least {@code need} bytes readable in {@code in}; false at a clean or torn end of file. */
    private boolean fill(final ByteBuffer in, final int need) throws IOException {
        if (in.remaining() >= need) {
            return true;
        }
        in.compact();
        while (in.position() < need) {
            final int n = channel.read(in, readPosition);
            if (n <= 0) {
                in.flip();
                return false;
            }
            readPosition += n;
        }
        in.flip();
        return true;
    }

    private static boolean decode(final byte[] p, final int length, final Visitor visitor) {
        final ByteBuffer b = ByteBuffer.wrap(p, 0, length);
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
            drain(channel);
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

    /** Writes the buffered records at the channel's position (the end of the journal). */
    private void drain(final FileChannel target) {
        out.flip();
        try {
            while (out.hasRemaining()) {
                target.write(out);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (write failed: " + e.getMessage() + ")", e);
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
        if (durable == appended) {
            return durable;
        }
        drain(channel);
        try {
            channel.force(false);
        } catch (final IOException e) {
            throw new UncheckedIOException("lease journal: " + path + " (fsync failed: " + e.getMessage() + ")", e);
        }
        durable = appended;
        return durable;
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
                    drain(c);
                }
                encode(out, type, vid, address, mac, time, clientId, hostname);
                written[0]++;
            });
            drain(c);
            c.force(true);
        } catch (final IOException e) {
            out.clear();
            throw new UncheckedIOException("lease journal: " + tmp + " (compaction failed: " + e.getMessage() + ")",
                e);
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
            closeQuietly();
        }
    }
}

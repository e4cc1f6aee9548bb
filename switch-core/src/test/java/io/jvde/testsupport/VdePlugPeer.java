package io.jvde.testsupport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Debian's real {@code vde_plug SWITCHDIR} (libvdeplug 4) as a frame pipe: frames written to its stdin and read from
 * its stdout in the stream framing of docs/protocol.md §4.1 (2-byte big-endian length, then the frame). Attach peers
 * one at a time: {@link #attach} returns once the switch has created the peer's data socket.
 */
public final class VdePlugPeer implements AutoCloseable {
    /** Largest frame vdeplug4's stream accepts (VDE_ETHBUFSIZE: 9216-byte MTU + 14 + 4). */
    public static final int MAX_FRAME = 9234;
    /** Frames buffered before new ones are dropped (counted by {@link #overflowed()}). */
    public static final int QUEUE_CAPACITY = 50_000;
    /** Name of a switch's per-endpoint data socket: {@code NNN.x} (vde_switch uses the fd number for x). */
    public static final Pattern DATA_SOCKET = Pattern.compile("^(\\d{3})\\.\\d+$");
    /** {@link #attach(Path, int, String)}: let the switch choose the port. */
    public static final int ANY_PORT = -1;
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);

    private final ManagedProcess process;
    private final OutputStream toPlug;
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong overflowed = new AtomicLong();
    private final Path dataSocket;
    private final Thread reader;

    private VdePlugPeer(final ManagedProcess process, final Path dataSocket) {
        this.process = process;
        this.toPlug = process.stdin();
        this.dataSocket = dataSocket;
        this.reader = new Thread(this::readFrames, process.name() + "-frames");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Attaches to any free port of the switch in {@code switchDir}. */
    public static VdePlugPeer attach(final Path switchDir) {
        return attach(switchDir, ANY_PORT, "jvde-test");
    }

    /**
     * Attaches to port {@code port} ({@link #ANY_PORT}, or a number: 0 sends REQ_NEW_PORT0) with
     * {@code description} ({@code vde_plug -D}); returns once the switch created the data socket for it, or fails
     * with vde_plug's output.
     */
    public static VdePlugPeer attach(final Path switchDir, final int port, final String description) {
        final Path vdePlug = Requirements.requireCommand("vde_plug");
        final Set<String> before = dataSockets(switchDir);
        final String url = port >= 0 ? switchDir + "[" + port + "]" : switchDir.toString();
        final ManagedProcess p = ManagedProcess.builder(vdePlug.toString(), "-D", description, url)
            .name("vde_plug-" + description)
            .binaryStdout()
            .start();
        final long deadline = System.nanoTime() + ATTACH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (final String name : dataSockets(switchDir)) {
                if (!before.contains(name)) {
                    return new VdePlugPeer(p, switchDir.resolve(name));
                }
            }
            if (!p.isAlive()) {
                break;
            }
            sleep(10);
        }
        final String why = p.isAlive() ? "no data socket appeared within " + ATTACH_TIMEOUT.toMillis() + " ms"
            : "vde_plug exited with status " + p.process().exitValue();
        p.close();
        throw new AssertionError("vde_plug " + url + ": " + why + "\n" + p.output());
    }

    /** Names of the data sockets ({@code NNN.x}) currently in {@code switchDir}. */
    public static Set<String> dataSockets(final Path switchDir) {
        final Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(switchDir)) {
            for (final Path p : ds) {
                final String name = p.getFileName().toString();
                if (DATA_SOCKET.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            // Directory not there (yet): no sockets.
        }
        return names;
    }

    /** The switch-side data socket of this peer. */
    public Path dataSocket() {
        return dataSocket;
    }

    /** Switch port number from the data socket name. */
    public int port() {
        final java.util.regex.Matcher m = DATA_SOCKET.matcher(dataSocket.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    public ManagedProcess process() {
        return process;
    }

    /** Sends one frame (14..{@value #MAX_FRAME} bytes) into the switch. */
    public void send(final byte[] frame) {
        if (frame.length < 1 || frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("frame length: " + frame.length + " (expected: 1.." + MAX_FRAME + ")");
        }
        final byte[] record = new byte[frame.length + 2];
        record[0] = (byte) (frame.length >>> 8);
        record[1] = (byte) frame.length;
        System.arraycopy(frame, 0, record, 2, frame.length);
        try {
            synchronized (toPlug) {
                // One write per frame: vde_plug loses a length header split across reads (docs/protocol.md §4.1).
                toPlug.write(record);
                toPlug.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(process + ": cannot send a frame\n" + process.output(), e);
        }
    }

    /** The next frame received, or null when none arrives within {@code timeout}. */
    public byte[] receive(final Duration timeout) {
        try {
            return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next frame satisfying {@code wanted}, skipping (and discarding) others; null after {@code timeout}. */
    public byte[] receive(final Predicate<byte[]> wanted, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            final byte[] f = receive(Duration.ofNanos(left));
            if (f == null) {
                return null;
            }
            if (wanted.test(f)) {
                return f;
            }
        }
    }

    /**
     * Fails unless the very next frame this peer receives, within {@code timeout}, is byte for byte
     * {@code expected}: a frame arriving first, or a copy with a different tag or length, fails the test.
     */
    public void expectNext(final byte[] expected, final Duration timeout, final String what) {
        final byte[] got = receive(timeout);
        if (got == null) {
            throw new AssertionError(what + ": nothing arrived at " + this + " within " + timeout.toMillis()
                + " ms; expected " + Frames.hex(expected));
        }
        if (!java.util.Arrays.equals(expected, got)) {
            throw new AssertionError(what + ": " + this + " received\n  " + Frames.hex(got) + "\nexpected\n  "
                + Frames.hex(expected));
        }
    }

    /** Waits {@code window} once, then fails if any of {@code peers} has received a frame not yet taken. */
    public static void expectSilence(final Duration window, final String what, final VdePlugPeer... peers) {
        sleep(window.toMillis());
        final StringBuilder noise = new StringBuilder();
        for (final VdePlugPeer p : peers) {
            for (final byte[] f : p.drain()) {
                noise.append("\n  ").append(p).append(": ").append(Frames.hex(f));
            }
        }
        if (noise.length() > 0) {
            throw new AssertionError(what + ": unexpected frame(s)" + noise);
        }
    }

    /** Removes and returns every frame received so far. */
    public List<byte[]> drain() {
        final List<byte[]> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    /** Waits {@code window}, then returns every frame received (including earlier ones not yet taken). */
    public List<byte[]> collect(final Duration window) {
        sleep(window.toMillis());
        return drain();
    }

    /** Frames dropped because nobody took them from a full queue. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Whether vde_plug still runs (it exits when the switch closes its control stream). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends vde_plug: stdin EOF (its normal way out), then SIGTERM/SIGKILL if it lingers. */
    @Override
    public void close() {
        process.closeStdin();
        process.awaitExit(Duration.ofSeconds(2));
        process.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "vde_plug[" + dataSocket.getFileName() + ", pid " + process.pid() + "]";
    }

    private void readFrames() {
        try (DataInputStream in = new DataInputStream(process.stdout())) {
            while (true) {
                final int len = in.readUnsignedShort();
                final byte[] frame = new byte[len];
                in.readFully(frame);
                if (len > 0 && !received.offer(frame)) {
                    overflowed.incrementAndGet();
                }
            }
        } catch (EOFException e) {
            // vde_plug exited.
        } catch (IOException e) {
            // Pipe closed by close().
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

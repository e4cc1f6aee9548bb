package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.NativeMemory;
import io.jvde.vde.sys.UnixSockets;

import java.nio.ByteBuffer;

/**
 * A stream connection (unix or TCP) carrying frames as QEMU's {@code -netdev stream} and {@code -netdev socket},
 * passt and socket_vmnet do: each frame preceded by its length as a 4-byte big-endian integer. One read takes
 * up to 64 KiB (many frames), one send writes a whole egress batch with its length headers (one sendmmsg of one
 * message with up to 4 iovecs per frame), so a frame costs far less than one syscall each way.
 *
 * <p>A length of 0 or above 65,535, or EOF inside a frame, closes this connection alone (one log line, counted
 * as {@link DropReason#BAD_FRAMING}). A length the switch cannot forward (9,235 to 65,535) is skipped and counted
 * as oversize. A send cut inside a frame keeps the frame's remaining bytes here and finishes them first, so the
 * byte stream stays framed whatever the socket takes.
 */
final class StreamTransport implements Transport {
    /** The largest length the framing allows (QEMU and passt send at most this). */
    static final int MAX_LENGTH = 65_535;
    static final int READ_BUFFER = 64 * 1024;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SOCKET_BUFFER = 1 << 20;
    private static final int SEND_FLAGS = Native.MSG_DONTWAIT | Native.MSG_NOSIGNAL;

    private final LibC libc = Native.libc();
    private final int fd;
    private final String module;
    private final String description;
    private final Runnable onClose;

    private final NativeMemory in = NativeMemory.allocate(READ_BUFFER, false);
    private final ByteBuffer inBuf = in.buffer();
    private int inPos;
    private int inFill;
    /** Bytes of an oversize frame still to skip. */
    private int skip;
    private boolean backlog;

    private final MmsgVector out = new MmsgVector(1, Attachment.TX_BATCH * (1 + Attachment.TX_IOVECS));
    private final NativeMemory headers = NativeMemory.allocate(Attachment.TX_BATCH * 4);
    /** The unsent rest of a frame a send cut (header included). */
    private final NativeMemory partial = NativeMemory.allocate(4 + SwitchSettings.MAX_FRAME);
    private int partialPos;
    private int partialLen;

    /**
     * @param module  "stream" for an accepted connection, "link" for one the switch opened
     * @param onClose called once when the endpoint is torn down (a link reconnects from there), or null
     */
    StreamTransport(final int fd, final String module, final String description, final Runnable onClose) {
        this.fd = fd;
        // as for VDE data sockets: room for bursts in the kernel before frames wait in the overflow queue
        if (UnixSockets.setIntOption(fd, Native.SOL_SOCKET, SO_SNDBUFFORCE, SOCKET_BUFFER) < 0) {
            UnixSockets.setIntOption(fd, Native.SOL_SOCKET, Native.SO_SNDBUF, SOCKET_BUFFER);
        }
        this.module = module;
        this.description = description;
        this.onClose = onClose;
    }

    @Override
    public String module() {
        return module;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public boolean backlogged() {
        return backlog;
    }

    @Override
    public boolean writePending() {
        return partialPos < partialLen;
    }

    @Override
    public int receive(final RxBatch rx, final Attachment self) {
        int n = 0;
        while (n < RxBatch.SLOTS) {
            final int have = inFill - inPos;
            if (skip > 0) {
                final int d = Math.min(skip, have);
                inPos += d;
                skip -= d;
                if (skip == 0) {
                    continue;
                }
            } else if (have >= 4) {
                final int len = inBuf.getInt(inPos);
                if (len <= 0 || len > MAX_LENGTH) {
                    self.drop(DropReason.BAD_FRAMING.ordinal());
                    self.kill("bad frame length " + Integer.toUnsignedString(len) + " (expected: 1.."
                        + MAX_LENGTH + ")");
                    backlog = false;
                    return n;
                }
                if (len > SwitchSettings.MAX_FRAME) {
                    self.drop(DropReason.OVERSIZE.ordinal());
                    inPos += 4;
                    skip = len;
                    continue;
                }
                if (have >= 4 + len) {
                    NativeMemory.copy(in.address() + inPos + 4, rx.address(n), len);
                    rx.length(n++, len);
                    inPos += 4 + len;
                    continue;
                }
            }
            // the buffer holds no complete frame: read more
            if (inPos > 0) {
                if (inFill > inPos) {
                    inBuf.put(0, inBuf, inPos, inFill - inPos);
                }
                inFill -= inPos;
                inPos = 0;
            }
            final long r = libc.read(fd, in.address() + inFill, READ_BUFFER - inFill);
            if (r > 0) {
                inFill += (int) r;
                continue;
            }
            if (r == 0) {
                if (inFill > inPos || skip > 0) {
                    self.drop(DropReason.BAD_FRAMING.ordinal());
                    self.kill("EOF in the middle of a frame (" + (inFill - inPos) + " bytes of it read)");
                } else {
                    self.kill("peer closed the connection");
                }
                backlog = false;
                return n;
            }
            final int err = Native.errno();
            if (err != Native.EAGAIN && err != Native.EINTR) {
                self.kill("read: " + Native.strerror(err));
            }
            break;
        }
        backlog = n == RxBatch.SLOTS && completeFrameBuffered();
        return n;
    }

    /** Whether the read buffer holds a whole frame, a bad length or skippable bytes: work without a read. */
    private boolean completeFrameBuffered() {
        final int have = inFill - inPos;
        if (skip > 0) {
            return have > 0;
        }
        if (have < 4) {
            return false;
        }
        final int len = inBuf.getInt(inPos);
        return len <= 0 || len > SwitchSettings.MAX_FRAME || have >= 4 + len;
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment self) {
        if (partialPos < partialLen) {
            final long r = libc.send(fd, partial.address() + partialPos, partialLen - partialPos, SEND_FLAGS);
            if (r < 0) {
                failed(self);
                return 0;
            }
            partialPos += (int) r;
            if (partialPos < partialLen) {
                return 0;
            }
        }
        if (n == 0) {
            return 0;
        }
        int iov = 0;
        for (int k = 0; k < n; k++) {
            final int parts = v.iovCountOf(k);
            headers.buffer().putInt(k * 4, v.iovTotal(k));
            out.iov(0, iov++, headers.address() + k * 4L, 4);
            for (int j = 0; j < parts; j++) {
                out.iov(0, iov++, v.iovBase(k, j), v.iovLength(k, j));
            }
        }
        out.iovCount(0, iov);
        if (libc.sendmmsg(fd, out.address(0), 1, SEND_FLAGS) < 0) {
            failed(self);
            return 0;
        }
        int written = out.length(0);
        int taken = 0;
        iov = 0;
        for (int k = 0; k < n && written > 0; k++) {
            final int parts = 1 + v.iovCountOf(k);
            final int size = 4 + headers.buffer().getInt(k * 4);
            taken++;
            if (written >= size) {
                written -= size;
                iov += parts;
                continue;
            }
            keepRest(iov, parts, written); // the socket took part of frame k: finish it before anything else
            break;
        }
        return taken;
    }

    /** Copies what a send left of the frame at iovecs [first, first + parts) after {@code written} bytes. */
    private void keepRest(final int first, final int parts, final int written) {
        int skipBytes = written;
        int len = 0;
        for (int j = first; j < first + parts; j++) {
            final int l = out.iovLength(0, j);
            final long base = out.iovBase(0, j);
            if (skipBytes >= l) {
                skipBytes -= l;
                continue;
            }
            NativeMemory.copy(base + skipBytes, partial.address() + len, l - skipBytes);
            len += l - skipBytes;
            skipBytes = 0;
        }
        partialPos = 0;
        partialLen = len;
    }

    private void failed(final Attachment self) {
        final int err = Native.errno();
        if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
            self.kill("send: " + Native.strerror(err));
        }
    }

    @Override
    public void close(final EventLoop loop) {
        libc.close(fd);
        in.free();
        out.free();
        headers.free();
        partial.free();
        if (onClose != null) {
            onClose.run();
        }
    }
}

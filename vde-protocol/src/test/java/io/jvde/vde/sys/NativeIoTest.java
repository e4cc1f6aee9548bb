package io.jvde.vde.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeIoTest {
    @TempDir
    Path dir;

    private int[] connectedPair() {
        final String a = dir.resolve("a").toString();
        final String b = dir.resolve("b").toString();
        final int fa = UnixSockets.socket(Native.SOCK_DGRAM | Native.SOCK_NONBLOCK);
        final int fb = UnixSockets.socket(Native.SOCK_DGRAM | Native.SOCK_NONBLOCK);
        assertEquals(0, UnixSockets.bind(fa, a));
        assertEquals(0, UnixSockets.bind(fb, b));
        assertEquals(0, UnixSockets.connect(fa, b));
        assertEquals(0, UnixSockets.connect(fb, a));
        return new int[] {fa, fb};
    }

    @Test
    void shouldMoveABatchOfDatagramsWithSendmmsgAndRecvmmsg() {
        final int[] fds = connectedPair();
        final NativeMemory frames = NativeMemory.allocate(4 * 2048);
        final MmsgVector tx = new MmsgVector(4, 2);
        final MmsgVector rxv = new MmsgVector(4, 1);
        try {
            for (int i = 0; i < 4; i++) {
                frames.buffer().put(i * 2048, (byte) i);
                // two iovecs per message: scatter/gather joins them into one datagram
                tx.iov(i, 0, frames.address() + i * 2048L, 10);
                tx.iov(i, 1, frames.address() + i * 2048L + 100, 5);
                tx.iovCount(i, 2);
            }
            assertEquals(4, Native.libc().sendmmsg(fds[0], tx.address(0), 4, Native.MSG_DONTWAIT));
            final NativeMemory in = NativeMemory.allocate(4 * 2048);
            for (int i = 0; i < 4; i++) {
                rxv.iov(i, 0, in.address() + i * 2048L, 2048);
            }
            assertEquals(4, Native.libc().recvmmsg(fds[1], rxv.address(0), 4, Native.MSG_DONTWAIT, 0));
            for (int i = 0; i < 4; i++) {
                assertEquals(15, rxv.length(i));
                assertEquals((byte) i, in.buffer().get(i * 2048));
            }
            in.free();
        } finally {
            tx.free();
            rxv.free();
            frames.free();
            UnixSockets.close(fds[0]);
            UnixSockets.close(fds[1]);
        }
    }

    @Test
    void shouldReportEagainWithoutAllocatingWhenNothingIsQueued() {
        final int[] fds = connectedPair();
        final MmsgVector rxv = new MmsgVector(32, 1);
        final NativeMemory in = NativeMemory.allocate(32 * 64);
        for (int i = 0; i < 32; i++) {
            rxv.iov(i, 0, in.address() + i * 64L, 64);
        }
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().getId();
        final LibC libc = Native.libc();
        final byte[] one = new byte[20];
        try {
            for (int warm = 0; warm < 20_000; warm++) {
                UnixSockets.send(fds[0], one, 0, 20, 0);
                libc.recvmmsg(fds[1], rxv.address(0), 32, Native.MSG_DONTWAIT, 0);
                libc.recvmmsg(fds[1], rxv.address(0), 32, Native.MSG_DONTWAIT, 0);
                Native.errno();
            }
            // A one-off allocation by the JIT or a late class load can land in any window; a per-call
            // allocation would land in every one. So the steady state is proven by one clean window of three.
            final long[] windows = new long[3];
            for (int w = 0; w < windows.length; w++) {
                final long before = mx.getThreadAllocatedBytes(tid);
                int eagain = 0;
                for (int i = 0; i < 10_000; i++) {
                    if (libc.recvmmsg(fds[1], rxv.address(0), 32, Native.MSG_DONTWAIT, 0) < 0
                        && Native.errno() == Native.EAGAIN) {
                        eagain++;
                    }
                }
                windows[w] = mx.getThreadAllocatedBytes(tid) - before;
                assertEquals(10_000, eagain);
            }
            assertEquals(0, java.util.Arrays.stream(windows).min().getAsLong(),
                "bytes allocated by 10,000 recvmmsg calls and errno reads, per window: "
                    + java.util.Arrays.toString(windows));
        } finally {
            rxv.free();
            in.free();
            UnixSockets.close(fds[0]);
            UnixSockets.close(fds[1]);
        }
    }

    @Test
    void shouldReportReadyTokensFromEpoll() {
        final int efd = Native.libc().eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC);
        try (EpollSet epoll = new EpollSet(8)) {
            assertEquals(0, epoll.add(efd, Native.EPOLLIN, 0x0000_0005_0000_0007L));
            assertEquals(0, epoll.await(0));
            final NativeMemory one = NativeMemory.allocate(8);
            one.putLongLE(0, 1);
            Native.libc().write(efd, one.address(), 8);
            assertEquals(1, epoll.await(1000));
            assertEquals(0x0000_0005_0000_0007L, epoll.token(0));
            assertTrue((epoll.eventMask(0) & Native.EPOLLIN) != 0);
            one.free();
        } finally {
            Native.libc().close(efd);
        }
    }

    @Test
    void shouldSendAndReceiveThroughUnixSocketHelpers() {
        final int[] fds = connectedPair();
        try {
            assertEquals(3, UnixSockets.send(fds[0], new byte[] {1, 2, 3}, 0, 3, 0));
            assertTrue(UnixSockets.awaitReadable(fds[1], 1000));
            final byte[] got = new byte[10];
            assertEquals(3, UnixSockets.recv(fds[1], got, 0));
            assertEquals(2, got[1]);
            assertEquals(-Native.EAGAIN, UnixSockets.recv(fds[1], got, Native.MSG_DONTWAIT));
        } finally {
            UnixSockets.close(fds[0]);
            UnixSockets.close(fds[1]);
        }
    }

    @Test
    void shouldDeliverAOneShotDatagramToAPath() {
        final String path = dir.resolve("log").toString();
        final int rx = UnixSockets.socket(Native.SOCK_DGRAM);
        try {
            assertEquals(0, UnixSockets.bind(rx, path));
            assertTrue(UnixDatagram.sendTo(path, "hello".getBytes()));
            final byte[] got = new byte[16];
            assertEquals(5, UnixSockets.recv(rx, got, Native.MSG_DONTWAIT));
            assertEquals("hello", new String(got, 0, 5));
            assertFalse(UnixDatagram.sendTo(dir.resolve("nobody").toString(), "x".getBytes()));
        } finally {
            UnixSockets.close(rx);
        }
    }

    @Test
    void shouldExplainErrnoInWords() {
        assertEquals("Connection refused", Native.strerror(Native.ECONNREFUSED));
        assertEquals("Address already in use", Native.strerror(Native.EADDRINUSE));
    }

    @Test
    void shouldResolveTheRootGroupAndUser() {
        assertEquals(0, Native.groupId("root"));
        assertEquals(0, Native.userId("root"));
        assertEquals(-1, Native.groupId("no-such-group-jvde"));
        assertTrue(Native.isGroupMember(0, 0));
    }
}

package io.jvde.vde.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-made binding passes each kind of argument and result as C expects (int, 64-bit length, address; int and
 * ssize_t results, negative ones included) and saves errno right after the call, per thread.
 */
@Timeout(10)
class JffiLibCTest {
    private final LibC libc = Native.libc();

    @Test
    void shouldReturnThisProcessIdFromACallWithoutArguments() {
        assertEquals(ProcessHandle.current().pid(), libc.getpid());
    }

    @Test
    void shouldReturnMinusOneAndSaveErrnoForAFailedCall() {
        assertEquals(-1, libc.close(-1));
        assertEquals(Native.EBADF, Native.errno());
        assertEquals(-1L, libc.write(-1, 0, 1), "a negative ssize_t, sign-extended");
        assertEquals(Native.EBADF, Native.errno());
    }

    @Test
    void shouldPassAddressesAndLengthsAndReportEachCallsOwnErrno() {
        final NativeMemory m = NativeMemory.allocate(64);
        try {
            final int a = libc.socket(Native.AF_UNIX, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
            assertTrue(a >= 0, "socket: errno " + Native.errno());
            // an unconnected datagram socket: write has no peer (ENOTCONN), recv has nothing (EAGAIN)
            m.buffer().put(0, (byte) 42);
            assertEquals(-1L, libc.write(a, m.address(), 1));
            assertEquals(Native.ENOTCONN, Native.errno());
            assertEquals(-1L, libc.recv(a, m.address(), 64, Native.MSG_DONTWAIT));
            assertEquals(Native.EAGAIN, Native.errno(), "a 4-argument call with a 64-bit length");
            assertEquals(0, libc.close(a));
        } finally {
            m.free();
        }
    }

    @Test
    void shouldKeepErrnoPerThread() throws Exception {
        Native.setErrno(Native.EINTR);
        final int[] seen = new int[1];
        final Thread t = new Thread(() -> {
            libc.close(-1);
            seen[0] = Native.errno();
        });
        t.start();
        t.join(5_000);
        assertEquals(Native.EBADF, seen[0]);
        assertEquals(Native.EINTR, Native.errno(), "another thread's failure does not change this thread's errno");
    }

    @Test
    void shouldCopyTheCLibraryTextForAnErrno() {
        assertEquals("Bad file descriptor", Native.strerror(Native.EBADF));
    }
}

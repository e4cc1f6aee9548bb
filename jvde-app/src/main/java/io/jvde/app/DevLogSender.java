package io.jvde.app;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

import java.nio.charset.StandardCharsets;

/**
 * Sends datagrams to a unix datagram socket such as {@code /dev/log}: the JDK has no AF_UNIX SOCK_DGRAM, so this
 * calls libc through jnr-ffi. Control-path only (a few lines per event), so byte arrays are fine here.
 */
final class DevLogSender implements SyslogLog.Sender {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SUN_PATH_LENGTH = 108;

    /** The libc calls used. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        @ssize_t long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrLen);
    }

    private final byte[] address;
    private LibC libc;
    private int fd = -1;
    private boolean broken;

    DevLogSender(final String path) {
        final byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_LENGTH) {
            throw new IllegalArgumentException("path: " + path + " (expected: shorter than 108 bytes)");
        }
        // struct sockaddr_un: sa_family_t (host order, little-endian here) then the NUL-terminated path.
        address = new byte[2 + name.length + 1];
        address[0] = (byte) AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
    }

    @Override
    public synchronized boolean send(final byte[] datagram) {
        if (broken) {
            return false;
        }
        try {
            if (fd < 0) {
                libc = LibraryLoader.create(LibC.class).load("c");
                fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
                if (fd < 0) {
                    broken = true;
                    return false;
                }
            }
            return libc.sendto(fd, datagram, datagram.length, MSG_DONTWAIT, address, address.length) >= 0;
        } catch (final LinkageError | RuntimeException e) {
            // No native access: logging must never take the switch down.
            broken = true;
            return false;
        }
    }
}

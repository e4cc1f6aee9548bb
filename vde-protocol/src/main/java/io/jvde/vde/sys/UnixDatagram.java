package io.jvde.vde.sys;

/** One-shot datagrams to a unix socket path, e.g. syslog lines to /dev/log (the JDK has no AF_UNIX datagrams). */
public final class UnixDatagram {
    private UnixDatagram() {
    }

    /** Sends {@code message} as one datagram to {@code path}; false when it could not be delivered. */
    public static boolean sendTo(final String path, final byte[] message) {
        final int fd = UnixSockets.socket(Native.SOCK_DGRAM);
        if (fd < 0) {
            return false;
        }
        try {
            return UnixSockets.connect(fd, path) == 0
                && UnixSockets.send(fd, message, 0, message.length, Native.MSG_DONTWAIT) == message.length;
        } finally {
            UnixSockets.close(fd);
        }
    }
}

package io.jvde.app;

import io.jvde.vde.sys.Native;
import io.jvde.vde.sys.UnixSockets;

/**
 * Sends datagrams to a unix datagram socket such as {@code /dev/log} over one connected socket, as glibc's
 * openlog/syslog do; reconnects once when the syslog daemon was restarted. (The JDK has no AF_UNIX datagrams.)
 */
final class DevLogSender implements SyslogLog.Sender {
    private final String path;
    private int fd = -1;

    DevLogSender(final String path) {
        this.path = path;
    }

    @Override
    public synchronized boolean send(final byte[] datagram) {
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (fd < 0 && !connect()) {
                    return false;
                }
                if (UnixSockets.send(fd, datagram, 0, datagram.length, Native.MSG_DONTWAIT) >= 0) {
                    return true;
                }
                UnixSockets.close(fd);
                fd = -1;
            }
            return false;
        } catch (final LinkageError | RuntimeException e) {
            // No native access: logging must never take the switch down.
            return false;
        }
    }

    private boolean connect() {
        final int s = UnixSockets.socket(Native.SOCK_DGRAM);
        if (s < 0) {
            return false;
        }
        if (UnixSockets.connect(s, path) < 0) {
            UnixSockets.close(s);
            return false;
        }
        fd = s;
        return true;
    }
}

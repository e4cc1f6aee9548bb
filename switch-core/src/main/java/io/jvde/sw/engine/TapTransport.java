package io.jvde.sw.engine;

import io.jvde.sw.forward.DropReason;
import io.jvde.vde.sys.LibC;
import io.jvde.vde.sys.MmsgVector;
import io.jvde.vde.sys.Native;

/** A Linux tap device opened by the switch (-t IFNAME): one frame per read, one writev per frame. */
final class TapTransport implements Transport {
    private final LibC libc = Native.libc();
    private final int fd;
    private final String name;

    TapTransport(final int fd, final String name) {
        this.fd = fd;
        this.name = name;
    }

    @Override
    public String module() {
        return "tuntap";
    }

    @Override
    public String description() {
        return name;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public int receive(final RxBatch rx, final Attachment self) {
        int n = 0;
        while (n < RxBatch.SLOTS) {
            final long r = libc.read(fd, rx.address(n), SwitchSettings.MAX_FRAME);
            if (r < 0) {
                final int err = Native.errno();
                if (err != Native.EAGAIN && err != Native.EINTR) {
                    self.kill("tap read: " + Native.strerror(err));
                }
                break;
            }
            rx.length(n++, (int) r);
        }
        return n;
    }

    @Override
    public int send(final MmsgVector v, final int n, final Attachment self) {
        for (int k = 0; k < n; k++) {
            final long r = libc.writev(fd, v.iovAddress(k), v.iovCountOf(k));
            if (r < 0) {
                final int err = Native.errno();
                if (err == Native.EIO) {
                    // The interface is down (not yet up, or set down): the kernel refuses every frame until it comes
                    // up again. The frame is dropped; the port and its device stay, as with vde_switch.
                    self.discard(DropReason.LINK_DOWN.ordinal(), v.iovTotal(k));
                    continue;
                }
                if (err != Native.EAGAIN && err != Native.EINTR && err != Native.ENOBUFS) {
                    self.kill("tap write: " + Native.strerror(err));
                }
                return k;
            }
        }
        return n;
    }

    @Override
    public void close(final EventLoop loop) {
        libc.close(fd);
    }
}

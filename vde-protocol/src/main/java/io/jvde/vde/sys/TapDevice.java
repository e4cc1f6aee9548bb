package io.jvde.vde.sys;

import java.nio.charset.StandardCharsets;

/** Opens a Linux tap interface ({@code /dev/net/tun}, TUNSETIFF, IFF_TAP|IFF_NO_PI) as a non-blocking fd. */
public final class TapDevice {
    public static final long TUNSETIFF = 0x400454caL;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFNAMSIZ = 16;
    /** struct ifreq: name[16] then a union whose first member, ifr_flags, is a short. */
    public static final int IFREQ_SIZE = 40;
    public static final int IFR_FLAGS_OFFSET = IFNAMSIZ;

    private TapDevice() {
    }

    /**
     * Opens (or creates) tap {@code name}.
     * @throws NativeException with a message naming the interface and, for EPERM, the missing capability
     */
    public static int open(final String name) {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("tap interface name: '" + name + "' (expected: 1.." + (IFNAMSIZ - 1)
                + " bytes)");
        }
        final int fd = NativePaths.open("/dev/net/tun", Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeException("tap " + name + ": open /dev/net/tun", Native.errno());
        }
        final NativeMemory ifr = NativeMemory.allocate(IFREQ_SIZE);
        try {
            ifr.buffer().put(0, bytes);
            ifr.putShortLE(IFR_FLAGS_OFFSET, (short) (IFF_TAP | IFF_NO_PI));
            if (Native.libc().ioctl(fd, TUNSETIFF, ifr.address()) < 0) {
                final int err = Native.errno();
                Native.libc().close(fd);
                if (err == Native.EPERM) {
                    throw new NativeException("tap " + name + ": TUNSETIFF (needs root or CAP_NET_ADMIN)", err);
                }
                throw new NativeException("tap " + name + ": TUNSETIFF", err);
            }
            return fd;
        } finally {
            ifr.free();
        }
    }
}

package io.jvde.vde.sys;

import java.nio.charset.StandardCharsets;

/**
 * The libc calls that take a path or a name, with the text given as a Java string: each encodes it as NUL-terminated
 * UTF-8 in native memory for the call and frees it afterwards. {@link LibC} itself takes only numbers and
 * addresses, which jffi's invokers pass as they are (no conversion, no allocation). These calls are made while setting
 * up sockets and attaching clients, never per frame. Results and {@link Native#errno()} are libc's: errno is saved
 * right after the call, so freeing the text does not disturb it.
 */
public final class NativePaths {
    private NativePaths() {
    }

    /** {@code text} as NUL-terminated UTF-8 in native memory (the caller frees it); a NUL inside ends it early. */
    private static NativeMemory encode(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final NativeMemory c = NativeMemory.allocate(bytes.length + 1, false);
        c.buffer().put(0, bytes).put(bytes.length, (byte) 0);
        return c;
    }

    public static int unlink(final String path) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().unlink(c.address());
        }
    }

    public static int chmod(final String path, final int mode) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().chmod(c.address(), mode);
        }
    }

    public static int chown(final String path, final int uid, final int gid) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().chown(c.address(), uid, gid);
        }
    }

    public static int access(final String path, final int mode) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().access(c.address(), mode);
        }
    }

    public static int mkdir(final String path, final int mode) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().mkdir(c.address(), mode);
        }
    }

    public static int rmdir(final String path) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().rmdir(c.address());
        }
    }

    public static int open(final String path, final int flags, final int mode) {
        try (NativeMemory c = encode(path)) {
            return Native.libc().open(c.address(), flags, mode);
        }
    }

    /** Index of network interface {@code name}, 0 when there is none. */
    public static int ifNameToIndex(final String name) {
        try (NativeMemory c = encode(name)) {
            return Native.libc().if_nametoindex(c.address());
        }
    }

    /** {@code getgrnam(3)}: the group's {@code struct group}, 0 when there is none. */
    static long getgrnam(final String name) {
        try (NativeMemory c = encode(name)) {
            return Native.libc().getgrnam(c.address());
        }
    }

    /** {@code getpwnam(3)}: the user's {@code struct passwd}, 0 when there is none. */
    static long getpwnam(final String name) {
        try (NativeMemory c = encode(name)) {
            return Native.libc().getpwnam(c.address());
        }
    }
}

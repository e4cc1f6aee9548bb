package io.jvde.sw;

/**
 * Linux errno values returned by switch operations, as the management console prints them
 * ({@code 1EEE <strerror>}, docs/protocol.md §5.7). Control-path methods return {@link #OK} or one of these.
 */
public final class Errno {
    public static final int OK = 0;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such device or address: the port or VLAN does not exist. */
    public static final int ENXIO = 6;
    /** File exists: the VLAN or port is already there. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument: a number out of its range. */
    public static final int EINVAL = 22;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Function not implemented (unknown console command). */
    public static final int ENOSYS = 38;
    /** Address already in use: the object is still referenced (VLAN with members, untagged VLAN of a port). */
    public static final int EADDRINUSE = 98;

    private Errno() {
    }

    /** The glibc {@code strerror} text of {@code errno}, as vde_switch prints it after the code. */
    public static String message(final int errno) {
        switch (errno) {
            case OK:
                return "Success";
            case ENOENT:
                return "No such file or directory";
            case ENXIO:
                return "No such device or address";
            case EEXIST:
                return "File exists";
            case ENODEV:
                return "No such device";
            case EINVAL:
                return "Invalid argument";
            case ENOSPC:
                return "No space left on device";
            case ENOSYS:
                return "Function not implemented";
            case EADDRINUSE:
                return "Address already in use";
            default:
                return "Unknown error " + errno;
        }
    }
}

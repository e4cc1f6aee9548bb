package io.jvde.sw;

/**
 * The project's one errno type: the Linux errno values that switch operations and console commands report, with
 * glibc's strerror texts. A failing console command ends with {@code 1EEE <strerror>}, EEE being the code in three
 * digits (docs/protocol.md §5.7). The engine's control-path methods return plain {@code int}s — {@link #OK} or a
 * {@link #code()} — so nothing is boxed there; {@link #of(int)} turns one back into its constant.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    /** The port or VLAN does not exist. */
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    /** The VLAN or port is already there. */
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EISDIR(21, "Is a directory"),
    /** A number out of its range. */
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Numerical result out of range"),
    /** Unknown console command. */
    ENOSYS(38, "Function not implemented"),
    ELOOP(40, "Too many levels of symbolic links"),
    EOPNOTSUPP(95, "Operation not supported"),
    /** The object is still referenced (a VLAN with members, the untagged VLAN of a port). */
    EADDRINUSE(98, "Address already in use"),
    /** A wait (event/wait) ended without its event. */
    ETIMEDOUT(110, "Connection timed out");

    /** The control path's success result. */
    public static final int OK = 0;

    private final int code;
    private final String text;

    Errno(final int code, final String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** glibc's {@code strerror(code)}. */
    public String text() {
        return text;
    }

    /** The console status line, e.g. {@code 1022 Invalid argument} (no newline). */
    public String statusLine() {
        return String.format("1%03d %s", code, text);
    }

    /** The constant of {@code code}, or null when it is not one of these. */
    public static Errno of(final int code) {
        for (final Errno e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }

    /** strerror's text of any code: {@code Success} for {@link #OK}, {@code Unknown error N} for others. */
    public static String message(final int code) {
        if (code == OK) {
            return "Success";
        }
        final Errno e = of(code);
        return e == null ? "Unknown error " + code : e.text;
    }
}

package io.jvde.app.console;

/**
 * The Linux errno values the console reports, with glibc's strerror texts: a failing command ends with
 * {@code 1EEE <strerror>} where EEE is the errno in three digits (vde-protocol.md §5.7).
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Numerical result out of range"),
    ENOSYS(38, "Function not implemented"),
    ELOOP(40, "Too many levels of symbolic links"),
    EOPNOTSUPP(95, "Operation not supported"),
    EADDRINUSE(98, "Address already in use"),
    ETIMEDOUT(110, "Connection timed out");

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
}

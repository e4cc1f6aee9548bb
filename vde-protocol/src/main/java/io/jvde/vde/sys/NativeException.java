package io.jvde.vde.sys;

/** A failed libc call on the control path, carrying errno; the data path uses return codes instead. */
public final class NativeException extends RuntimeException {
    private final int errno;

    public NativeException(final String what, final int errno) {
        super(what + ": " + Native.strerror(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

package io.jvde.vde.client;

import java.io.IOException;

/** The switch refused or never answered a port request (it closed {@code ctl}, or the wait timed out). */
public final class VdeHandshakeException extends IOException {
    public VdeHandshakeException(final String message) {
        super(message);
    }
}

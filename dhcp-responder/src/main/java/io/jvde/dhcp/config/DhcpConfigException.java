package io.jvde.dhcp.config;

/**
 * A configuration value the responder cannot run with. {@link #path()} names the field the way the configuration
 * file spells it (e.g. {@code scopes[0].ranges[1].end}), so the YAML binder can add file and line; the message
 * follows the house format {@code path: value (expected: ...)}.
 */
public final class DhcpConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public DhcpConfigException(final String path, final String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The field path, e.g. {@code scopes[0].serverIp}. */
    public String path() {
        return path;
    }

    /** The message without the path: {@code value (expected: ...)}. */
    public String reason() {
        return reason;
    }

    /** The same problem re-rooted under {@code prefix} (e.g. when a scope is validated inside a list). */
    public DhcpConfigException under(final String prefix) {
        return new DhcpConfigException(prefix + "." + path, reason);
    }
}

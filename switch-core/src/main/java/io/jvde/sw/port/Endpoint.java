package io.jvde.sw.port;

/**
 * One attachment to a port, as the console and the port table see it: a VDE client, a tap, an in-process port, or
 * a connection of another transport. Only its identity is public; the engine subclasses it with the per-endpoint
 * data-path state (staged transmit batch, overflow queue, back-pressure links), which stays private to the engine.
 */
public abstract class Endpoint {
    private final int id;
    private final int port;
    private final int user;
    private final long attachedAtNanos;

    protected Endpoint(final int id, final int port, final int user, final long nowNanos) {
        this.id = id;
        this.port = port;
        this.user = user;
        this.attachedAtNanos = nowNanos;
    }

    /** Stable endpoint ID shown by port/print and used by port/epclose (never a reused fd number). */
    public final int id() {
        return id;
    }

    public final int port() {
        return port;
    }

    /** What is behind the endpoint, printed as the "module" in port/print ("unix prog", "tuntap", "stream", ...). */
    public abstract String module();

    /** Who is behind the endpoint: the client's description, a tap's name, a peer's address (port/print). */
    public abstract String description();

    /** Owner uid of the client's socket (vde's notion of the endpoint's user), -1 when unknown. */
    public final int user() {
        return user;
    }

    public final long attachedAtNanos() {
        return attachedAtNanos;
    }
}

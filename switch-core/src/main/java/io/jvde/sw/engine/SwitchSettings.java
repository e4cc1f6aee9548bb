package io.jvde.sw.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Immutable start-up settings of one switch, validated once by {@link Builder#build()} before anything starts.
 * Defaults follow vde_switch (docs/protocol.md §5.10) unless a field says otherwise.
 */
public final class SwitchSettings {
    /** vde_switch's default port count; ports still grow on demand beyond it. */
    public static final int DEFAULT_NUM_PORTS = 32;
    public static final int DEFAULT_MAC_AGE_SECONDS = 100;
    public static final int DEFAULT_MAC_MIN_PERSISTENCE_SECONDS = 3;
    public static final int DEFAULT_MAC_GC_INTERVAL_SECONDS = 2;
    public static final int DEFAULT_HASH_SIZE = 128;
    public static final int DEFAULT_MAC_CAPACITY = 65_536;
    /** Ports grow on demand up to this many (vde_switch stops at -n and then hangs its clients). */
    public static final int DEFAULT_MAX_PORTS = 4096;
    /** How long a receiver that stopped reading may hold back its senders before it is treated as stalled. */
    public static final int DEFAULT_STALL_TIMEOUT_MILLIS = 200;
    /** Largest frame forwarded whole: 9216-byte MTU + 14-byte header + 4-byte tag (vdeplug4's VDE_ETHBUFSIZE). */
    public static final int MAX_FRAME = 9234;

    private final Path directory;
    private final int numPorts;
    private final boolean hub;
    private final int ctlMode;
    private final int dirMode;
    private final String group;
    private final int port0Mode;
    private final String port0Group;
    private final List<String> taps;
    private final long switchMac;
    private final int hashSize;
    private final int macAgeSeconds;
    private final int macMinPersistenceSeconds;
    private final int macGcIntervalSeconds;
    private final int macCapacity;
    private final boolean vlanStrict;
    private final int stallTimeoutMillis;
    private final int maxPorts;
    private final List<StreamAddress> streams;
    private final List<String> dgrams;
    private final List<StreamAddress> links;
    private final io.jvde.sw.vxlan.VxlanSettings vxlan;

    private SwitchSettings(final Builder b) {
        this.directory = b.directory;
        this.numPorts = b.numPorts;
        this.hub = b.hub;
        this.ctlMode = b.ctlMode;
        this.dirMode = b.dirMode;
        this.group = b.group;
        this.port0Mode = b.port0Mode;
        this.port0Group = b.port0Group;
        this.taps = List.copyOf(b.taps);
        this.switchMac = b.switchMac;
        this.hashSize = b.hashSize;
        this.macAgeSeconds = b.macAgeSeconds;
        this.macMinPersistenceSeconds = b.macMinPersistenceSeconds;
        this.macGcIntervalSeconds = b.macGcIntervalSeconds;
        this.macCapacity = b.macCapacity;
        this.vlanStrict = b.vlanStrict;
        this.stallTimeoutMillis = b.stallTimeoutMillis;
        this.maxPorts = b.maxPorts;
        this.streams = b.streams;
        this.dgrams = b.dgrams;
        this.links = b.links;
        this.vxlan = b.vxlan;
    }

    public static Builder builder(final Path directory) {
        return new Builder(directory);
    }

    /** Switch directory holding {@code ctl} and the data sockets (as given; made absolute at start). */
    public Path directory() { return directory; }
    /** Initial port count ({@code -n}); auto allocation uses 1..n-1 first and grows beyond when full. */
    public int numPorts() { return numPorts; }
    public boolean hub() { return hub; }
    /** Octal mode of {@code ctl} and data sockets, or -1 when not given ({@code -m}). */
    public int ctlMode() { return ctlMode; }
    /** Octal directory mode, or -1 when not given ({@code --dirmode}). */
    public int dirMode() { return dirMode; }
    /** Group name for the directory and sockets, or null ({@code -g}). */
    public String group() { return group; }
    /** Mode of port-0 data sockets (REQ_NEW_PORT0 uses the management socket's mode), -1 = default 0600. */
    public int port0Mode() { return port0Mode; }
    public String port0Group() { return port0Group; }
    public List<String> taps() { return taps; }
    /** Switch MAC (shown by showinfo), as a 48-bit value. */
    public long switchMac() { return switchMac; }
    public int hashSize() { return hashSize; }
    public int macAgeSeconds() { return macAgeSeconds; }
    public int macMinPersistenceSeconds() { return macMinPersistenceSeconds; }
    public int macGcIntervalSeconds() { return macGcIntervalSeconds; }
    public int macCapacity() { return macCapacity; }
    /** True: vde_switch-strict VLANs (guest-tagged frames on default ports are dropped). Default false. */
    public boolean vlanStrict() { return vlanStrict; }
    public int stallTimeoutMillis() { return stallTimeoutMillis; }
    /** Upper bound for on-demand port growth; explicit port requests at or above it are refused. */
    public int maxPorts() { return maxPorts; }
    /** The VXLAN uplink, or null when none ({@code --vxlan}). */
    public io.jvde.sw.vxlan.VxlanSettings vxlan() { return vxlan; }

    public List<StreamAddress> streams() { return streams; }
    public List<String> dgrams() { return dgrams; }
    public List<StreamAddress> links() { return links; }

    /** Fluent builder; {@link #build()} validates and names the offending value. */
    public static final class Builder {
        private Path directory;
        private int numPorts = DEFAULT_NUM_PORTS;
        private boolean hub;
        private int ctlMode = -1;
        private int dirMode = -1;
        private String group;
        private int port0Mode = -1;
        private String port0Group;
        private List<String> taps = List.of();
        private long switchMac = randomSwitchMac();
        private int hashSize = DEFAULT_HASH_SIZE;
        private int macAgeSeconds = DEFAULT_MAC_AGE_SECONDS;
        private int macMinPersistenceSeconds = DEFAULT_MAC_MIN_PERSISTENCE_SECONDS;
        private int macGcIntervalSeconds = DEFAULT_MAC_GC_INTERVAL_SECONDS;
        private int macCapacity = DEFAULT_MAC_CAPACITY;
        private boolean vlanStrict;
        private int stallTimeoutMillis = DEFAULT_STALL_TIMEOUT_MILLIS;
        private int maxPorts = DEFAULT_MAX_PORTS;
        private List<StreamAddress> streams = List.of();
        private List<String> dgrams = List.of();
        private List<StreamAddress> links = List.of();
        private io.jvde.sw.vxlan.VxlanSettings vxlan;

        private Builder(final Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder directory(final Path v) { directory = Objects.requireNonNull(v, "directory"); return this; }
        public Builder numPorts(final int v) { numPorts = v; return this; }
        public Builder hub(final boolean v) { hub = v; return this; }
        public Builder ctlMode(final int v) { ctlMode = v; return this; }
        public Builder dirMode(final int v) { dirMode = v; return this; }
        public Builder group(final String v) { group = v; return this; }
        public Builder port0Mode(final int v) { port0Mode = v; return this; }
        public Builder port0Group(final String v) { port0Group = v; return this; }
        public Builder taps(final List<String> v) { taps = List.copyOf(v); return this; }
        public Builder switchMac(final long v) { switchMac = v; return this; }
        public Builder hashSize(final int v) { hashSize = v; return this; }
        public Builder macAgeSeconds(final int v) { macAgeSeconds = v; return this; }
        public Builder macMinPersistenceSeconds(final int v) { macMinPersistenceSeconds = v; return this; }
        public Builder macGcIntervalSeconds(final int v) { macGcIntervalSeconds = v; return this; }
        public Builder macCapacity(final int v) { macCapacity = v; return this; }
        public Builder vlanStrict(final boolean v) { vlanStrict = v; return this; }
        public Builder stallTimeoutMillis(final int v) { stallTimeoutMillis = v; return this; }
        public Builder maxPorts(final int v) { maxPorts = v; return this; }
        /** Stream sockets to listen on (--stream): every connection is a port. */
        public Builder streams(final List<StreamAddress> v) { streams = List.copyOf(v); return this; }
        /** Unix datagram sockets to listen on (--dgram): every sender is a port. */
        public Builder dgrams(final List<String> v) { dgrams = List.copyOf(v); return this; }
        /** Stream servers to connect to (--link), each on its own port, reconnecting. */
        public Builder links(final List<StreamAddress> v) { links = List.copyOf(v); return this; }
        public Builder vxlan(final io.jvde.sw.vxlan.VxlanSettings v) { vxlan = v; return this; }

        public SwitchSettings build() {
            check(numPorts >= 1, "numports: " + numPorts + " (expected: >= 1; the switch must have at least 1 port)");
            check(ctlMode == -1 || (ctlMode & ~07777) == 0, "mode: 0" + Integer.toOctalString(ctlMode) + " (expected: octal 0..07777)");
            check(dirMode == -1 || (dirMode & ~07777) == 0, "dirmode: 0" + Integer.toOctalString(dirMode) + " (expected: octal 0..07777)");
            check(port0Mode == -1 || (port0Mode & ~07777) == 0, "mgmtmode: 0" + Integer.toOctalString(port0Mode) + " (expected: octal 0..07777)");
            check(hashSize >= 1, "hashsize: " + hashSize + " (expected: >= 1)");
            check(macAgeSeconds >= 1, "mac age: " + macAgeSeconds + " (expected: >= 1 s)");
            check(macMinPersistenceSeconds >= 0, "min persistence: " + macMinPersistenceSeconds + " (expected: >= 0 s)");
            check(macGcIntervalSeconds >= 1, "gc interval: " + macGcIntervalSeconds + " (expected: >= 1 s)");
            check(macCapacity >= 16, "mac capacity: " + macCapacity + " (expected: >= 16)");
            check(maxPorts >= 2 && maxPorts <= 1 << 20, "max ports: " + maxPorts + " (expected: 2..1048576)");
            maxPorts = Math.max(maxPorts, numPorts);
            check(stallTimeoutMillis >= 1, "stall timeout: " + stallTimeoutMillis + " (expected: >= 1 ms)");
            check((switchMac & ~0xFFFF_FFFF_FFFFL) == 0, "switch mac out of 48-bit range");
            return new SwitchSettings(this);
        }

        private static void check(final boolean ok, final String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static long randomSwitchMac() {
            // vde_switch's default: 00:ff followed by four random bytes.
            return 0x00FF_0000_0000L | (java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
        }
    }
}

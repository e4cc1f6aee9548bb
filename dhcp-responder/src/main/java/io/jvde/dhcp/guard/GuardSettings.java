package io.jvde.dhcp.guard;

import io.jvde.dhcp.config.DhcpConfigException;
import java.util.BitSet;

/**
 * Configuration of {@link DhcpGuard}, validated on construction; invalid values throw {@link DhcpConfigException}
 * naming the field (e.g. {@code portBurst}), which the YAML binder can re-root with
 * {@link DhcpConfigException#under}. Build with {@link #builder()}.
 *
 * @param enabled           false: {@link DhcpGuard#admit} passes every frame without looking at it
 * @param trustedPorts      ports where DHCP servers and upstream relays sit: their server messages pass, their
 *                          client messages are neither checked nor rate-limited
 * @param portRate          DHCP client messages per second per untrusted port (0 = no limit)
 * @param portBurst         bucket size per port: messages accepted at once after a quiet period
 * @param macRate           DHCP client messages per second per (VLAN, Ethernet source MAC) (0 = no limit)
 * @param macBurst          bucket size per MAC
 * @param logIntervalMillis at most one listener call per (reason, port) per interval (0 = every violation)
 * @param bindingCapacity   most entries of the snooping binding table
 * @param macTableCapacity  most (VLAN, MAC) entries of the per-MAC rate table
 */
public record GuardSettings(boolean enabled, BitSet trustedPorts, int portRate, int portBurst, int macRate,
                            int macBurst, long logIntervalMillis, int bindingCapacity, int macTableCapacity) {
    public static final int DEFAULT_PORT_RATE = 50;
    public static final int DEFAULT_PORT_BURST = 100;
    public static final int DEFAULT_MAC_RATE = 10;
    public static final int DEFAULT_MAC_BURST = 20;
    public static final long DEFAULT_LOG_INTERVAL_MILLIS = 10_000;
    public static final int DEFAULT_BINDING_CAPACITY = 8192;
    public static final int DEFAULT_MAC_TABLE_CAPACITY = 4096;
    /** Highest switch port number the guard keeps state for. */
    public static final int MAX_PORT = 65_535;
    public static final int MAX_RATE = 1_000_000;
    public static final int MIN_CAPACITY = 16;
    public static final int MAX_CAPACITY = 1 << 20;
    public static final long MAX_LOG_INTERVAL_MILLIS = 86_400_000;

    public GuardSettings {
        trustedPorts = (BitSet) trustedPorts.clone();
        validate(trustedPorts, portRate, portBurst, macRate, macBurst, logIntervalMillis, bindingCapacity,
            macTableCapacity);
    }

    /** Defaults: enabled, no trusted port, 50/s burst 100 per port, 10/s burst 20 per MAC, log every 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        final Builder b = new Builder().enabled(enabled).portRate(portRate).portBurst(portBurst).macRate(macRate)
            .macBurst(macBurst).logIntervalMillis(logIntervalMillis).bindingCapacity(bindingCapacity)
            .macTableCapacity(macTableCapacity);
        b.trustedPorts.or(trustedPorts);
        return b;
    }

    @Override
    public BitSet trustedPorts() {
        return (BitSet) trustedPorts.clone();
    }

    public boolean trusted(final int port) {
        return port >= 0 && trustedPorts.get(port);
    }

    /** These settings with {@code port} trusted or not. */
    public GuardSettings withTrusted(final int port, final boolean trusted) {
        return toBuilder().trustedPort(port, trusted).build();
    }

    private static void validate(final BitSet trusted, final int portRate, final int portBurst, final int macRate,
                                 final int macBurst, final long logInterval, final int bindingCapacity,
                                 final int macTableCapacity) {
        if (trusted.length() > MAX_PORT + 1) {
            throw new DhcpConfigException("trustedPorts", (trusted.length() - 1) + " (expected: ports 0.."
                + MAX_PORT + ")");
        }
        checkRate("portRate", "portBurst", portRate, portBurst);
        checkRate("macRate", "macBurst", macRate, macBurst);
        if (logInterval < 0 || logInterval > MAX_LOG_INTERVAL_MILLIS) {
            throw new DhcpConfigException("logIntervalMillis", logInterval + " (expected: 0.."
                + MAX_LOG_INTERVAL_MILLIS + "; 0 reports every violation)");
        }
        checkCapacity("bindingCapacity", bindingCapacity);
        checkCapacity("macTableCapacity", macTableCapacity);
    }

    private static void checkRate(final String rateField, final String burstField, final int rate, final int burst) {
        if (rate < 0 || rate > MAX_RATE) {
            throw new DhcpConfigException(rateField, rate + " (expected: 0.." + MAX_RATE
                + " messages per second; 0 = no limit)");
        }
        if (rate > 0 && (burst < 1 || burst > MAX_RATE)) {
            throw new DhcpConfigException(burstField, burst + " (expected: 1.." + MAX_RATE + " when " + rateField
                + " is " + rate + "; a burst of 0 would drop everything, set " + rateField + " 0 for no limit)");
        }
        if (rate == 0 && (burst < 0 || burst > MAX_RATE)) {
            throw new DhcpConfigException(burstField, burst + " (expected: 0.." + MAX_RATE + ")");
        }
    }

    private static void checkCapacity(final String field, final int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
            throw new DhcpConfigException(field, capacity + " (expected: " + MIN_CAPACITY + ".." + MAX_CAPACITY
                + " entries)");
        }
    }

    /** Builds {@link GuardSettings}; unset fields take the documented defaults. */
    public static final class Builder {
        private boolean enabled = true;
        private final BitSet trustedPorts = new BitSet();
        private int portRate = DEFAULT_PORT_RATE;
        private int portBurst = DEFAULT_PORT_BURST;
        private int macRate = DEFAULT_MAC_RATE;
        private int macBurst = DEFAULT_MAC_BURST;
        private long logIntervalMillis = DEFAULT_LOG_INTERVAL_MILLIS;
        private int bindingCapacity = DEFAULT_BINDING_CAPACITY;
        private int macTableCapacity = DEFAULT_MAC_TABLE_CAPACITY;

        public Builder enabled(final boolean value) {
            this.enabled = value;
            return this;
        }

        public Builder trustedPort(final int port) {
            return trustedPort(port, true);
        }

        public Builder trustedPort(final int port, final boolean trusted) {
            if (port < 0 || port > MAX_PORT) {
                throw new DhcpConfigException("trustedPorts", port + " (expected: ports 0.." + MAX_PORT + ")");
            }
            trustedPorts.set(port, trusted);
            return this;
        }

        public Builder portRate(final int perSecond) {
            this.portRate = perSecond;
            return this;
        }

        public Builder portBurst(final int messages) {
            this.portBurst = messages;
            return this;
        }

        public Builder macRate(final int perSecond) {
            this.macRate = perSecond;
            return this;
        }

        public Builder macBurst(final int messages) {
            this.macBurst = messages;
            return this;
        }

        public Builder logIntervalMillis(final long millis) {
            this.logIntervalMillis = millis;
            return this;
        }

        public Builder bindingCapacity(final int entries) {
            this.bindingCapacity = entries;
            return this;
        }

        public Builder macTableCapacity(final int entries) {
            this.macTableCapacity = entries;
            return this;
        }

        public GuardSettings build() {
            return new GuardSettings(enabled, trustedPorts, portRate, portBurst, macRate, macBurst, logIntervalMillis,
                bindingCapacity, macTableCapacity);
        }
    }
}

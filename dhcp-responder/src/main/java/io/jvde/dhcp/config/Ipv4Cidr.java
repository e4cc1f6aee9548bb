package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;

/** An IPv4 network: address with all host bits zero, and a prefix length 0..32. */
public record Ipv4Cidr(int network, int prefixLength) {
    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0..32)");
        }
        if ((network & ~Ipv4Address.mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("cidr: " + Ipv4Address.toString(network) + "/" + prefixLength
                + " (expected: host bits zero, e.g. " + Ipv4Address.toString(network & Ipv4Address.mask(prefixLength))
                + "/" + prefixLength + ")");
        }
    }

    /** Parses {@code 192.168.1.0/24}; throws naming the text and the expectation. */
    public static Ipv4Cidr parse(final String text) {
        final int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("cidr: " + text + " (expected: address/prefix like 192.168.1.0/24)");
        }
        final long address = Ipv4Address.parseOrMinusOne(text.substring(0, slash));
        int prefix = -1;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (final NumberFormatException e) {
            prefix = -1;
        }
        if (address < 0 || prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("cidr: " + text + " (expected: address/prefix like 192.168.1.0/24)");
        }
        return new Ipv4Cidr((int) address, prefix);
    }

    /** The network of {@code address} under {@code prefixLength} (host bits cleared). */
    public static Ipv4Cidr of(final int address, final int prefixLength) {
        return new Ipv4Cidr(address & Ipv4Address.mask(prefixLength), prefixLength);
    }

    public int mask() {
        return Ipv4Address.mask(prefixLength);
    }

    public int broadcast() {
        return network | ~mask();
    }

    public boolean contains(final int address) {
        return (address & mask()) == network;
    }

    /** True for an address of this network that is neither the network nor the broadcast address. */
    public boolean containsHost(final int address) {
        return contains(address) && address != network && address != broadcast();
    }

    public int firstHost() {
        return network + 1;
    }

    public int lastHost() {
        return broadcast() - 1;
    }

    @Override
    public String toString() {
        return Ipv4Address.toString(network) + "/" + prefixLength;
    }
}

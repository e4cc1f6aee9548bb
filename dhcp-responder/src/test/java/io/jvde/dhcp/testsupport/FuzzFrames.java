package io.jvde.dhcp.testsupport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * DHCP frames for the fuzz targets, shaped by the fuzzer's bytes: mostly well-framed (valid Ethernet, IP and UDP
 * headers and checksums, so the input reaches the DHCP decoder) with fuzzed BOOTP fields and options, option 82
 * included; sometimes raw bytes, to exercise the framing checks too.
 */
public final class FuzzFrames {
    private static final String[] MACS = {"52:54:00:aa:00:01", "52:54:00:aa:00:02", "52:54:00:aa:00:03",
        "52:54:00:aa:00:04"};

    private FuzzFrames() {
    }

    /** One frame; {@code addresses} are the ones worth asking for (the scope's), picked as ciaddr/requested/giaddr. */
    public static byte[] next(final FuzzedDataProvider data, final String... addresses) {
        if (data.consumeInt(0, 9) == 0) {
            return data.consumeBytes(data.consumeInt(0, 700));
        }
        final int type = data.pickValue(new int[] {1, 3, 4, 7, 8, 2, 5, 6, 0, 9});
        final ClientFrame f = ClientFrame.of(type, data.pickValue(MACS)).xid(data.consumeInt(0, 3));
        if (data.consumeBoolean()) {
            f.requestedIp(data.pickValue(addresses));
        }
        if (data.consumeBoolean()) {
            f.ciaddr(data.pickValue(addresses));
        }
        if (data.consumeBoolean()) {
            f.serverId(data.pickValue(addresses));
        }
        switch (data.consumeInt(0, 7)) {
            case 0 -> f.giaddr(data.pickValue(addresses));
            case 1 -> f.giaddr(data.pickValue(addresses)).option(82, data.consumeBytes(data.consumeInt(0, 40)));
            case 2 -> f.option(82, agentOption(data));
            case 3 -> f.op(2).ports(67, data.consumeBoolean() ? 68 : 67); // a server message
            case 4 -> f.hops(data.consumeInt(0, 20));
            default -> { }
        }
        if (data.consumeBoolean()) {
            f.clientId(data.consumeBytes(data.consumeInt(0, 20)));
        }
        if (data.consumeBoolean()) {
            f.hostname(data.consumeString(30));
        }
        if (data.consumeBoolean()) {
            f.maxMessageSize(data.consumeInt(0, 2000));
        }
        if (data.consumeBoolean()) {
            f.noEnd();
        }
        if (data.consumeBoolean()) {
            f.rawOptions(data.consumeBytes(data.consumeInt(0, 300)));
        }
        if (data.consumeBoolean()) {
            f.broadcastFlag();
        }
        return f.frame();
    }

    /** A well-formed-ish option 82 value: circuit-id and remote-id sub-options of fuzzed content. */
    private static byte[] agentOption(final FuzzedDataProvider data) {
        final byte[] circuit = data.consumeBytes(data.consumeInt(0, 30));
        final byte[] remote = data.consumeBytes(data.consumeInt(0, 30));
        final byte[] v = new byte[4 + circuit.length + remote.length];
        v[0] = 1;
        v[1] = (byte) circuit.length;
        System.arraycopy(circuit, 0, v, 2, circuit.length);
        v[2 + circuit.length] = 2;
        v[3 + circuit.length] = (byte) remote.length;
        System.arraycopy(remote, 0, v, 4 + circuit.length, remote.length);
        return v;
    }
}

package io.jvde.app.cli;

import io.jvde.app.ProcessSettings;
import io.jvde.app.vxlan.VxlanYaml;
import io.jvde.sw.vxlan.VxlanSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code jvde switch}'s VXLAN uplink (RFC 7348): one UDP socket, static peers and/or a multicast group. */
final class VxlanSwitchOptions implements SwitchOptionGroup {
    @Option(names = "--vxlan", paramLabel = "LOCAL[:PORT]",
            description = "VXLAN uplink on local IPv4 address LOCAL, UDP PORT (default 4789)")
    String local;

    @Option(names = "--vxlan-peer", paramLabel = "ADDR[:PORT]",
            description = "a remote VTEP (repeatable; broadcast and unknown unicast are replicated to each)")
    List<String> peers = new ArrayList<>();

    @Option(names = "--vxlan-group", paramLabel = "GROUP[,IFNAME]",
            description = "IPv4 multicast group for broadcast and unknown unicast; VTEPs sending to it are learned")
    String group;

    @Option(names = "--vxlan-ttl", paramLabel = "TTL", description = "multicast TTL (default 1)")
    Integer ttl;

    @Option(names = "--vxlan-vni", paramLabel = "VNI[=VLAN]",
            description = "map VNI to VLAN (default VLAN 0; repeatable; default mapping: VNI 1 = VLAN 0)")
    List<String> vnis = new ArrayList<>();

    @Option(names = "--vxlan-mtu", paramLabel = "BYTES",
            description = "inner MTU: larger frames are dropped and counted (default 1450 for a 1500 underlay)")
    Integer innerMtu;

    @Option(names = "--vxlan-srcports", paramLabel = "N",
            description = "spread flows over N UDP source ports by a hash of the inner flow (default 8: the local "
                + "port and 7 ephemeral ones; 1: the local port only)")
    Integer sourcePorts;

    @Option(names = "--vxlan-sockbuf", paramLabel = "BYTES",
            description = "SO_RCVBUF/SO_SNDBUF of the tunnel socket (default 268435456; forced past "
                + "net.core.rmem_max as root)")
    Integer socketBuffer;

    @Option(names = "--vxlan-no-offload",
            description = "send and read one datagram per frame (default: equal-sized frames to a VTEP leave in one "
                + "segmented send, UDP_SEGMENT, and arrive coalesced, UDP_GRO, where the kernel has them)")
    boolean noOffload;

    @Option(names = "--vxlan-dhcp-untrusted",
            description = "let the DHCP guard treat the uplink as untrusted (default: trusted)")
    boolean untrusted;

    @Option(names = "--vxlan-config", paramLabel = "FILE", description = "the uplink from a YAML file (vxlan:)")
    Path config;

    @Override
    public void applyTo(final ProcessSettings.Builder process) {
        final boolean any = local != null || !peers.isEmpty() || group != null || ttl != null || !vnis.isEmpty()
            || innerMtu != null || untrusted || noOffload || sourcePorts != null
            || socketBuffer != null;
        if (config != null) {
            if (any) {
                throw new IllegalArgumentException("--vxlan-config: given with other --vxlan options (expected: "
                    + "the uplink either in the file or on the command line)");
            }
            process.switchSettings().vxlan(VxlanYaml.load(config));
            return;
        }
        if (!any) {
            return;
        }
        if (local == null) {
            throw new IllegalArgumentException("--vxlan: missing (expected: --vxlan LOCAL[:PORT] with the other "
                + "--vxlan options)");
        }
        final VxlanSettings.Builder b = VxlanSettings.builder();
        option("--vxlan", local, () -> b.local(local));
        for (final String p : peers) {
            option("--vxlan-peer", p, () -> b.peer(p));
        }
        if (group != null) {
            option("--vxlan-group", group, () -> b.group(group));
        }
        if (ttl != null) {
            option("--vxlan-ttl", ttl.toString(), () -> b.ttl(ttl));
        }
        for (final String v : vnis) {
            option("--vxlan-vni", v, () -> b.vni(v));
        }
        if (innerMtu != null) {
            option("--vxlan-mtu", innerMtu.toString(), () -> b.innerMtu(innerMtu));
        }
        if (sourcePorts != null) {
            option("--vxlan-srcports", sourcePorts.toString(), () -> b.sourcePorts(sourcePorts));
        }
        if (socketBuffer != null) {
            option("--vxlan-sockbuf", socketBuffer.toString(), () -> b.socketBuffer(socketBuffer));
        }
        b.trusted(!untrusted);
        if (noOffload) {
            b.offload(false);
        }
        try {
            process.switchSettings().vxlan(b.build());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void option(final String name, final String value, final Runnable r) {
        try {
            r.run();
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}

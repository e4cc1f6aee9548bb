package io.jvde.app.services;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpResponder;
import io.jvde.dhcp.service.Datagram;
import io.jvde.dhcp.service.UdpReplies;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dns.DnsNames;
import io.jvde.dns.DnsServer;
import io.jvde.dns.DnsZone;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The glue between the responder's service layer and the lab services of {@code lab-services}: DNS on UDP 53 of
 * every served VLAN's server address, fed with the scopes' domains and subnets, the reservations' host names, the
 * static records, and the names clients send with their leases (from the DHCP exchange events: an ACK binds the
 * name, a RELEASE or DECLINE drops it, expiry is seen by the lease check at lookup); and TFTP (see
 * {@link TftpGlue}). Everything runs on the event-loop thread but {@link DnsUpstream}'s and TFTP's readers.
 */
public final class LabServices implements AutoCloseable {
    public static final int DNS_PORT = 53;

    private final ServicesConfig config;
    private final DhcpResponder responder;
    private final DnsServer dns;
    private final DnsUpstream upstream;
    private final TftpGlue tftp;
    private final long[] clock;

    private LabServices(final ServicesConfig config, final DhcpResponder responder, final DnsServer dns,
                        final DnsUpstream upstream, final TftpGlue tftp) {
        this.config = config;
        this.responder = responder;
        this.dns = dns;
        this.upstream = upstream;
        this.tftp = tftp;
        this.clock = new long[1];
    }

    /**
     * Builds the services {@code config} asks for and registers them with {@code responder}'s receive path; call
     * before the responder's port is attached. {@code loop} runs a task on the event-loop thread (for answers that
     * arrive on other threads). Returns null when no service is on.
     */
    public static LabServices start(final ServicesConfig config, final DhcpResponder responder,
                                    final Consumer<Runnable> loop) throws IOException {
        if (!config.any()) {
            return null;
        }
        DnsServer dns = null;
        DnsUpstream upstream = null;
        if (config.dns()) {
            final DnsNames names = names(config, responder.settings());
            names.leaseCheck((vid, address, mac, now) -> bound(responder.leaseTable(vid), address, mac, now));
            upstream = config.upstream() == null ? null : new DnsUpstream(config.upstream());
            dns = new DnsServer(names, config.ttl(), upstream != null);
        }
        final TftpGlue tftp = config.tftp() ? TftpGlue.start(config, responder, loop) : null;
        final LabServices s = new LabServices(config, responder, dns, upstream, tftp);
        if (dns != null) {
            responder.registerService(DNS_PORT, DNS_PORT, s::onDns);
            if (upstream != null) {
                upstream.start(loop, responder.replies());
            }
        }
        return s;
    }

    /** The zones of the served VLANs, the reservations' names and the static records. */
    static DnsNames names(final ServicesConfig config, final DhcpSettings settings) {
        final DnsNames names = new DnsNames();
        for (final Scope s : settings.scopes()) {
            names.addZone(new DnsZone(s.vlan(), s.options().domainName(), s.cidr().network(), s.cidr().prefixLength(),
                s.serverIp()));
        }
        addReservations(names, settings);
        for (final ServicesConfig.Record r : config.records()) {
            names.addStatic(r.name(), r.address());
        }
        return names;
    }

    private static void addReservations(final DnsNames names, final DhcpSettings settings) {
        for (final Scope s : settings.scopes()) {
            for (final Reservation r : s.reservations()) {
                if (r.hostname() != null && r.address() != 0) {
                    names.addReservation(r.hostname(), r.address());
                }
            }
        }
    }

    /**
     * The reservations changed at run time ({@code dhcp/reserve}, {@code dhcp/unreserve}): their names in DNS are
     * replaced by the responder's current ones at once. On the event-loop thread.
     */
    public void reservationsChanged() {
        if (dns != null) {
            dns.names().clearReservations();
            addReservations(dns.names(), responder.settings());
        }
    }

    /** Names follow leases: the lease on {@code address} is bound to {@code mac} and has not expired. */
    static boolean bound(final ScopeLeases leases, final int address, final long mac, final long now) {
        if (leases == null) {
            return false;
        }
        final int slot = leases.owner(address);
        return slot >= 0 && leases.state(slot) == ScopeLeases.BOUND && leases.mac(slot) == mac
            && leases.expiresAt(slot) > now;
    }

    private int onDns(final Datagram from, final ByteBuf buf, final int offset, final int length, final long now) {
        clock[0] = now;
        final UdpReplies out = responder.replies();
        final int at = out.begin();
        final int n = dns.answer(from.vid(), buf, offset, length, out.buffer(), at, UdpReplies.MAX_PAYLOAD, now);
        if (n > 0) {
            out.reply(from, n);
        } else if (n == DnsServer.FORWARD) {
            upstream.forward(from, buf, offset, length, now);
        }
        return DhcpDropReason.OK; // counted by the DNS server
    }

    /**
     * The lease lifecycle as DNS sees it: bound (ACK) publishes the client's name (option 81's
     * name, else option 12) with its address,
     * released and declined remove it; offered changes nothing, expired is checked at lookup.
     */
    public void onLease(final DhcpEvent event) {
        if (dns == null || event.address() == 0) {
            return;
        }
        switch (event.kind()) {
            case ACK -> {
                final ScopeLeases leases = responder.leaseTable(event.vid());
                final int slot = leases == null ? -1 : leases.owner(event.address());
                if (slot >= 0) {
                    dns.names().leaseBound(event.vid(), leases.hostnameText(slot), event.address(), event.mac());
                }
            }
            case RELEASE, DECLINE -> dns.names().leaseEnded(event.vid(), event.address());
            default -> {
            }
        }
    }

    /** dns/print: settings, counters and every name with its address. */
    public List<String> describeDns(final long now) {
        final List<String> lines = new ArrayList<>();
        if (dns == null) {
            lines.add("dns: off (--enable-dns, --domain, --dns-record or dns: in --dhcp-config)");
            return lines;
        }
        final StringBuilder zones = new StringBuilder();
        for (final DnsZone z : dns.names().zones()) {
            zones.append(zones.length() == 0 ? "" : ", ").append("vlan ").append(z.vid()).append(' ')
                .append(z.domain() == null ? "(bare names)" : z.domain()).append(" on ")
                .append(Ipv4Address.toString(z.serverIp())).append(":53");
        }
        lines.add("dns: " + zones + ", ttl " + dns.ttl() + "s, "
            + (upstream == null ? "outside names refused" : upstream.describe()));
        lines.add("dns: " + dns.counters().describe());
        for (final DnsNames.Entry e : dns.names().entries(now)) {
            lines.add(String.format("%-40s %-15s %s", e.name(), Ipv4Address.toString(e.address()),
                e.isStatic() ? "static" : "lease " + io.jvde.dhcp.wire.MacAddress.toString(e.mac())));
        }
        return lines;
    }

    /** tftp/print: root, limits, counters and the transfers in progress. */
    public List<String> describeTftp() {
        return tftp == null ? List.of("tftp: off (--tftp-root DIR or boot.tftpRoot in --dhcp-config)")
            : tftp.describe();
    }

    public DnsServer dns() {
        return dns;
    }

    public TftpGlue tftp() {
        return tftp;
    }

    /** On the loop thread, every tick: TFTP retransmissions and timeouts. */
    public void onTick(final long nowMillis) {
        if (tftp != null) {
            tftp.onTick(nowMillis);
        }
    }

    @Override
    public void close() {
        if (upstream != null) {
            upstream.close();
        }
        if (tftp != null) {
            tftp.close();
        }
    }

    public ServicesConfig config() {
        return config;
    }
}

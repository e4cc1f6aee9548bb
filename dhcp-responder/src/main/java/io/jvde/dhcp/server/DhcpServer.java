package io.jvde.dhcp.server;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.ClientKeys;
import io.jvde.dhcp.lease.LeaseStore;
import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.wire.DhcpMessage;
import io.jvde.dhcp.wire.DhcpMessageType;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DhcpOptionCursor;
import io.jvde.dhcp.wire.DhcpOptionWriter;
import io.jvde.dhcp.wire.EthernetHeader;
import io.jvde.dhcp.wire.Ipv4Header;
import io.jvde.dhcp.wire.MacAddress;
import io.jvde.dhcp.wire.UdpHeader;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 2131 server: one handler per client message type, {@link #onRequest} split by {@link ClientState}, reply
 * fields set in the order of Table 3, and every reply addressed by {@link ReplyAddressing}. It runs on the
 * event-loop thread and allocates nothing per request once warm (reservation lookups by client-id or large port
 * numbers box a key; everything else is primitive).
 */
public final class DhcpServer {
    static final int FRAME_HEADERS = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH;
    /** IPv4 (20) and UDP (8) headers: what separates a datagram size from a DHCP message size. */
    private static final int IP_UDP = Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH;
    private static final int ETHERNET_MTU = 1500;
    private static final String[] SOURCE_WHY = {null, "current lease", "previous lease", "requested address",
        "hash of client", "reclaimed oldest dormant lease", "reservation"};

    private DhcpSettings settings;
    private final ScopeRuntime[] byVid = new ScopeRuntime[4096];
    private final List<ScopeRuntime> scopes = new ArrayList<>();
    private final LeaseStore store;
    private final Outbound out;
    private final DhcpEventListener listener;
    private final DhcpCounters counters;
    private long offerHoldMillis;
    private long probationMillis;

    private final DhcpMessage request = new DhcpMessage();
    private final DhcpMessage reply = new DhcpMessage();
    private final DhcpRequest options = new DhcpRequest();
    private final DhcpOptionWriter writer = new DhcpOptionWriter();
    private final DhcpOptionCursor echo = new DhcpOptionCursor();
    private final ReplyAddressing addressing = new ReplyAddressing();
    private final ScopeRuntime.Match match = new ScopeRuntime.Match();
    private final DhcpEvent event = new DhcpEvent();
    private final long[] written = new long[4];
    private int ipIdentification;

    // the request being handled (event-loop thread only)
    private int port;
    private int vid;
    private ByteBuf in;
    private long ethSrc;
    private int ipSrc;
    private boolean unicast;
    private ScopeRuntime ingress;
    private ScopeRuntime scope;
    private long chaddr;
    private long clientKey;
    private boolean relayed;
    private long now;
    private String bootFile;
    private BootPlan bootPlan;
    private boolean bootClient;
    private boolean httpBoot;

    DhcpServer(final DhcpSettings settings, final LeaseStore store, final Outbound out,
               final DhcpEventListener listener, final DhcpCounters counters) {
        this.settings = settings;
        this.store = store;
        this.out = out;
        this.listener = listener;
        this.counters = counters;
        this.offerHoldMillis = settings.offerHoldSeconds() * 1000;
        this.probationMillis = settings.declineProbationSeconds() * 1000;
        for (final Scope s : settings.scopes()) {
            final ScopeRuntime runtime = new ScopeRuntime(s, store, null);
            byVid[s.vlan()] = runtime;
            scopes.add(runtime);
        }
    }

    /**
     * Applies new settings without a restart: options, reservations, boot rules, lease times and the global knobs
     * change at once; leases are kept. Scopes must keep their VLAN, subnet, ranges, exclusions, server address,
     * routers and keying (the inputs of the lease table); otherwise nothing is applied and the exception names the
     * first scope that would need a restart.
     */
    void reconfigure(final DhcpSettings next) {
        final List<Scope> wanted = next.scopes();
        if (wanted.size() != scopes.size()) {
            throw new io.jvde.dhcp.config.DhcpConfigException("scopes", wanted.size() + " scopes (expected: "
                + scopes.size() + "; adding or removing a scope needs a restart)");
        }
        for (int i = 0; i < wanted.size(); i++) {
            final ScopeRuntime current = scope(wanted.get(i).vlan());
            if (current == null || !current.samePool(wanted.get(i))) {
                throw new io.jvde.dhcp.config.DhcpConfigException("scopes[" + i + "]", "vlan " + wanted.get(i).vlan()
                    + " (expected: same vlan, cidr, ranges, exclude, serverIp, router and keying as running;"
                    + " changing them needs a restart)");
            }
        }
        scopes.clear();
        for (final Scope s : wanted) {
            final ScopeRuntime runtime = new ScopeRuntime(s, store, byVid[s.vlan()].leases);
            byVid[s.vlan()] = runtime;
            scopes.add(runtime);
        }
        settings = next;
        offerHoldMillis = next.offerHoldSeconds() * 1000;
        probationMillis = next.declineProbationSeconds() * 1000;
    }

    DhcpSettings settings() {
        return settings;
    }

    ScopeRuntime scope(final int vlan) {
        return vlan >= 0 && vlan < byVid.length ? byVid[vlan] : null;
    }

    List<ScopeRuntime> scopes() {
        return scopes;
    }

    /**
     * Handles the DHCP message of {@code dhcpLength} bytes at {@code dhcp} in {@code buf}, which arrived on
     * {@code ingressPort}/{@code ingressVid} from Ethernet source {@code src} and IP source {@code sourceIp};
     * {@code unicastToServer} is true when the frame was addressed to the server's MAC and IP. Returns a
     * {@link DhcpDropReason} id or OK.
     */
    int onMessage(final int ingressPort, final int ingressVid, final ByteBuf buf, final int dhcp, final int dhcpLength,
                  final long src, final int sourceIp, final boolean unicastToServer, final long nowMillis) {
        request.wrap(buf, dhcp, dhcpLength);
        int reason = request.validate();
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        if (request.op() != DhcpMessage.OP_BOOTREQUEST) {
            return DhcpDropReason.NOT_BOOTREQUEST.id();
        }
        chaddr = request.chaddr();
        if (chaddr == 0 || MacAddress.isGroup(chaddr)) {
            return DhcpDropReason.BAD_CHADDR.id();
        }
        if (request.hops() > DhcpMessage.MAX_HOPS) {
            return DhcpDropReason.HOPS_EXCEEDED.id();
        }
        reason = options.parse(request);
        if (reason != DhcpDropReason.OK) {
            return reason;
        }
        if (options.messageType == DhcpRequest.ABSENT) {
            return DhcpDropReason.NO_MESSAGE_TYPE.id();
        }
        counters.received[options.messageType]++;
        port = ingressPort;
        vid = ingressVid;
        in = buf;
        ethSrc = src;
        ipSrc = sourceIp;
        unicast = unicastToServer;
        now = nowMillis;
        ingress = byVid[ingressVid];
        if (ingress == null) {
            return DhcpDropReason.NO_SCOPE.id();
        }
        final int giaddr = request.giaddr();
        relayed = ReplyAddressing.relayed(giaddr);
        // RFC 3046 §2.1 / docs/dhcp.md §2.6: option 82 straight from an access port is a spoofing signal.
        if (options.relayInfoInstances > 0 && !relayed && !settings.trusted(port)) {
            return DhcpDropReason.UNTRUSTED_OPTION_82.id();
        }
        scope = relayed ? scopeFor(options.linkSelection != 0 ? options.linkSelection : giaddr) : ingress;
        if (scope == null) {
            return DhcpDropReason.NO_SCOPE.id();
        }
        final ScopeLeases leases = scope.leases;
        clientKey = leases.keyOf(chaddr, buf, options.clientIdOffset, options.clientIdLength);
        if (ClientKeys.isClientId(clientKey)) {
            final int slot = leases.lookup(clientKey);
            if (slot >= 0 && !leases.clientIdEquals(slot, buf, options.clientIdOffset, options.clientIdLength)) {
                return DhcpDropReason.CLIENT_KEY_COLLISION.id();
            }
        }
        event.reset(options.messageType, port, vid, chaddr, request.xid());
        event.scope = scope.scope.name();
        event.giaddr = relayed ? giaddr : 0;
        scope.match(options, chaddr, port, relayed, match);
        // the host name the events carry: the reservation's, else option 12 as sent, else the lease's record
        // (references only: the text is built if a listener asks)
        final byte[] reserved = match.overlay != null ? match.overlay[DhcpOptionCode.HOST_NAME] : null;
        final int slot = leases.lookup(clientKey);
        event.hostname(reserved, in, options.hostnameOffset, options.hostnameLength,
            slot >= 0 ? leases.hostnameBytes(slot) : null);
        chooseBoot();
        switch (options.messageType) {
            case DhcpMessageType.DISCOVER:
                return onDiscover();
            case DhcpMessageType.REQUEST:
                return onRequest();
            case DhcpMessageType.DECLINE:
                return onDecline();
            case DhcpMessageType.RELEASE:
                return onRelease();
            case DhcpMessageType.INFORM:
                return onInform();
            default:
                return DhcpDropReason.UNEXPECTED_MESSAGE_TYPE.id();
        }
    }

    /** The scope whose subnet holds a relay's giaddr (or RFC 3527 link-selection address). */
    private ScopeRuntime scopeFor(final int address) {
        for (int i = 0; i < scopes.size(); i++) {
            if (scopes.get(i).scope.cidr().contains(address)) {
                return scopes.get(i);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ handlers

    /** RFC 2131 §4.3.1: choose an address (§4.3.1 order, in {@link ScopeLeases#offer}) and OFFER it. */
    private int onDiscover() {
        final ScopeLeases leases = scope.leases;
        if (store.journal().full() && !holdsBoundLease(leases)) {
            return ignored(DhcpDropReason.JOURNAL_FULL, "lease journal full: no new leases, renewals only");
        }
        final long hold = now + offerHoldMillis;
        final int yiaddr;
        if (match.address != 0) {
            if (!leases.offerFixed(clientKey, chaddr, match.address, now, hold)) {
                return ignored(DhcpDropReason.ADDRESS_UNAVAILABLE, match.why + ": address held or quarantined");
            }
            yiaddr = match.address;
            event.why = match.why;
        } else {
            if (atLeaseCap(leases)) {
                return ignored(DhcpDropReason.LEASE_CAP, "lease cap reached, no offer to a new client");
            }
            final int requested = options.hasRequestedIp && scope.scope.cidr().contains(options.requestedIp)
                ? options.requestedIp : 0;
            yiaddr = leases.offer(clientKey, chaddr, requested, now, hold);
            if (yiaddr == 0) {
                return ignored(DhcpDropReason.POOL_EXHAUSTED, "pool exhausted");
            }
            event.why = match.why != null ? match.why : SOURCE_WHY[leases.lastSource()];
        }
        return reply(DhcpMessageType.OFFER, yiaddr, match.leaseTime, 0);
    }

    /**
     * Per-scope lease cap (docs/dhcp.md §1, Kea's limits hook, dnsmasq {@code --dhcp-lease-max}): true when the scope
     * already holds {@code maxLeases} active leases, bound or offered (an offer sets an address aside, so a DISCOVER
     * flood must not get past the cap through offers), and this client holds none of them. A client with an active
     * lease or offer keeps being answered; reserved clients never reach this check.
     */
    private boolean atLeaseCap(final ScopeLeases leases) {
        final int max = scope.scope.policy().maxLeases();
        if (max == 0) {
            return false;
        }
        leases.expire(now); // offers and leases that ran out no longer count
        final int slot = leases.lookup(clientKey);
        if (slot >= 0 && (leases.state(slot) == ScopeLeases.BOUND || leases.state(slot) == ScopeLeases.OFFERED)) {
            return false;
        }
        return leases.count(ScopeLeases.BOUND) + leases.count(ScopeLeases.OFFERED) >= max;
    }

    /**
     * Whether the client holds a bound lease: the one thing served while the lease journal is full (its renewal is
     * persisted into the journal's set-aside space). New leases get silence, not a NAK: the client keeps its
     * configuration and retries, and is served once space returns.
     */
    private boolean holdsBoundLease(final ScopeLeases leases) {
        final int slot = leases.lookup(clientKey);
        return slot >= 0 && leases.state(slot) == ScopeLeases.BOUND;
    }

    /** RFC 2131 §4.3.2, split by the client state the request's fields reveal. */
    private int onRequest() {
        final ClientState state = ClientState.of(options.hasServerId, options.hasRequestedIp, request.ciaddr(),
            unicast);
        event.clientState = state;
        switch (state) {
            case SELECTING:
                return onSelecting();
            case INIT_REBOOT:
                return onInitReboot();
            case RENEWING:
            case REBINDING:
                return onRenewingOrRebinding();
            default:
                return ignored(DhcpDropReason.REQUEST_WITHOUT_ADDRESS, "request names no address");
        }
    }

    /** SELECTING: server-id says whether the client chose us; requested-IP must be what we offered. */
    private int onSelecting() {
        if (!ours(options.serverId)) {
            scope.leases.cancelOffer(clientKey, now); // the client picked another server: free our offer
            return ignored(DhcpDropReason.SERVER_ID_MISMATCH, "client selected another server");
        }
        final int address = options.hasRequestedIp ? options.requestedIp : request.ciaddr();
        if (address == 0) {
            return ignored(DhcpDropReason.REQUEST_WITHOUT_ADDRESS, "no requested address");
        }
        if (!acceptable(address)) {
            return nak(address, "offered address no longer available");
        }
        return ack(address, match.why != null ? match.why : "selected our offer");
    }

    /**
     * INIT-REBOOT: NAK when the address is wrong for the client or on the wrong network; with no record of the
     * client, stay silent unless authoritative (RFC 2131 §4.3.2). Authoritative mode adopts a free, valid address
     * the client is already using (the journal may have lost it) and NAKs otherwise.
     */
    private int onInitReboot() {
        return confirm(options.requestedIp, "init-reboot");
    }

    /** RENEWING / REBINDING: ciaddr is the client's address; extend it if it is the client's. */
    private int onRenewingOrRebinding() {
        return confirm(request.ciaddr(), unicast ? "renewal" : "rebinding");
    }

    private int confirm(final int address, final String why) {
        final boolean authoritative = scope.scope.policy().authoritative();
        if (!scope.scope.cidr().contains(address)) {
            return authoritative ? nak(address, "wrong network")
                : ignored(DhcpDropReason.UNKNOWN_CLIENT, "address on another network, not authoritative");
        }
        final ScopeLeases leases = scope.leases;
        final int slot = leases.lookup(clientKey);
        final boolean known = match.address != 0 || slot >= 0;
        if (!known && !authoritative) {
            return ignored(DhcpDropReason.UNKNOWN_CLIENT, "no record of client, not authoritative");
        }
        if (match.address != 0 && address != match.address) {
            return nak(address, "client is reserved another address");
        }
        if (slot >= 0 && leases.address(slot) != address && match.address == 0) {
            return nak(address, "client's lease is another address");
        }
        if (!acceptable(address)) {
            return nak(address, "address not available");
        }
        return ack(address, match.why != null ? match.why : known ? why : why + ", adopted (no record)");
    }

    /** True when the address may be bound to this client now. */
    private boolean acceptable(final int address) {
        final ScopeLeases leases = scope.leases;
        final boolean fixed = match.address != 0;
        if (fixed && address != match.address) {
            return false;
        }
        if (!scope.scope.cidr().containsHost(address)) {
            return false;
        }
        if (!fixed && !leases.dynamic(address)) {
            return false;
        }
        return leases.availableFor(clientKey, address, fixed);
    }

    /** RFC 2131 §4.3.3: the address is in use elsewhere; quarantine it and alert the admin (the event). */
    private int onDecline() {
        if (options.hasServerId && !ours(options.serverId)) {
            return ignored(DhcpDropReason.SERVER_ID_MISMATCH, "decline for another server");
        }
        if (!options.hasRequestedIp) {
            return ignored(DhcpDropReason.REQUEST_WITHOUT_ADDRESS, "decline without requested address");
        }
        final int address = options.requestedIp;
        event.address = address;
        if (scope.leases.decline(clientKey, address, now, now + probationMillis) < 0) {
            event.why = "address is not the client's";
            return exchange(DhcpEvent.Kind.IGNORED);
        }
        event.why = "address in use by another host, quarantined for " + settings.declineProbationSeconds() + "s";
        return exchange(DhcpEvent.Kind.DECLINE);
    }

    /** RFC 2131 §4.3.4: free the address, keep the client's affinity to it. No reply. */
    private int onRelease() {
        if (options.hasServerId && !ours(options.serverId)) {
            return ignored(DhcpDropReason.SERVER_ID_MISMATCH, "release for another server");
        }
        final int address = request.ciaddr();
        event.address = address;
        if (address == 0 || scope.leases.release(clientKey, address, now) < 0) {
            event.why = "client holds no such lease";
            return exchange(DhcpEvent.Kind.IGNORED);
        }
        event.why = "address freed, affinity kept";
        return exchange(DhcpEvent.Kind.RELEASE);
    }

    /** RFC 2131 §4.3.5: configuration only; no lease time, yiaddr 0, sent to ciaddr. */
    private int onInform() {
        event.address = request.ciaddr();
        event.why = match.why != null ? match.why : "configuration only";
        return reply(DhcpMessageType.ACK, 0, 0, 0);
    }

    private boolean ours(final int serverId) {
        // RFC 5107 §4: a relay's server-id-override is what the client saw as our identifier.
        return serverId == ingress.serverIp || (options.serverIdOverride != 0 && serverId == options.serverIdOverride);
    }

    private int ignored(final DhcpDropReason reason, final String why) {
        event.why = why;
        event.kind = DhcpEvent.Kind.IGNORED;
        counters.replies[DhcpEvent.Kind.IGNORED.ordinal()]++;
        listener.onExchange(event);
        return reason.id();
    }

    private int exchange(final DhcpEvent.Kind kind) {
        event.kind = kind;
        counters.replies[kind.ordinal()]++;
        listener.onExchange(event);
        return DhcpDropReason.OK;
    }

    private int ack(final int address, final String why) {
        if (store.journal().full() && !(holdsBoundLease(scope.leases)
            && scope.leases.address(scope.leases.lookup(clientKey)) == address)) {
            return ignored(DhcpDropReason.JOURNAL_FULL, "lease journal full: no new leases, renewals only");
        }
        final long leaseSeconds = match.leaseTime;
        final long until = leaseSeconds == Scope.INFINITE ? Long.MAX_VALUE : now + leaseSeconds * 1000;
        final long seq = scope.leases.bind(clientKey, chaddr, address, now, until, in, options.clientIdOffset,
            options.clientIdLength, options.nameBuffer(), options.nameOffset(), options.nameLength());
        event.why = why;
        return reply(DhcpMessageType.ACK, address, leaseSeconds, seq);
    }

    private int nak(final int address, final String why) {
        event.address = address;
        event.why = why;
        return reply(DhcpMessageType.NAK, 0, 0, 0);
    }

    // ------------------------------------------------------------------ boot

    private void chooseBoot() {
        bootPlan = match.boot;
        bootFile = null;
        final ClientArch arch = ClientArch.ofCode(options.archCode);
        final boolean ipxe = options.isIpxe(BootPlan.IPXE);
        httpBoot = arch.httpBoot() || options.vendorClassStartsWith(BootPlan.HTTP_CLIENT);
        bootClient = ipxe || options.archCode != DhcpRequest.ABSENT || httpBoot
            || options.vendorClassStartsWith(BootPlan.PXE_CLIENT);
        if (bootPlan != null) {
            bootFile = bootPlan.choose(options.archCode, arch, ipxe);
        }
        if (bootFile != null) {
            event.bootFile = bootFile;
            event.arch = arch;
            event.archCode = options.archCode;
            event.ipxe = ipxe;
        }
    }

    // ------------------------------------------------------------------ reply construction

    /**
     * Builds the reply of {@code type} (OFFER, ACK or NAK; an ACK with yiaddr 0 answers an INFORM) and sends it,
     * or stages it until journal sequence {@code seq} is durable.
     */
    private int reply(final int type, final int yiaddr, final long leaseSeconds, final long seq) {
        final boolean nak = type == DhcpMessageType.NAK;
        final boolean inform = options.messageType == DhcpMessageType.INFORM;
        final ByteBuf o = out.buffer();
        final int frame = out.nextOffset();
        final int dhcp = frame + FRAME_HEADERS;
        final int maxLength = maxReplyLength();
        reply.wrap(o, dhcp, maxLength);
        o.setZero(dhcp, DhcpMessage.OPTIONS_OFFSET);
        // RFC 2131 §4.3.1 Table 3, in field order
        reply.op(DhcpMessage.OP_BOOTREPLY).htype(DhcpMessage.HTYPE_ETHERNET).hlen(MacAddress.LENGTH);
        // hops: 0
        reply.xid(request.xid());
        // secs: 0
        addressing.decide(nak, inform, request.giaddr(), request.ciaddr(), request.broadcast(), yiaddr, chaddr,
            ethSrc, ipSrc);
        reply.flags(request.flags() | (addressing.setBroadcastFlag ? DhcpMessage.FLAG_BROADCAST : 0));
        if (type == DhcpMessageType.ACK) {
            reply.ciaddr(request.ciaddr()); // ACK: ciaddr from the request; OFFER and NAK: 0
        }
        reply.yiaddr(yiaddr); // NAK: 0
        final boolean boot = !nak && bootFile != null;
        if (boot) {
            reply.siaddr(bootPlan.nextServer); // NAK: 0
            if (bootPlan.serverName != null) {
                reply.string(DhcpMessage.SNAME_OFFSET, DhcpMessage.SNAME_LENGTH, bootPlan.serverName);
            }
            reply.string(DhcpMessage.FILE_OFFSET, DhcpMessage.FILE_LENGTH, bootPlan.bytes(bootFile));
        }
        reply.giaddr(request.giaddr());
        o.setBytes(dhcp + DhcpMessage.CHADDR_OFFSET, in, request.offset() + DhcpMessage.CHADDR_OFFSET,
            DhcpMessage.CHADDR_LENGTH);
        reply.cookie();

        writer.wrap(o, dhcp + DhcpMessage.OPTIONS_OFFSET, dhcp + maxLength);
        if (!writeOptions(type, nak, leaseSeconds, boot)) {
            return ignored(DhcpDropReason.REPLY_TOO_LARGE, "mandatory options exceed the client's size limit");
        }
        final int dhcpLength = writer.finish(dhcp + DhcpMessage.MIN_REPLY_LENGTH) - dhcp;
        final int frameLength = writeHeaders(o, frame, dhcpLength);

        event.address = nak ? event.address : yiaddr != 0 ? yiaddr : event.address;
        event.leaseSeconds = leaseSeconds;
        event.replyRow = addressing.row;
        if (seq > 0) {
            out.stage(frame, port, vid, frameLength, seq);
        } else {
            out.sendNow(frame, port, vid, frameLength);
        }
        return exchange(nak ? DhcpEvent.Kind.NAK : type == DhcpMessageType.OFFER ? DhcpEvent.Kind.OFFER
            : inform ? DhcpEvent.Kind.INFORM_ACK : DhcpEvent.Kind.ACK);
    }

    /**
     * RFC 2131 §2 and RFC 2132 §9.10: without option 57 the reply stays within a 576-byte datagram; with it,
     * within the client's maximum, capped by the scope's MTU and Ethernet's 1500.
     */
    private int maxReplyLength() {
        int datagram = options.maxMessageSize != 0 ? options.maxMessageSize : DhcpMessage.MIN_MAX_DATAGRAM;
        final int mtu = ingress.scope.options().mtu() != 0 ? ingress.scope.options().mtu() : ETHERNET_MTU;
        datagram = Math.min(datagram, Math.min(mtu, ETHERNET_MTU));
        return Math.max(DhcpMessage.MIN_MAX_DATAGRAM, datagram) - IP_UDP;
    }

    private boolean writeOptions(final int type, final boolean nak, final long leaseSeconds, final boolean boot) {
        written[0] = 0;
        written[1] = 0;
        written[2] = 0;
        written[3] = 0;
        final int serverId = options.serverIdOverride != 0 ? options.serverIdOverride : ingress.serverIp;
        if (!writer.putByte(DhcpOptionCode.DHCP_MESSAGE_TYPE, type)
            || !writer.putInt(DhcpOptionCode.SERVER_IDENTIFIER, serverId)) {
            return false;
        }
        if (type == DhcpMessageType.OFFER || type == DhcpMessageType.ACK && leaseSeconds != 0) {
            // RFC 2131 Table 3: lease time MUST be in OFFER and ACK-to-REQUEST, MUST NOT in ACK-to-INFORM or NAK
            if (!writer.putInt(DhcpOptionCode.IP_ADDRESS_LEASE_TIME, (int) leaseSeconds)) {
                return false;
            }
            final long t1 = scope.scope.effectiveRenewalTime(leaseSeconds);
            final long t2 = scope.scope.effectiveRebindingTime(leaseSeconds);
            if (t1 != 0 && !writer.putInt(DhcpOptionCode.RENEWAL_TIME, (int) t1)) {
                return false;
            }
            if (t2 != 0 && !writer.putInt(DhcpOptionCode.REBINDING_TIME, (int) t2)) {
                return false;
            }
        }
        if (settings.echoClientId() && options.hasClientId()) {
            // RFC 6842 §3: a server MUST return the client identifier the client sent
            writer.put(DhcpOptionCode.CLIENT_IDENTIFIER, in, options.clientIdOffset, options.clientIdLength);
        }
        final int echoLength = options.relayInfoEncodedLength;
        final boolean echo82 = echoLength > 0 && writer.reserve(echoLength);
        event.option82Omitted = echoLength > 0 && !echo82;
        if (!nak) {
            writeConfiguration(boot);
        }
        if (echo82) {
            writer.release(echoLength);
            echoRelayAgentInformation();
        }
        return true;
    }

    private void writeConfiguration(final boolean boot) {
        final byte[][] overlay = match.overlay;
        mark(DhcpOptionCode.SUBNET_MASK);
        put(DhcpOptionCode.SUBNET_MASK, scope.option(overlay, DhcpOptionCode.SUBNET_MASK));
        if (boot && (bootClient || options.requested(DhcpOptionCode.TFTP_SERVER_NAME)
            || options.requested(DhcpOptionCode.BOOTFILE_NAME))) {
            // docs/dhcp.md §5: fill 66/67 as well as sname/file, because ROMs differ in which they read
            final byte[] server66 = scope.option(overlay, DhcpOptionCode.TFTP_SERVER_NAME);
            final byte[] file67 = scope.option(overlay, DhcpOptionCode.BOOTFILE_NAME);
            mark(DhcpOptionCode.TFTP_SERVER_NAME);
            put(DhcpOptionCode.TFTP_SERVER_NAME, server66 != null ? server66 : bootPlan.tftpServerOption);
            mark(DhcpOptionCode.BOOTFILE_NAME);
            put(DhcpOptionCode.BOOTFILE_NAME, file67 != null ? file67 : bootPlan.bytes(bootFile));
            if (httpBoot) {
                // UEFI HTTP boot ignores offers without vendor class "HTTPClient"
                mark(DhcpOptionCode.VENDOR_CLASS_IDENTIFIER);
                put(DhcpOptionCode.VENDOR_CLASS_IDENTIFIER, BootPlan.HTTP_CLIENT);
            }
        }
        if (options.prlLength != DhcpRequest.ABSENT) {
            for (int i = 0; i < options.prlLength; i++) {
                final int code = in.getUnsignedByte(options.prlOffset + i);
                if (!marked(code)) {
                    mark(code);
                    put(code, scope.option(overlay, code));
                }
            }
        } else {
            // no parameter request list (BOOTP-style clients): everything configured
            for (int code = 1; code < DhcpOptionCode.END; code++) {
                if (!marked(code)) {
                    put(code, scope.option(overlay, code));
                }
            }
        }
    }

    private void put(final int code, final byte[] value) {
        if (value == null || managed(code)) {
            return;
        }
        if (!writer.put(code, value)) {
            event.omittedOptions++;
        }
    }

    /** Options the server writes itself and never copies from configuration. */
    private static boolean managed(final int code) {
        return code == DhcpOptionCode.PAD || code == DhcpOptionCode.END
            || code >= DhcpOptionCode.REQUESTED_IP_ADDRESS && code <= DhcpOptionCode.REBINDING_TIME
            || code == DhcpOptionCode.CLIENT_IDENTIFIER || code == DhcpOptionCode.RELAY_AGENT_INFORMATION;
    }

    private void mark(final int code) {
        written[code >>> 6] |= 1L << (code & 63);
    }

    private boolean marked(final int code) {
        return (written[code >>> 6] & (1L << (code & 63))) != 0;
    }

    /** RFC 3046 §2.2: every option 82 instance, verbatim and in order, as the last options before END. */
    private void echoRelayAgentInformation() {
        echo.wrap(request);
        while (echo.next()) {
            if (echo.code() == DhcpOptionCode.RELAY_AGENT_INFORMATION) {
                writer.putEncoded(in, echo.tlvOffset(), 2 + echo.valueLength());
            }
        }
    }

    /** Ethernet, IPv4 and UDP headers around the DHCP message, checksums computed in software. */
    private int writeHeaders(final ByteBuf o, final int frame, final int dhcpLength) {
        final int ip = frame + EthernetHeader.LENGTH;
        final int udp = ip + Ipv4Header.MIN_LENGTH;
        final int udpLength = UdpHeader.LENGTH + dhcpLength;
        final int serverIp = ingress.serverIp;
        EthernetHeader.write(o, frame, addressing.ethDst, settings.serverMac(), EthernetHeader.TYPE_IPV4);
        Ipv4Header.write(o, ip, Ipv4Header.MIN_LENGTH + udpLength, ipIdentification++ & 0xFFFF,
            Ipv4Header.PROTOCOL_UDP, serverIp, addressing.ipDst);
        UdpHeader.write(o, udp, UdpHeader.PORT_SERVER, addressing.udpDstPort, udpLength);
        UdpHeader.checksum(o, udp, udpLength, serverIp, addressing.ipDst);
        return EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + udpLength;
    }
}

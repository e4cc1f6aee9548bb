package io.jvde.dhcp.server;

import io.jvde.dhcp.config.AddressRange;
import io.jvde.dhcp.config.FormulaReservation;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.ClientOptions;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.lease.AddressPool;
import io.jvde.dhcp.lease.ClientKeys;
import io.jvde.dhcp.lease.LeaseStore;
import io.jvde.dhcp.lease.ScopeLeases;
import io.jvde.dhcp.wire.DhcpOptionCode;
import io.jvde.dhcp.wire.DomainSearchOption;
import io.jvde.primitives.ByFirstLong;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Scope} prepared for the data path: option values encoded once, reservations indexed by primitive keys,
 * boot plans built, and the scope's lease table.
 */
final class ScopeRuntime {
    final Scope scope;
    final ScopeLeases leases;
    final int serverIp;
    /** Encoded option values by code (null = not configured). */
    final byte[][] options = new byte[256][];
    final BootPlan boot;
    private final Reservation[] reservations;
    private final byte[][][] overlays;
    private final BootPlan[] reservationBoot;
    private final String[] reservationWhy;
    private final byte[][] reservationIds;
    private final Map<Long, Integer> byMac = new HashMap<>();
    private final Map<Long, Integer> byClientId = new HashMap<>();
    private final Map<Long, Integer> byCircuitId = new HashMap<>();
    private final Map<Integer, Integer> byPort = new HashMap<>();
    private final long[] macKeys;
    private final int[] macIndex;
    private final FormulaReservation[] formulas;
    private final String[] formulaWhy;

    /** Prepares {@code scope}; registers a new lease table, or reuses {@code existing} on live reconfiguration. */
    ScopeRuntime(final Scope scope, final LeaseStore store, final ScopeLeases existing) {
        this.scope = scope;
        this.serverIp = scope.serverIp();
        encodeOptions();
        this.boot = scope.boot() == null ? null : new BootPlan(scope.boot());
        final List<Reservation> list = scope.reservations();
        reservations = list.toArray(new Reservation[0]);
        overlays = new byte[reservations.length][][];
        reservationBoot = new BootPlan[reservations.length];
        reservationWhy = new String[reservations.length];
        reservationIds = new byte[reservations.length][];
        final List<Integer> fixed = new ArrayList<>();
        final List<long[]> macs = new ArrayList<>();
        for (int i = 0; i < reservations.length; i++) {
            final Reservation r = reservations[i];
            reservationWhy[i] = r.describe();
            reservationBoot[i] = r.boot() == null ? null : new BootPlan(r.boot());
            overlays[i] = overlay(r);
            if (r.address() != 0) {
                fixed.add(r.address());
            }
            final ReservationKey k = r.key();
            if (k instanceof ReservationKey.Mac m) {
                macs.add(new long[] {m.mac(), i});
            } else if (k instanceof ReservationKey.ClientId c) {
                reservationIds[i] = c.id();
                byClientId.put(ClientKeys.ofClientId(reservationIds[i]), i);
            } else if (k instanceof ReservationKey.CircuitId c) {
                reservationIds[i] = c.id();
                byCircuitId.put(ClientKeys.ofClientId(reservationIds[i]), i);
            } else if (k instanceof ReservationKey.Port p) {
                byPort.put(p.port(), i);
            }
        }
        // MAC reservations are the common case: a sorted primitive array, so a lookup neither boxes nor allocates.
        macs.sort(ByFirstLong.ORDER);
        macKeys = new long[macs.size()];
        macIndex = new int[macs.size()];
        for (int i = 0; i < macs.size(); i++) {
            macKeys[i] = macs.get(i)[0];
            macIndex[i] = (int) macs.get(i)[1];
        }
        formulas = scope.formulas().toArray(new FormulaReservation[0]);
        formulaWhy = new String[formulas.length];
        for (int i = 0; i < formulas.length; i++) {
            formulaWhy[i] = formulas[i].describe();
        }
        final List<int[]> ranges = new ArrayList<>();
        // Loops, not forEach lambdas: this runs on a switch's start-up path (BENCHMARKS.md, start-up).
        for (final AddressRange r : scope.addresses().ranges()) {
            ranges.add(new int[] {r.start(), r.end()});
        }
        final List<int[]> excluded = new ArrayList<>();
        for (final AddressRange r : scope.addresses().exclude()) {
            excluded.add(new int[] {r.start(), r.end()});
        }
        excluded.add(new int[] {scope.serverIp(), scope.serverIp()});
        for (final int r : scope.options().routers()) {
            excluded.add(new int[] {r, r});
        }
        excluded.add(new int[] {scope.cidr().network(), scope.cidr().network()});
        excluded.add(new int[] {scope.cidr().broadcast(), scope.cidr().broadcast()});
        final int[] reservedAddresses = new int[fixed.size()];
        for (int i = 0; i < reservedAddresses.length; i++) {
            reservedAddresses[i] = fixed.get(i);
        }
        if (existing != null) {
            existing.reserve(reservedAddresses);
            this.leases = existing;
        } else {
            this.leases = store.register(scope.vlan(), AddressPool.of(ranges, excluded), reservedAddresses,
                scope.policy().keying() == io.jvde.dhcp.config.ClientKeying.CLIENT_ID);
        }
    }

    /** True when {@code other} keeps the lease table valid: same VLAN, subnet, pool inputs and client keying. */
    boolean samePool(final Scope other) {
        return scope.vlan() == other.vlan() && scope.addresses().equals(other.addresses())
            && scope.options().routers().equals(other.options().routers())
            && scope.policy().keying() == other.policy().keying();
    }

    private void encodeOptions() {
        final ClientOptions client = scope.options();
        options[DhcpOptionCode.SUBNET_MASK] = int32(scope.cidr().mask());
        options[DhcpOptionCode.ROUTER] = addresses(client.routers());
        options[DhcpOptionCode.DOMAIN_NAME_SERVER] = addresses(client.dns());
        if (client.domainName() != null) {
            options[DhcpOptionCode.DOMAIN_NAME] = client.domainName().getBytes(StandardCharsets.US_ASCII);
        }
        if (!client.domainSearch().isEmpty()) {
            options[DhcpOptionCode.DOMAIN_SEARCH] = DomainSearchOption.encode(client.domainSearch());
        }
        options[DhcpOptionCode.NTP_SERVERS] = addresses(client.ntp());
        if (client.mtu() != 0) {
            options[DhcpOptionCode.INTERFACE_MTU] = new byte[] {(byte) (client.mtu() >>> 8), (byte) client.mtu()};
        }
        options[DhcpOptionCode.BROADCAST_ADDRESS] = int32(scope.broadcast());
        options[DhcpOptionCode.CLASSLESS_STATIC_ROUTE] = scope.encodedRoutes();
        for (final Map.Entry<Integer, byte[]> e : client.raw().entrySet()) {
            options[e.getKey()] = e.getValue().clone(); // raw options win over typed fields, as in dnsmasq
        }
    }

    private static byte[][] overlay(final Reservation r) {
        if (r.hostname() == null && r.options().isEmpty()) {
            return null;
        }
        final byte[][] o = new byte[256][];
        if (r.hostname() != null) {
            o[DhcpOptionCode.HOST_NAME] = r.hostname().getBytes(StandardCharsets.US_ASCII);
        }
        for (final Map.Entry<Integer, byte[]> e : r.options().entrySet()) {
            o[e.getKey()] = e.getValue().clone();
        }
        return o;
    }

    static byte[] int32(final int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] addresses(final List<Integer> list) {
        if (list.isEmpty()) {
            return null;
        }
        final byte[] out = new byte[4 * list.size()];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(int32(list.get(i)), 0, out, 4 * i, 4);
        }
        return out;
    }

    /** Per-request result of {@link #match}; reused. */
    static final class Match {
        /** Fixed address (0 = dynamic). */
        int address;
        /** Reservation options overriding the scope's, or null. */
        byte[][] overlay;
        BootPlan boot;
        long leaseTime;
        /** "reservation mac ...", "formula nixos", or null for plain dynamic clients. */
        String why;

        void reset(final ScopeRuntime s) {
            address = 0;
            overlay = null;
            boot = s.boot;
            leaseTime = s.scope.leaseTime();
            why = null;
        }
    }

    /**
     * Finds the client's reservation: client-id, MAC, circuit-id, ingress port (direct requests only), then the
     * formulas. A reservation without a fixed address still brings its overrides.
     */
    void match(final DhcpRequest r, final long mac, final int port, final boolean relayed, final Match out) {
        out.reset(this);
        int index = -1;
        if (r.hasClientId() && !byClientId.isEmpty()) {
            index = verified(byClientId, r.buf, r.clientIdOffset, r.clientIdLength);
        }
        if (index < 0 && macKeys.length > 0) {
            final int at = Arrays.binarySearch(macKeys, mac);
            index = at >= 0 ? macIndex[at] : -1;
        }
        if (index < 0 && r.circuitIdLength > 0 && !byCircuitId.isEmpty()) {
            index = verified(byCircuitId, r.buf, r.circuitIdOffset, r.circuitIdLength);
        }
        if (index < 0 && !relayed && !byPort.isEmpty()) {
            final Integer i = byPort.get(port); // small-integer Integer values are cached: no allocation
            index = i == null ? -1 : i;
        }
        if (index >= 0) {
            final Reservation res = reservations[index];
            out.address = res.address();
            out.overlay = overlays[index];
            if (reservationBoot[index] != null) {
                out.boot = reservationBoot[index];
            }
            if (res.leaseTime() != 0) {
                out.leaseTime = res.leaseTime();
            }
            out.why = reservationWhy[index];
            return;
        }
        for (int i = 0; i < formulas.length; i++) {
            final int a = formulas[i].addressFor(mac);
            if (a != 0 && scope.cidr().containsHost(a) && a != serverIp && !scope.options().routers().contains(a)) {
                out.address = a;
                out.why = formulaWhy[i];
                return;
            }
        }
    }

    private int verified(final Map<Long, Integer> map, final ByteBuf buf, final int offset, final int length) {
        final Integer i = map.get(ClientKeys.ofClientId(buf, offset, length));
        if (i == null) {
            return -1;
        }
        final byte[] id = reservationIds[i];
        if (id.length != length) {
            return -1;
        }
        for (int k = 0; k < length; k++) {
            if (id[k] != buf.getByte(offset + k)) {
                return -1;
            }
        }
        return i;
    }

    /** The value of option {@code code} for a client with {@code overlay}: the reservation's, else the scope's. */
    byte[] option(final byte[][] overlay, final int code) {
        if (overlay != null && overlay[code] != null) {
            return overlay[code];
        }
        return options[code];
    }
}

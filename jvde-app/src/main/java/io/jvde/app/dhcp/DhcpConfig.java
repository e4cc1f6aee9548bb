package io.jvde.app.dhcp;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.guard.GuardSettings;
import io.jvde.app.services.ServicesConfig;
import io.jvde.dhcp.relay.RelaySettings;
import io.jvde.dhcp.relay.RelayVlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the DHCP part of the switch does, per VLAN: serve it ({@code server}'s scopes), relay it
 * ({@code relay}, null when nothing is relayed), or leave it alone (DHCP passes as ordinary frames); and how it
 * guards the VLANs it serves or relays ({@code guard}: trust, rate limits, snooping) plus per-port MAC limits, and
 * the lab services on the served VLANs' server addresses ({@code services}: DNS, TFTP).
 *
 * @param macLimits learned-MAC limit by port number, applied when the switch starts (port/maclimit at run time)
 */
public record DhcpConfig(DhcpSettings server, RelaySettings relay, GuardSettings guard,
                         Map<Integer, Integer> macLimits, ServicesConfig services) {
    public DhcpConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(guard, "guard");
        macLimits = Map.copyOf(macLimits);
        services = services == null ? ServicesConfig.NONE : services;
    }

    /** Without DNS or TFTP. */
    public DhcpConfig(final DhcpSettings server, final RelaySettings relay, final GuardSettings guard,
                      final Map<Integer, Integer> macLimits) {
        this(server, relay, guard, macLimits, ServicesConfig.NONE);
    }

    public DhcpConfig withServices(final ServicesConfig value) {
        return new DhcpConfig(server, relay, guard, macLimits, value);
    }

    /** Serving only, with the default guard. */
    public static DhcpConfig serving(final DhcpSettings server) {
        return new DhcpConfig(server, null, GuardSettings.builder().build(), Map.of());
    }

    public DhcpConfig withServer(final DhcpSettings s) {
        return new DhcpConfig(s, relay, guard, macLimits, services);
    }

    /** The VLANs served by a scope or relayed, in that order: the ones the guard watches (not the upstream one). */
    public List<Integer> guardedVlans() {
        final List<Integer> vids = new ArrayList<>();
        for (final Scope s : server.scopes()) { // loops, not forEach lambdas: docs/architecture.md §7
            vids.add(s.vlan());
        }
        if (relay != null) {
            for (final RelayVlan v : relay.vlans()) {
                vids.add(v.vid());
            }
        }
        return List.copyOf(vids);
    }
}

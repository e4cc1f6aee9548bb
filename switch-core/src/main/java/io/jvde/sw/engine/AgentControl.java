package io.jvde.sw.engine;

import io.jvde.sw.Errno;
import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.port.Endpoint;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.Native;

import java.nio.file.Path;
import java.util.List;

/** {@link SwitchControl} over the agent's own state; valid only on the loop thread. */
final class AgentControl implements SwitchControl {
    private final SwitchAgent agent;

    AgentControl(final SwitchAgent agent) {
        this.agent = agent;
    }

    @Override
    public SwitchSettings settings() {
        return agent.settings;
    }

    @Override
    public Path directory() {
        return agent.control.directory();
    }

    @Override
    public int socketMode() {
        return agent.control.socketMode();
    }

    @Override
    public long uptimeSeconds() {
        return (System.nanoTime() - agent.startNanos) / 1_000_000_000L;
    }

    @Override
    public int portCount() {
        return agent.registry.portCount;
    }

    @Override
    public Port port(final int n) {
        return agent.registry.ports[n];
    }

    @Override
    public List<Endpoint> endpoints() {
        return new java.util.ArrayList<>(agent.registry.endpoints());
    }

    @Override
    public MacTable macTable() {
        return agent.macTable;
    }

    @Override
    public VlanTable vlanTable() {
        return agent.vlanTable;
    }

    @Override
    public Forwarder forwarder() {
        return agent.forwarder;
    }

    @Override
    public int setPortCount(final int n) {
        if (n < 1 || n > agent.settings.maxPorts()) {
            return Native.EINVAL;
        }
        if (n >= agent.registry.portCount) {
            agent.registry.growPorts(n);
            return 0;
        }
        for (int i = n; i < agent.registry.portCount; i++) {
            if (agent.registry.ports[i].allocated()) {
                return Native.EADDRINUSE;
            }
        }
        agent.registry.shrinkPorts(n);
        return 0;
    }

    @Override
    public int createPort(final int n) {
        if (n < 0 || n >= agent.settings.maxPorts()) {
            return Native.EINVAL;
        }
        agent.registry.growPorts(Math.max(agent.registry.portCount, n + 1));
        final Port p = agent.registry.ports[n];
        if (p.allocated()) {
            return Native.EEXIST;
        }
        agent.registry.allocatePort(p);
        p.allocatable(false);
        return 0;
    }

    @Override
    public int removePort(final int n) {
        if (n < 0 || n >= agent.registry.portCount) {
            return Native.EINVAL;
        }
        final Port p = agent.registry.ports[n];
        if (!p.allocated()) {
            return 6; // ENXIO
        }
        if (p.active()) {
            return Native.EADDRINUSE;
        }
        agent.registry.freePort(p);
        return 0;
    }

    @Override
    public int closeEndpoint(final int port, final int endpointId) {
        if (port < 0 || port >= agent.registry.portCount) {
            return Native.EINVAL;
        }
        final Port p = agent.registry.ports[port];
        for (int i = 0; i < p.endpointCount(); i++) {
            final Endpoint e = p.endpoint(i);
            if (e.id() == endpointId) {
                final Attachment a = (Attachment) e;
                a.deathReason = "closed by port/epclose";
                agent.registry.detach(a);
                return 0;
            }
        }
        return 6; // ENXIO
    }

    @Override
    public int attachLocal(final int port, final String description, final io.jvde.sw.port.LocalPortHandler handler) {
        return agent.attachLocal(port, description, handler);
    }

    @Override
    public void setIngressFilter(final io.jvde.sw.filter.IngressFilter f) {
        agent.forwarder.ingressFilter(f);
    }

    @Override
    public io.jvde.sw.filter.IngressFilter ingressFilter() {
        return agent.forwarder.ingressFilter();
    }

    @Override
    public int setMacLimit(final int port, final int limit) {
        if (port < 0 || port >= agent.registry.portCount) {
            return Errno.ENXIO.code();
        }
        if (limit < 0) {
            return Errno.EINVAL.code();
        }
        agent.registry.setMacLimit(agent.registry.ports[port], limit);
        return Errno.OK;
    }

    @Override
    public int macLimit(final int port) {
        return port < 0 || port >= agent.registry.portCount ? -1 : agent.registry.ports[port].macLimit();
    }

    @Override
    public int learnedMacs(final int port) {
        return port < 0 || port >= agent.registry.portCount ? -1 : agent.macTable.portEntries(port);
    }

    @Override
    public void setEvents(final io.jvde.sw.observe.SwitchEvents events) {
        final io.jvde.sw.observe.SwitchEvents e = events == null ? io.jvde.sw.observe.SwitchEvents.NONE : events;
        agent.registry.observer = e;
        agent.macTable.events(e);
        agent.vlanTable.events(e);
    }

    @Override
    public io.jvde.sw.observe.SwitchEvents events() {
        return agent.registry.observer;
    }

    @Override
    public void setFrameTap(final io.jvde.sw.observe.FrameTap tap) {
        agent.ingress.tap = tap;
    }

    @Override
    public int createAutoPort() {
        final int n = agent.registry.autoPort();
        if (n < 0) {
            return -1;
        }
        final Port p = agent.registry.ports[n];
        agent.registry.allocatePort(p);
        p.allocatable(false);
        return n;
    }

    @Override
    public int connectPort(final int port, final String target) {
        if (port < 1 || port >= agent.settings.maxPorts()) {
            return Errno.EINVAL.code();
        }
        final StreamAddress a;
        try {
            a = StreamAddress.parse(target);
        } catch (IllegalArgumentException e) {
            return Errno.EINVAL.code();
        }
        if (agent.links.containsKey(port)) {
            return Errno.EEXIST.code();
        }
        agent.connect(port, a);
        return Errno.OK;
    }

    @Override
    public int disconnectPort(final int port) {
        return agent.disconnect(port, "closed by port/disconnect") ? Errno.OK : Errno.ENXIO.code();
    }

    @Override
    public String portLink(final int port) {
        final StreamLink l = agent.links.get(port);
        return l == null ? null : l.describe(System.nanoTime());
    }

    @Override
    public io.jvde.sw.vxlan.VxlanControl vxlan() {
        return agent.vxlan;
    }
}

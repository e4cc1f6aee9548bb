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
        return agent.portCount;
    }

    @Override
    public Port port(final int n) {
        return agent.ports[n];
    }

    @Override
    public List<Endpoint> endpoints() {
        return agent.endpoints();
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
        if (n >= agent.portCount) {
            agent.growPorts(n);
            return 0;
        }
        for (int i = n; i < agent.portCount; i++) {
            if (agent.ports[i].allocated()) {
                return Native.EADDRINUSE;
            }
        }
        agent.shrinkPorts(n);
        return 0;
    }

    @Override
    public int createPort(final int n) {
        if (n < 0 || n >= agent.settings.maxPorts()) {
            return Native.EINVAL;
        }
        agent.growPorts(Math.max(agent.portCount, n + 1));
        final Port p = agent.ports[n];
        if (p.allocated()) {
            return Native.EEXIST;
        }
        agent.allocatePort(p);
        p.allocatable(false);
        return 0;
    }

    @Override
    public int removePort(final int n) {
        if (n < 0 || n >= agent.portCount) {
            return Native.EINVAL;
        }
        final Port p = agent.ports[n];
        if (!p.allocated()) {
            return 6; // ENXIO
        }
        if (p.active()) {
            return Native.EADDRINUSE;
        }
        agent.freePort(p);
        return 0;
    }

    @Override
    public int closeEndpoint(final int port, final int endpointId) {
        if (port < 0 || port >= agent.portCount) {
            return Native.EINVAL;
        }
        final Port p = agent.ports[port];
        for (int i = 0; i < p.endpointCount(); i++) {
            final Endpoint e = p.endpoint(i);
            if (e.id() == endpointId) {
                e.deathReason = "closed by port/epclose";
                agent.detach(e);
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
        if (port < 0 || port >= agent.portCount) {
            return Errno.ENXIO;
        }
        if (limit < 0) {
            return Errno.EINVAL;
        }
        agent.setMacLimit(agent.ports[port], limit);
        return Errno.OK;
    }

    @Override
    public int macLimit(final int port) {
        return port < 0 || port >= agent.portCount ? -1 : agent.ports[port].macLimit();
    }

    @Override
    public int learnedMacs(final int port) {
        return port < 0 || port >= agent.portCount ? -1 : agent.macTable.portEntries(port);
    }

    @Override
    public void setEvents(final io.jvde.sw.observe.SwitchEvents events) {
        final io.jvde.sw.observe.SwitchEvents e = events == null ? io.jvde.sw.observe.SwitchEvents.NONE : events;
        agent.observer = e;
        agent.macTable.events(e);
        agent.vlanTable.events(e);
    }

    @Override
    public io.jvde.sw.observe.SwitchEvents events() {
        return agent.observer;
    }

    @Override
    public void setFrameTap(final io.jvde.sw.observe.FrameTap tap) {
        agent.tap = tap;
    }

    @Override
    public int createAutoPort() {
        final int n = agent.control.autoPort();
        if (n < 0) {
            return -1;
        }
        final Port p = agent.ports[n];
        agent.allocatePort(p);
        p.allocatable(false);
        return n;
    }
}

package io.jvde.sw.engine;

import io.jvde.sw.fdb.MacTable;
import io.jvde.sw.forward.DropReason;
import io.jvde.sw.forward.Forwarder;
import io.jvde.sw.port.Port;
import io.jvde.sw.vlan.VlanTable;
import io.jvde.vde.sys.Native;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ports and the endpoints attached to them, and the one place of their lifecycle: a port is allocated and
 * freed here ({@link #allocatePort}, {@link #freePort}), an endpoint of any transport is attached here
 * ({@link #attach}) and torn down here ({@link #detach}, at the end of the turn after {@link #markDead}).
 * Loop thread only.
 */
final class PortRegistry {
    private final SwitchSettings settings;
    private final SwitchLog log;
    private final EventLoop loop;
    private final MacTable macTable;
    private final VlanTable vlanTable;
    private final Forwarder forwarder;
    private final Ingress ingress;
    private BackPressure backPressure;

    Port[] ports = new Port[0];
    int portCount;
    private Attachment[] bySlot = new Attachment[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int nextSlot;
    private int nextEndpointId = 1;
    private final List<Attachment> deadList = new ArrayList<>();
    /** False while shutting down: teardown then logs nothing. */
    private boolean logTeardown = true;
    /** Observer of ports and endpoints coming and going (io.jvde.sw.observe); NONE by default. */
    io.jvde.sw.observe.SwitchEvents observer = io.jvde.sw.observe.SwitchEvents.NONE;

    PortRegistry(final SwitchSettings settings, final SwitchLog log, final EventLoop loop, final MacTable macTable,
                 final VlanTable vlanTable, final Forwarder forwarder, final Ingress ingress) {
        this.settings = settings;
        this.log = log;
        this.loop = loop;
        this.macTable = macTable;
        this.vlanTable = vlanTable;
        this.forwarder = forwarder;
        this.ingress = ingress;
    }

    void backPressure(final BackPressure b) {
        this.backPressure = b;
    }

    // ------------------------------------------------------------------ ports

    void growPorts(final int count) {
        if (count <= portCount) {
            return;
        }
        final Port[] grown = Arrays.copyOf(ports, count);
        for (int i = portCount; i < count; i++) {
            grown[i] = new Port(i);
        }
        ports = grown;
        portCount = count;
        vlanTable.ensurePortCapacity(count);
        forwarder.ensurePortCapacity(count);
        ingress.ensurePortCapacity(count);
    }

    /** Drops ports at and above {@code count}; the caller checked none of them is allocated. */
    void shrinkPorts(final int count) {
        for (int i = count; i < portCount; i++) {
            macTable.portLimit(i, 0); // a port grown again later starts without a limit, as its new Port does
        }
        ports = Arrays.copyOf(ports, count);
        portCount = count;
    }

    /** Marks a port allocated: it joins VLAN 0 untagged, like every new vde_switch port. */
    void allocatePort(final Port p) {
        if (!p.allocated()) {
            p.allocated(true);
            vlanTable.resetPort(p.number()); // a new port is an untagged member of VLAN 0
            observer.portCreated(p.number());
        }
    }

    /** Returns an inactive port to the unallocated state, forgetting its VLAN and access configuration. */
    void freePort(final Port p) {
        p.allocated(false);
        p.allocatable(true);
        p.aclUser(Port.ANY);
        p.aclGroup(Port.ANY);
        setMacLimit(p, 0);
        p.resetCounters();
        vlanTable.resetPort(p.number());
        macTable.flushPort(p.number());
        observer.portRemoved(p.number());
    }

    /** Sets the port's limit of learned MACs (0 = unlimited): the port's own field and the MAC table's copy. */
    void setMacLimit(final Port p, final int limit) {
        p.macLimit(limit);
        macTable.portLimit(p.number(), limit);
    }

    /**
     * The first free port at or above {@code first}, growing the ports when needed (ports a switch creates for
     * itself, e.g. VXLAN peers, so they do not take the low numbers clients get); -1 beyond the maximum.
     */
    int autoPortFrom(final int first) {
        for (int i = Math.max(1, first); i < settings.maxPorts(); i++) {
            if (i >= portCount) {
                growPorts(Math.min(settings.maxPorts(), Math.max(i + 1, portCount * 2)));
            }
            final Port p = ports[i];
            if (!p.allocated() || (!p.active() && p.allocatable())) {
                return i;
            }
        }
        return -1;
    }

    /** Lowest allocatable free port >= 1 (port 0 is never chosen automatically); grows the table when full. */
    int autoPort() {
        for (int i = 1; i < portCount; i++) {
            final Port p = ports[i];
            if (!p.allocated() || (!p.active() && p.allocatable())) {
                return i;
            }
        }
        if (portCount >= settings.maxPorts()) {
            return -1;
        }
        final int first = portCount;
        growPorts(Math.min(settings.maxPorts(), Math.max(first * 2, first + 1)));
        return first;
    }

    /** Counts a dropped frame on {@code p} by reason; the first drop of a reason is logged. */
    void drop(final Port p, final int reason) {
        if (p.countDrop(reason)) {
            log.log("port " + p.number() + ": dropping frames: " + DropReason.values()[reason].label()
                + " (counted per port; logged once)");
        }
    }

    // ------------------------------------------------------------------ endpoints

    int nextEndpointId() {
        return nextEndpointId++;
    }

    /** A new endpoint of {@code transport} on {@code port}, not yet attached. */
    Attachment newAttachment(final int id, final int port, final Transport transport, final int user,
                             final int queueCapacity) {
        final int slot;
        if (freeSlotCount > 0) {
            slot = freeSlots[--freeSlotCount];
        } else {
            if (nextSlot == bySlot.length) {
                bySlot = Arrays.copyOf(bySlot, bySlot.length * 2);
            }
            slot = nextSlot++;
        }
        return new Attachment(this, id, slot, port, transport, user, queueCapacity, loop.nowNanos);
    }

    /** Registers a ready endpoint on its port and with the loop. */
    void attach(final Attachment e) {
        bySlot[e.slot] = e;
        final Port p = ports[e.port()];
        allocatePort(p);
        p.addEndpoint(e);
        if (p.endpointCount() == 1) {
            p.currentUser(e.user());
            forwarder.setActive(p.number(), true);
        }
        final int fd = e.transport.fd();
        if (fd >= 0) {
            e.interest = Native.EPOLLIN;
            e.key = loop.register(fd, e.interest, e);
        }
        e.transport.attached(e, loop);
        observer.endpointConnected(e.port(), e.id(), e.module(), e.description());
    }

    /** The transport's fd is ready: drain the endpoint's queue on EPOLLOUT, receive on EPOLLIN unless paused. */
    void onReady(final Attachment e, final int events) {
        if (e.dead) {
            return;
        }
        if ((events & Native.EPOLLOUT) != 0) {
            backPressure.drain(e);
        }
        if ((events & (Native.EPOLLIN | Native.EPOLLERR | Native.EPOLLHUP)) != 0 && e.pausedBy == null) {
            ingress.receive(e);
        }
    }

    /** Changes which events the loop reports for {@code e}'s fd. */
    void setInterest(final Attachment e, final int interest) {
        if (e.interest != interest && e.key >= 0) {
            e.interest = interest;
            loop.modify(e.transport.fd(), interest, e.key);
        } else if (e.interest != interest && e.transport.fd() < 0 && e.local() == null) {
            e.interest = interest; // a peer of a shared socket: its owner watches the socket for it
            e.transport.interest(e, interest);
        }
    }

    /** Schedules {@code e} for teardown at the end of this turn (never mid-batch); keeps the first reason. */
    void markDead(final Attachment e, final String reason) {
        if (!e.dead) {
            e.dead = true;
            e.deathReason = reason;
            deadList.add(e);
        }
    }

    void reapDead() {
        for (int i = 0; i < deadList.size(); i++) {
            detach(deadList.get(i));
        }
        deadList.clear();
    }

    /** Tears an endpoint down completely: fds, socket files, queue, back-pressure links, port membership. */
    void detach(final Attachment e) {
        if (bySlot[e.slot] != e) {
            return;
        }
        bySlot[e.slot] = null;
        e.dead = true;
        if (e.key >= 0) {
            loop.unregister(e.transport.fd(), e.key);
        }
        e.transport.close(loop);
        backPressure.forget(e);
        final Port p = ports[e.port()];
        p.removeEndpoint(e);
        if (p.endpointCount() == 0) {
            p.currentUser(Port.NO_USER);
            forwarder.setActive(p.number(), false);
            macTable.flushPort(p.number());
        }
        e.freeNative();
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = e.slot;
        if (logTeardown) { // not while shutting down: one line per endpoint would only be noise
            observer.endpointDisconnected(e.port(), e.id(), e.module(), e.description(), e.deathReason);
            log.log("port " + e.port() + ": endpoint " + e.id() + " (" + e.description() + ") closed"
                + (e.deathReason != null ? ": " + e.deathReason : ""));
        }
    }

    /** Every live endpoint, in slot order (control path). */
    List<Attachment> endpoints() {
        final List<Attachment> list = new ArrayList<>();
        for (final Attachment e : bySlot) {
            if (e != null) {
                list.add(e);
            }
        }
        return list;
    }

    /** From now on endpoints close without a log line each (shutdown). */
    void quiet() {
        logTeardown = false;
    }

    /** Tears every endpoint down without a log line each (shutdown). */
    void detachAll() {
        logTeardown = false;
        for (final Attachment e : endpoints()) {
            e.deathReason = "switch shutting down";
            detach(e);
        }
    }
}

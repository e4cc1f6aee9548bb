package io.jvde.sw.observe;

import io.jvde.sw.engine.SwitchControl;
import io.jvde.sw.frame.EtherTypes;
import io.jvde.sw.frame.EthernetFrame;
import io.jvde.sw.port.Port;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The engine's one {@link FrameTap}: offers each ingress frame to every running {@link CaptureSink} that wants its
 * port and VLAN. Per frame it reads the port's untagged VLAN (or the tag), copies into each interested ring, and
 * counts what a full ring refused on the port ({@link Port#captureDrops}); it allocates nothing. Sinks are added and
 * removed on the loop thread ({@link #add}, {@link #remove}, through {@code VdeSwitch.call}); with none left the
 * tap uninstalls itself, so the engine is back to no per-frame call at all.
 */
public final class CaptureTap implements FrameTap {
    private static final CaptureSink[] NONE = new CaptureSink[0];
    private final SwitchControl control;
    private CaptureSink[] sinks = NONE;

    /** A tap for {@code control}'s switch (loop thread); installed in the engine while it has sinks. */
    public CaptureTap(final SwitchControl control) {
        this.control = control;
    }

    /** Loop thread: starts offering frames to {@code sink} (already {@link CaptureSink#start started}). */
    public void add(final CaptureSink sink) {
        sinks = Arrays.copyOf(sinks, sinks.length + 1);
        sinks[sinks.length - 1] = sink;
        control.setFrameTap(this);
    }

    /** Loop thread: stops offering frames to {@code sink}; then close it from any thread. */
    public boolean remove(final CaptureSink sink) {
        for (int i = 0; i < sinks.length; i++) {
            if (sinks[i] == sink) {
                final CaptureSink[] rest = new CaptureSink[sinks.length - 1];
                System.arraycopy(sinks, 0, rest, 0, i);
                System.arraycopy(sinks, i + 1, rest, i, sinks.length - i - 1);
                sinks = rest;
                if (rest.length == 0) {
                    control.setFrameTap(null);
                }
                return true;
            }
        }
        return false;
    }

    /** Loop thread: the running captures. */
    public CaptureSink[] sinks() {
        return sinks.clone();
    }

    /** Loop thread: the running capture named {@code name}, or null. */
    public CaptureSink find(final String name) {
        for (final CaptureSink s : sinks) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void onIngress(final int port, final ByteBuffer buf, final int off, final int len,
                          final long nowNanos) {
        final CaptureSink[] all = sinks;
        int vid = -1;
        for (int i = 0; i < all.length; i++) {
            final CaptureSink s = all[i];
            if (!s.wantsPort(port)) {
                continue;
            }
            if (vid < 0) {
                vid = vlanOf(port, buf, off, len);
            }
            if (!s.wantsVlan(vid)) {
                continue;
            }
            if (!s.described(port)) {
                s.describe(port, describe(port));
            }
            if (!s.offer(port, nowNanos, buf, off, len)) {
                control.port(port).captureDrops++;
            }
        }
    }

    /** The frame's VLAN: its 802.1Q tag's VID, else the port's untagged VLAN (4095 when it has none). */
    private int vlanOf(final int port, final ByteBuffer buf, final int off, final int len) {
        if (len >= EthernetFrame.MIN_TAGGED_LENGTH && EthernetFrame.etherType(buf, off) == EtherTypes.VLAN) {
            return EthernetFrame.vid(buf, off);
        }
        return control.vlanTable().untaggedVlan(port);
    }

    /** Once per port and capture: the port's name and its endpoints' descriptions. */
    private String describe(final int port) {
        final Port p = control.port(port);
        final StringBuilder sb = new StringBuilder();
        if (!p.name().isEmpty()) {
            sb.append(p.name());
        }
        for (int i = 0; i < p.endpointCount(); i++) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(p.endpoint(i).description());
        }
        return sb.length() == 0 ? "port " + port : sb.toString();
    }
}

package io.jvde.dhcp.guard;

import io.jvde.dhcp.testsupport.ClientFrame;
import java.util.ArrayList;
import java.util.List;

/** A guard on VLAN 1 with trusted port 1, a recording listener and a manual clock. */
final class GuardFixture implements GuardListener {
    static final int VID = 1;
    static final int TRUSTED = 1;
    static final int CLIENT_PORT = 3;
    static final long START = 1_700_000_000_000L;

    /** One listener call. */
    record Report(GuardDropReason reason, int port, int vid, long mac, long suppressed) {
    }

    final List<Report> reports = new ArrayList<>();
    final DhcpGuard guard;
    long now = START;

    GuardFixture(final GuardSettings.Builder settings) {
        guard = new DhcpGuard(settings.trustedPort(TRUSTED).build(), this);
        guard.setGuarded(VID, true);
    }

    GuardFixture() {
        this(GuardSettings.builder());
    }

    @Override
    public void onViolation(final GuardDropReason reason, final int port, final int vid, final long mac,
                            final long suppressed) {
        reports.add(new Report(reason, port, vid, mac, suppressed));
    }

    boolean admit(final ClientFrame f, final int port) {
        return admit(f.frame(), port, VID);
    }

    boolean admit(final ClientFrame f, final int port, final int vid) {
        return admit(f.frame(), port, vid);
    }

    boolean admit(final byte[] frame, final int port, final int vid) {
        return guard.admit(port, vid, GuardFrames.buf(frame), 0, frame.length, now);
    }

    long drops(final GuardDropReason reason) {
        return guard.counters().drops(reason);
    }

    void advanceMillis(final long millis) {
        now += millis;
    }
}

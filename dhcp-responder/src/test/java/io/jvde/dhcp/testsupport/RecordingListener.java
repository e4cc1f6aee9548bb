package io.jvde.dhcp.testsupport;

import io.jvde.dhcp.DhcpDropReason;
import io.jvde.dhcp.server.DhcpEvent;
import io.jvde.dhcp.server.DhcpEventListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps the log line of every exchange and every drop reason. */
public final class RecordingListener implements DhcpEventListener {
    public final List<String> lines = new ArrayList<>();
    public final List<DhcpEvent.Kind> kinds = new ArrayList<>();
    /** The host name each exchange carried ({@link DhcpEvent#hostname()}), null when none. */
    public final List<String> hostnames = new ArrayList<>();
    /**
     * Per exchange: whether {@link DhcpEvent#hostnameIs} agreed with {@link DhcpEvent#hostname()} (true for the
     * name itself, false for another name and, when there is a name, for null).
     */
    public final List<Boolean> hostnameIsAgrees = new ArrayList<>();
    public final List<DhcpDropReason> drops = new ArrayList<>();
    public final List<RuntimeException> journalFailures = new ArrayList<>();

    @Override
    public void onExchange(final DhcpEvent event) {
        lines.add(event.describe());
        kinds.add(event.kind());
        final String hostname = event.hostname();
        hostnames.add(hostname);
        hostnameIsAgrees.add(event.hostnameIs(hostname) && !event.hostnameIs(hostname == null ? "" : hostname + "x")
            && (hostname == null || !event.hostnameIs(null)));
    }

    @Override
    public void onDrop(final DhcpDropReason reason, final int port, final int vid, final long mac) {
        drops.add(reason);
    }

    @Override
    public void onJournalFailure(final RuntimeException failure) {
        journalFailures.add(failure);
    }

    public String lastLine() {
        if (lines.isEmpty()) {
            throw new AssertionError("no exchange was logged");
        }
        return lines.get(lines.size() - 1);
    }
}

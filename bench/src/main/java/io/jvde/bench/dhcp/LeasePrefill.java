package io.jvde.bench.dhcp;

import io.jvde.dhcp.lease.FileLeaseJournal;
import io.jvde.dhcp.lease.LeaseJournal;
import io.jvde.dhcp.wire.Ipv4Address;
import io.jvde.dhcp.wire.MacAddress;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the same N existing leases for the three servers {@code bench/dhcp.sh} measures: jvde's lease journal
 * (through the real {@link FileLeaseJournal}), Kea's memfile CSV (the Kea 2.2 v4 header) and dnsmasq's lease file.
 * Lease i binds address {@code first + i} to MAC 0a:00:00:00:00:00 + i until now + {@code seconds}; perfdhcp's
 * simulated clients (base MAC 00:0c:01:02:03:04) never collide with them.
 *
 * <p>Run without Maven through the source launcher, so bench/dhcp.sh needs only jvde.jar:
 * <pre>java -cp jvde-app/target/jvde.jar bench/src/main/java/io/jvde/bench/dhcp/LeasePrefill.java \
 *     COUNT FIRST_ADDRESS SECONDS JVDE_JOURNAL KEA_CSV DNSMASQ_LEASES</pre>
 * A path given as {@code -} is skipped.
 */
public final class LeasePrefill {
    /** Locally administered, unicast: 0a:00:00:00:00:00. */
    static final long MAC_BASE = 0x0A00_0000_0000L;

    private LeasePrefill() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: LeasePrefill COUNT FIRST_ADDRESS SECONDS JVDE_JOURNAL KEA_CSV DNSMASQ_LEASES");
            System.exit(2);
        }
        final int count = Integer.parseInt(args[0]);
        final int first = Ipv4Address.parse(args[1]);
        final long seconds = Long.parseLong(args[2]);
        final long nowMillis = System.currentTimeMillis();
        final long untilMillis = nowMillis + seconds * 1000;
        if (!"-".equals(args[3])) {
            try (FileLeaseJournal journal = FileLeaseJournal.open(Path.of(args[3]))) {
                journal.replay((type, vid, address, mac, time, clientId, hostname) -> { }); // appends follow replay
                for (int i = 0; i < count; i++) {
                    journal.append(LeaseJournal.BIND, 0, first + i, MAC_BASE + i, untilMillis, null, null);
                }
                journal.sync();
            }
        }
        if (!"-".equals(args[4])) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[4]))) {
                w.write("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,"
                    + "user_context\n");
                for (int i = 0; i < count; i++) {
                    w.write(Ipv4Address.toString(first + i) + "," + MacAddress.toString(MAC_BASE + i) + ",,"
                        + seconds + "," + untilMillis / 1000 + ",1,0,0,,0,\n");
                }
            }
        }
        if (!"-".equals(args[5])) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[5]))) {
                for (int i = 0; i < count; i++) {
                    w.write(untilMillis / 1000 + " " + MacAddress.toString(MAC_BASE + i) + " "
                        + Ipv4Address.toString(first + i) + " * *\n");
                }
            }
        }
    }
}

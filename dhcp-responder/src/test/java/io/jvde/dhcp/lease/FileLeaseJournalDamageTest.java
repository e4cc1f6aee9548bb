package io.jvde.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.DhcpSettings;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal damaged in the middle (a bad sector, a stray edit): start-up recovers every intact record before and
 * after the damage, names the damaged offset, rewrites the journal, and never hands the damaged record's address to
 * another client.
 */
class FileLeaseJournalDamageTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final int RECORD = FileLeaseJournal.RECORD_HEADER_LENGTH + FileLeaseJournal.FIXED_PAYLOAD_LENGTH;

    @TempDir
    Path dir;

    record Rec(int type, int vid, int address, long mac, long time) {
    }

    private Path file() {
        return dir.resolve("leases.journal");
    }

    /** Five BIND records of fixed size (no client id, no host name), addresses .1 to .5. */
    private void writeFive() {
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            j.replay((t, v, a, m, ti, c, h) -> { });
            for (int i = 1; i <= 5; i++) {
                j.append(LeaseJournal.BIND, 1, Bytes.ip("192.168.1.100") + i, 0x5254_0000_0000L + i, NOW + 3_600_000,
                    null, null);
            }
            j.sync();
        }
    }

    private List<Rec> replay(final FileLeaseJournal j) {
        final List<Rec> list = new ArrayList<>();
        j.replay((type, vid, address, mac, time, clientId, hostname) -> list.add(new Rec(type, vid, address, mac,
            time)));
        return list;
    }

    private void damage(final long offset) throws Exception {
        final byte[] b = Files.readAllBytes(file());
        b[(int) offset] ^= 0x40;
        Files.write(file(), b);
    }

    @Test
    void shouldRecoverEveryIntactRecordAroundACorruptPayloadAndNameItsOffset() throws Exception {
        writeFive();
        final long third = FileLeaseJournal.FILE_HEADER_LENGTH + 2L * RECORD;
        damage(third + FileLeaseJournal.RECORD_HEADER_LENGTH + 20); // inside the third record's time field
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final List<Rec> recs = replay(j);
            assertEquals(List.of(third), j.damage(), "the damaged record's offset");
            assertEquals(0, j.discardedBytes(), "nothing cut: the records after the damage are intact");
            final List<Integer> bound = recs.stream().filter(r -> r.type() == LeaseJournal.BIND)
                .map(Rec::address).toList();
            assertEquals(List.of(101, 102, 104, 105), bound.stream().map(a -> a & 0xFF).toList());
            final Rec quarantined = recs.get(2);
            assertEquals(LeaseJournal.DECLINE, quarantined.type(), "the damaged record's address is quarantined");
            assertEquals(Bytes.ip("192.168.1.103"), quarantined.address());
        }
    }

    @Test
    void shouldRecoverTheRecordsAfterACorruptLengthField() throws Exception {
        writeFive();
        final long second = FileLeaseJournal.FILE_HEADER_LENGTH + RECORD;
        damage(second); // the length's high byte: the record cannot even be stepped over
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            final List<Rec> recs = replay(j);
            assertEquals(List.of(second), j.damage());
            assertEquals(List.of(101, 103, 104, 105), recs.stream().filter(r -> r.type() == LeaseJournal.BIND)
                .map(r -> r.address() & 0xFF).toList());
        }
    }

    @Test
    void shouldRewriteADamagedJournalAtStartSoTheNextStartFindsItIntact() throws Exception {
        writeFive();
        damage(FileLeaseJournal.FILE_HEADER_LENGTH + RECORD + 10);
        final DhcpSettings settings = DhcpSettings.builder().scope(Harness.lan().build()).build();
        try (Harness h = new Harness(settings, FileLeaseJournal.open(file()))) {
            h.send(ClientFrame.discover("52:54:00:00:00:04")); // a client recorded after the damage keeps its address
            assertEquals(Bytes.ip("192.168.1.104"), h.reply().yiaddr);
        }
        try (FileLeaseJournal j = FileLeaseJournal.open(file())) {
            replay(j);
            assertEquals(List.of(), j.damage(), "compacted at the first start after the damage");
        }
    }

    /** The address of a damaged BIND is never offered to a new client while its lease could still run. */
    @Test
    void shouldNeverHandTheDamagedRecordsAddressToAnotherClient() throws Exception {
        writeFive();
        damage(FileLeaseJournal.FILE_HEADER_LENGTH + 2L * RECORD + FileLeaseJournal.RECORD_HEADER_LENGTH + 10);
        final int lost = Bytes.ip("192.168.1.103");
        final DhcpSettings settings = DhcpSettings.builder().scope(Harness.lan().build()).build();
        try (Harness h = new Harness(settings, FileLeaseJournal.open(file()))) {
            h.now = NOW;
            final Map<Integer, String> given = new HashMap<>();
            for (int i = 0; i < 95; i++) { // the whole rest of the pool .100-.199
                final String mac = String.format("52:54:00:bb:00:%02x", i);
                h.send(ClientFrame.discover(mac));
                if (h.sink.count() == 0) {
                    break;
                }
                final ReplyView offer = h.reply();
                assertTrue(offer.yiaddr != lost, "offered the damaged record's address to " + mac);
                assertFalse(given.containsKey(offer.yiaddr), "offered twice: " + Bytes.ip(offer.yiaddr));
                given.put(offer.yiaddr, mac);
                h.sink.clear();
            }
            // and a new client asking for it by name is not given it either
            h.send(ClientFrame.request("52:54:00:cc:00:01").requestedIp("192.168.1.103"));
            h.responder.flush();
            assertTrue(h.sink.count() == 0 || h.reply().messageType() == 6, "NAK or silence for the damaged address");
        }
    }
}

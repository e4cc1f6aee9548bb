package io.jvde.junit;

import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.primitives.Mac48;
import io.jvde.testsupport.Frames;
import io.jvde.testsupport.Poll;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Jvde#events()} and {@link Jvde#awaitEvent}: the structured event stream, with jvde's own VDE clients. */
@Timeout(60)
class JvdeEventsTest {
    private static final String MAC = "52:54:00:aa:00:02";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void eventsStartWithTheStateAtStartAsSnapshotEvents() {
        try (Jvde jvde = Jvde.builder().log(line -> { }).rc("port/create 5").start()) {
            final JvdeEvent port = jvde.awaitEvent(e -> e.is("port.created") && e.port() == 5, WAIT);
            assertTrue(port.snapshot(), port.json());
        }
    }

    @Test
    void endpointsMacsAndLeasesArriveAsTypedEvents() throws Exception {
        try (Jvde jvde = Jvde.builder().log(line -> { }).start();
             VdeClient a = VdeClient.connect(jvde.socketPath(), "events client a")) {
            final JvdeEvent connected = jvde.awaitEvent(e -> e.is("endpoint.connected")
                && "events client a".equals(e.field("description")), WAIT);
            assertEquals(a.port(), connected.port());
            assertTrue(!connected.snapshot() && connected.seq() > 0, connected.json());

            a.send(ClientFrame.discover(MAC).frame());
            final JvdeEvent learned = jvde.awaitEvent(e -> e.is("mac.learned") && MAC.equals(e.mac()), WAIT);
            assertEquals(a.port(), learned.port());
            final JvdeEvent offered = jvde.awaitEvent(e -> e.is("lease.offered") && MAC.equals(e.mac()), WAIT);
            a.send(ClientFrame.request(MAC).requestedIp(offered.ip()).serverId("10.86.68.254").frame());
            final JvdeEvent bound = jvde.awaitEvent(e -> e.is("lease.bound") && MAC.equals(e.mac()), WAIT);
            assertEquals(offered.ip(), bound.ip());
            assertEquals(a.port(), bound.port());
            assertEquals(jvde.awaitLease(MAC, WAIT).ip(), bound.ip());
            assertTrue(jvde.events("lease.").size() >= 2, jvde.events().toString());
            assertTrue(bound.seq() > learned.seq(), "numbered in order");

            final int portA = a.port();
            a.close();
            final JvdeEvent gone = jvde.awaitEvent(e -> e.is("endpoint.disconnected") && e.port() == portA, WAIT);
            assertTrue(gone.json().contains("\"event\":\"endpoint.disconnected\""), gone.json());
        }
    }

    /** A MAC seen on a second port after the table's 3 s hold moves there: {@code mac.moved} names both ports. */
    @Test
    void aMacThatMovesToAnotherPortIsReported() throws Exception {
        final long mac = Mac48.parse(MAC);
        try (Jvde jvde = Jvde.builder().log(line -> { }).start();
             VdeClient a = VdeClient.connect(jvde.socketPath(), "a");
             VdeClient b = VdeClient.connect(jvde.socketPath(), "b")) {
            a.send(Frames.untagged(Frames.BROADCAST, mac, 0x88B5, 60));
            jvde.awaitEvent(e -> e.is("mac.learned") && MAC.equals(e.mac()) && e.port() == a.port(), WAIT);
            Poll.until("the MAC moves to b's port", Duration.ofSeconds(20), () -> {
                b.send(Frames.untagged(Frames.BROADCAST, mac, 0x88B5, 60));
                return !jvde.events("mac.moved").isEmpty();
            });
            final JvdeEvent moved = jvde.awaitEvent(e -> e.is("mac.moved") && MAC.equals(e.mac()), WAIT);
            assertEquals(b.port(), moved.port());
            assertEquals(String.valueOf(a.port()), moved.field("from"));
        }
    }

    @Test
    void awaitEventFailsAfterItsTimeoutListingTheLastEvents() {
        try (Jvde jvde = Jvde.builder().log(line -> { }).rc("port/create 3").start()) {
            final AssertionError e = assertThrows(AssertionError.class,
                () -> jvde.awaitEvent(JvdeEvent.ofType("lease.bound"), Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("port.created"), e.getMessage());
        }
    }

    @Test
    void logLinesAreStillRecorded() {
        try (Jvde jvde = Jvde.builder().log(line -> { }).start()) {
            assertTrue(!jvde.logLines().isEmpty(), "the start-up lines");
        }
    }
}

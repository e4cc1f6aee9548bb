package io.jvde.junit;

import io.jvde.testsupport.Frames;
import io.jvde.testsupport.ManagedProcess;
import io.jvde.testsupport.PcapngFile;
import io.jvde.testsupport.Requirements;
import io.jvde.vde.client.VdeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Capture through the embedding API: pcapng files and sinks, read back by the project's reader and by tshark. */
@Timeout(60)
class JvdeCaptureTest {
    private static final long A = 0x0200_0000_0a01L;
    private static final long B = 0x0200_0000_0a02L;

    @TempDir
    Path tmp;

    @Test
    void builderCaptureWritesEveryFrameToAPcapngFileCompleteWhenTheSwitchCloses() throws Exception {
        final Path file = tmp.resolve("all.pcapng");
        final byte[] f1 = Frames.untagged(Frames.BROADCAST, A, 0x88B5, 60);
        final byte[] f2 = Frames.untagged(A, B, 0x88B5, 1514);
        final int portA;
        final int portB;
        try (Jvde jvde = Jvde.builder().log(line -> { }).args("--no-dhcp").capture(file).start();
             VdeClient a = VdeClient.connect(jvde.socketPath(), "a");
             VdeClient b = VdeClient.connect(jvde.socketPath(), "b")) {
            portA = a.port();
            portB = b.port();
            a.send(f1);
            assertArrayEquals(f1, receive(b), "b got a's broadcast");
            b.send(f2);
            assertArrayEquals(f2, receive(a), "a got b's unicast");
        }
        final PcapngFile pcap = PcapngFile.parse(Files.readAllBytes(file));
        assertEquals(1, pcap.framesOf(portA).size(), pcap.interfaceNames.toString());
        assertArrayEquals(f1, pcap.framesOf(portA).get(0));
        assertArrayEquals(f2, pcap.framesOf(portB).get(0));

        final Path tshark = Requirements.requireCommand("tshark");
        final ManagedProcess.Result r = ManagedProcess.run(Duration.ofSeconds(60), tshark.toString(), "-r",
            file.toString(), "-T", "fields", "-e", "frame.interface_name", "-e", "eth.src", "-e", "frame.len");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("port " + portA + "\t02:00:00:00:0a:01\t60"), r.output());
        assertTrue(r.output().contains("port " + portB + "\t02:00:00:00:0a:02\t1514"), r.output());
    }

    @Test
    void aCaptureOfOnePortIntoASinkEndsWhenClosed() throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] fromA = Frames.untagged(Frames.BROADCAST, A, 0x88B5, 100);
        final byte[] fromB = Frames.untagged(Frames.BROADCAST, B, 0x88B5, 100);
        try (Jvde jvde = Jvde.builder().log(line -> { }).args("--no-dhcp").start();
             VdeClient a = VdeClient.connect(jvde.socketPath(), "a");
             VdeClient b = VdeClient.connect(jvde.socketPath(), "b")) {
            final Jvde.Capture capture = jvde.capture(Channels.newChannel(out), a.port());
            b.send(fromB);
            a.send(fromA);
            receive(a);
            receive(b);
            capture.close();
            assertEquals(1, capture.written(), "only port " + a.port() + "'s frame");
            assertEquals(0, capture.dropped());
            final PcapngFile pcap = PcapngFile.parse(out.toByteArray());
            assertEquals(1, pcap.packets.size(), HexFormat.of().formatHex(out.toByteArray()));
            assertArrayEquals(fromA, pcap.framesOf(a.port()).get(0));
            a.send(fromA); // after close nothing more is written
            receive(b);
            assertEquals(1, PcapngFile.parse(out.toByteArray()).packets.size());
        }
    }

    /** The first frame {@code c} receives (bounded: 5 s). */
    private static byte[] receive(final VdeClient c) {
        final byte[] buf = new byte[9234];
        final int n = c.receive(buf, 5000);
        assertTrue(n > 0, "a frame within 5 s");
        return Arrays.copyOf(buf, n);
    }
}

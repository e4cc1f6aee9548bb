package io.jvde.examples.embedded;

import io.jvde.sw.engine.SwitchSettings;
import io.jvde.sw.engine.VdeSwitch;
import io.jvde.vde.client.VdeClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a switch inside this JVM, attaches two VDE clients to it and passes one broadcast frame between them:
 * what a test harness does when it wants a switch without a separate process.
 *
 * <pre>java -cp examples/target/examples-*.jar:... io.jvde.examples.embedded.EmbeddedSwitch</pre>
 */
public final class EmbeddedSwitch {
    private EmbeddedSwitch() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Files.createTempDirectory("jvde-example").resolve("switch");
        try (VdeSwitch sw = VdeSwitch.start(SwitchSettings.builder(dir).build(), line -> System.err.println(line));
             VdeClient a = VdeClient.connect(dir, "example a");
             VdeClient b = VdeClient.connect(dir, "example b")) {
            final byte[] frame = new byte[60];
            for (int i = 0; i < 6; i++) {
                frame[i] = (byte) 0xFF;                 // broadcast destination
            }
            frame[6] = 0x02;                            // locally administered source 02:00:00:00:00:01
            frame[11] = 0x01;
            frame[12] = (byte) 0x88;                    // local experimental EtherType 0x88b5
            frame[13] = (byte) 0xB5;
            a.send(frame);
            final byte[] got = new byte[9234];
            final int n = b.receive(got, 2000);
            System.out.println("port " + b.port() + " received " + n + " bytes from port " + a.port()
                + " through " + sw.directory());
        }
    }
}

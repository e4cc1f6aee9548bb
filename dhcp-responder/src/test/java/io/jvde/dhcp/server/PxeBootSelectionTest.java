package io.jvde.dhcp.server;

import static io.jvde.dhcp.testsupport.Bytes.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.config.Reservation;
import io.jvde.dhcp.config.ReservationKey;
import io.jvde.dhcp.config.Scope;
import io.jvde.dhcp.testsupport.Bytes;
import io.jvde.dhcp.testsupport.ClientFrame;
import io.jvde.dhcp.testsupport.Harness;
import io.jvde.dhcp.testsupport.ReplyView;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PXE/iPXE boot file choice (RFC 4578, iPXE chainloading, UEFI HTTP boot) and consistent siaddr/sname/file/66/67. */
class PxeBootSelectionTest {
    private static final String A = "52:54:00:aa:00:01";
    private static final BootSettings BOOT = BootSettings.of("undionly.kpxe", "boot.lab", "192.168.1.2")
        .withArch(ClientArch.X64_UEFI, "ipxe.efi").withArch(ClientArch.ARM64_UEFI, "ipxe-arm64.efi")
        .withArch(ClientArch.X64_UEFI_HTTP, "http://192.168.1.2/ipxe.efi")
        .withIpxeFile("http://192.168.1.2/boot.ipxe");

    private static ReplyView offer(final ClientFrame f) {
        try (Harness h = Harness.of(Harness.lan().boot(BOOT).build())) {
            h.send(f);
            return h.reply();
        }
    }

    private static ClientFrame pxe(final int arch) {
        return ClientFrame.discover(A).arch(arch).option(60, Bytes.ascii("PXEClient:Arch:0000" + arch));
    }

    @Test
    void shouldServeTheUefiBinaryToArchitecture7And9Alike() {
        assertEquals("ipxe.efi", offer(pxe(7)).file);
        assertEquals("ipxe.efi", offer(pxe(9)).file);
    }

    @Test
    void shouldServeTheBiosBinaryToArchitecture0() {
        assertEquals("undionly.kpxe", offer(pxe(0)).file);
    }

    @Test
    void shouldServeTheArm64BinaryToArchitecture11() {
        assertEquals("ipxe-arm64.efi", offer(pxe(11)).file);
    }

    @Test
    void shouldServeTheScriptToIpxeIdentifiedByUserClass() {
        // the chainloaded iPXE still says PXEClient in option 60 (ipxe/ipxe#1527): only 77/175 tell
        final ReplyView r = offer(pxe(7).option(77, Bytes.ascii("iPXE")));
        assertEquals("http://192.168.1.2/boot.ipxe", r.file);
        assertArrayEquals(Bytes.ascii("http://192.168.1.2/boot.ipxe"), r.option(67));
    }

    @Test
    void shouldServeTheScriptToIpxeIdentifiedByOption175() {
        assertEquals("http://192.168.1.2/boot.ipxe", offer(pxe(7).option(175, new byte[] {(byte) 0xb1, 1, 1})).file);
    }

    @Test
    void shouldRecogniseTheRfc3004FormOfTheIpxeUserClass() {
        assertEquals("http://192.168.1.2/boot.ipxe", offer(pxe(7).option(77, Bytes.hex("04 69505845"))).file);
    }

    @Test
    void shouldAnswerHttpBootWithAUrlAndVendorClassHttpClient() {
        final ReplyView r = offer(ClientFrame.discover(A).arch(16).option(60, Bytes.ascii("HTTPClient:Arch:00016")));
        assertEquals("http://192.168.1.2/ipxe.efi", r.file);
        assertArrayEquals(Bytes.ascii("HTTPClient"), r.option(60));
    }

    @Test
    void shouldFillSiaddrSnameFileAnd66And67Consistently() {
        final ReplyView r = offer(pxe(7));
        assertEquals(ip("192.168.1.2"), r.siaddr);
        assertEquals("boot.lab", r.sname);
        assertArrayEquals(Bytes.ascii("boot.lab"), r.option(66));
        assertArrayEquals(Bytes.ascii(r.file), r.option(67));
        assertTrue(r.has(3), "Harvester installs fail without a router (harvester/harvester#4737)");
    }

    @Test
    void shouldNotAdvertise66And67ToAnOrdinaryClientThatDidNotAskForThem() {
        final ReplyView r = offer(ClientFrame.discover(A).prl(1, 3, 6));
        assertFalse(r.has(66));
        assertFalse(r.has(67));
    }

    @Test
    void shouldExpressTheKubernetesPxeProofOfConcept() {
        // dnsmasq: dhcp-boot=signed_ipxe.efi,<name>,<ip> plus dhcp-option=66,<ip> and dhcp-option=67,signed_ipxe.efi
        final Scope s = Scope.builder(1, "10.42.0.0/24").range("10.42.0.100", "10.42.0.200").router("10.42.0.1")
            .boot(BootSettings.of("signed_ipxe.efi", "pxe-server", "10.42.0.5"))
            .option(66, "10.42.0.5").option(67, "signed_ipxe.efi").build();
        try (Harness h = Harness.of(s)) {
            h.send(ClientFrame.discover(A).arch(7).option(60, Bytes.ascii("PXEClient")));
            final ReplyView r = h.reply();
            assertEquals("signed_ipxe.efi", r.file);
            assertEquals(ip("10.42.0.5"), r.siaddr);
            assertArrayEquals(Bytes.ascii("10.42.0.5"), r.option(66), "the raw option wins, as in dnsmasq");
            assertArrayEquals(Bytes.ascii("signed_ipxe.efi"), r.option(67));
            assertTrue(h.events.lastLine().contains("boot signed_ipxe.efi for x64-uefi (arch 7)"),
                h.events.lastLine());
        }
    }

    @Test
    void shouldLetAnExactArchitectureCodeOverrideTheFamily() {
        final BootSettings boot = new BootSettings(ip("192.168.1.2"), null, "default.0",
            Map.of(ClientArch.X64_UEFI, "x64.efi"), Map.of(9, "ebc-quirk.efi"), null);
        try (Harness h = Harness.of(Harness.lan().boot(boot).build())) {
            h.send(pxe(9));
            assertEquals("ebc-quirk.efi", h.reply().file);
        }
    }

    @Test
    void shouldUseAReservationsOwnBootSettings() {
        final Reservation r = new Reservation(new ReservationKey.Mac(Bytes.mac(A)), 0, null, 0,
            BootSettings.of("special.efi", null, "192.168.1.3"), Map.of());
        try (Harness h = Harness.of(Harness.lan().boot(BOOT).reservation(r).build())) {
            h.send(pxe(7));
            assertEquals("special.efi", h.reply().file);
            assertEquals(ip("192.168.1.3"), h.reply().siaddr);
        }
    }
}

package io.jvde.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jvde.dhcp.testsupport.Bytes;
import org.junit.jupiter.api.Test;

class ReservationRulesTest {
    @Test
    void shouldMapTheNixosMacConventionToItsAddress() {
        // nixos/lib/qemu-common.nix: node N on VLAN V has MAC 52:54:00:12:VV:NN and address 192.168.V.N
        final FormulaReservation nixos = FormulaReservation.nixos();
        assertEquals(Bytes.ip("192.168.1.3"), nixos.addressFor(Bytes.mac("52:54:00:12:01:03")));
        assertEquals(Bytes.ip("192.168.2.254"), nixos.addressFor(Bytes.mac("52:54:00:12:02:fe")));
        assertEquals(0, nixos.addressFor(Bytes.mac("52:54:00:13:01:03")));
    }

    @Test
    void shouldTreatArchitectureCodes7And9BothAsX64Uefi() {
        // RFC 4578 calls 9 "EFI BC", but x64 firmware sends it (docs/dhcp.md §5)
        assertEquals(ClientArch.X64_UEFI, ClientArch.ofCode(7));
        assertEquals(ClientArch.X64_UEFI, ClientArch.ofCode(9));
        assertEquals(ClientArch.BIOS, ClientArch.ofCode(0));
        assertEquals(ClientArch.IA32_UEFI, ClientArch.ofCode(6));
        assertEquals(ClientArch.ARM32_UEFI, ClientArch.ofCode(10));
        assertEquals(ClientArch.ARM64_UEFI, ClientArch.ofCode(11));
        assertEquals(ClientArch.X64_UEFI_HTTP, ClientArch.ofCode(16));
        assertEquals(ClientArch.UNKNOWN, ClientArch.ofCode(-1));
        assertEquals(ClientArch.UNKNOWN, ClientArch.ofCode(4242));
    }

    @Test
    void shouldParseArchitectureNamesAndListTheChoicesOnError() {
        assertEquals(ClientArch.X64_UEFI, ClientArch.fromName("x64-uefi"));
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ClientArch.fromName("amd64"));
        assertEquals(true, e.getMessage().contains("expected: one of bios, ia32-uefi, x64-uefi"));
    }

    @Test
    void shouldCompareClientIdReservationsByContent() {
        assertEquals(ReservationKey.ClientId.parseHex("01:52:54:00:00:00:01"),
            new ReservationKey.ClientId(Bytes.hex("01525400000001")));
        assertNotEquals(ReservationKey.ClientId.parseHex("01:52"), ReservationKey.ClientId.parseHex("01:53"));
    }

    @Test
    void shouldExpressTheKubernetesPxeProofOfConceptBootLine() {
        // dnsmasq: dhcp-boot=signed_ipxe.efi,boot-server,10.0.0.2 plus options 66 and 67
        final BootSettings boot = BootSettings.of("signed_ipxe.efi", "boot-server", "10.0.0.2");
        final Scope s = Scope.builder(0, "10.0.0.0/24").range("10.0.0.100", "10.0.0.200").boot(boot).build();
        assertEquals("signed_ipxe.efi", s.boot().file());
        assertEquals(Bytes.ip("10.0.0.2"), s.boot().nextServer());
    }
}

package io.jvde.dhcp.config;

import io.jvde.dhcp.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Network boot parameters (PXE, iPXE, UEFI HTTP boot). The responder fills siaddr, sname and file and the matching
 * options 66 and 67 from the same values, because boot ROMs differ in which of the two they read (docs/dhcp.md §5,
 * ipxe/ipxe#517). The file is chosen in this order: {@link #ipxeFile} when the client is iPXE (user class "iPXE" or
 * option 175), so a chainloaded iPXE gets its script instead of the binary again; then {@link #fileByArchCode} for
 * the exact option 93 code; then {@link #fileByArch} for the family; then {@link #file}.
 *
 * <p>dnsmasq's {@code dhcp-boot=signed_ipxe.efi,boot-server,10.0.0.2} is
 * {@code new BootSettings(parse("10.0.0.2"), "boot-server", "signed_ipxe.efi", Map.of(), Map.of(), null)}.
 *
 * @param nextServer     siaddr: the TFTP/boot server (0 = none); also option 66 when {@code serverName} is null
 * @param serverName     sname and option 66 (null = none)
 * @param file           default boot file for every architecture (null = none)
 * @param fileByArch     boot file per architecture family (UEFI HTTP families take a URL)
 * @param fileByArchCode boot file per exact option 93 code, overriding the family mapping
 * @param ipxeFile       what a running iPXE gets instead (usually a script URL); null = same as the others
 */
public record BootSettings(int nextServer, String serverName, String file, Map<ClientArch, String> fileByArch,
                           Map<Integer, String> fileByArchCode, String ipxeFile) {
    /** sname is 64 octets and NUL-terminated (RFC 2131 §2). */
    public static final int MAX_SERVER_NAME = 63;
    /** file is 128 octets and NUL-terminated (RFC 2131 §2). */
    public static final int MAX_FILE = 127;

    public BootSettings {
        fileByArch = fileByArch == null ? Map.of() : Map.copyOf(fileByArch);
        fileByArchCode = fileByArchCode == null ? Map.of() : Map.copyOf(new TreeMap<>(fileByArchCode));
    }

    /** dnsmasq's {@code --dhcp-boot FILE[,SERVERNAME[,SERVERIP]]}. */
    public static BootSettings of(final String file, final String serverName, final String serverIp) {
        return new BootSettings(serverIp == null ? 0 : Ipv4Address.parse(serverIp), serverName, file, Map.of(),
            Map.of(), null);
    }

    public BootSettings withArch(final ClientArch arch, final String archFile) {
        final Map<ClientArch, String> files = new java.util.EnumMap<>(ClientArch.class);
        files.putAll(fileByArch);
        files.put(arch, archFile);
        return new BootSettings(nextServer, serverName, file, files, fileByArchCode, ipxeFile);
    }

    public BootSettings withIpxeFile(final String script) {
        return new BootSettings(nextServer, serverName, file, fileByArch, fileByArchCode, script);
    }

    void validate(final String path) {
        if (serverName != null && (serverName.isEmpty()
            || serverName.getBytes(StandardCharsets.US_ASCII).length > MAX_SERVER_NAME || !ascii(serverName))) {
            throw new DhcpConfigException(path + ".serverName", "'" + serverName
                + "' (expected: 1.." + MAX_SERVER_NAME + " ASCII characters, it goes into the 64-octet sname)");
        }
        checkFile(path + ".file", file);
        checkFile(path + ".ipxeFile", ipxeFile);
        for (final Map.Entry<ClientArch, String> e : fileByArch.entrySet()) {
            if (e.getKey() == ClientArch.UNKNOWN) {
                throw new DhcpConfigException(path + ".fileByArch", "unknown (expected: a named architecture;"
                    + " use file for the default)");
            }
            checkFile(path + ".fileByArch." + e.getKey().configName(), e.getValue());
        }
        for (final Map.Entry<Integer, String> e : fileByArchCode.entrySet()) {
            if (e.getKey() < 0 || e.getKey() > 0xFFFF) {
                throw new DhcpConfigException(path + ".fileByArchCode", e.getKey() + " (expected: 0..65535)");
            }
            checkFile(path + ".fileByArchCode." + e.getKey(), e.getValue());
        }
    }

    private static void checkFile(final String path, final String value) {
        if (value != null && (value.isEmpty() || value.length() > MAX_FILE || !ascii(value))) {
            throw new DhcpConfigException(path, "'" + value + "' (expected: 1.." + MAX_FILE
                + " ASCII characters, it goes into the 128-octet file field)");
        }
    }

    private static boolean ascii(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7E) {
                return false;
            }
        }
        return true;
    }
}

package io.jvde.dhcp.server;

import io.jvde.dhcp.config.BootSettings;
import io.jvde.dhcp.config.ClientArch;
import io.jvde.dhcp.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link BootSettings} precomputed into wire bytes, and the choice of boot file for one client (RFC 4578, iPXE
 * chainloading, UEFI HTTP boot). Choosing allocates nothing: it returns one of the prepared files.
 */
final class BootPlan {
    static final byte[] PXE_CLIENT = "PXEClient".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HTTP_CLIENT = "HTTPClient".getBytes(StandardCharsets.US_ASCII);
    static final byte[] IPXE = "iPXE".getBytes(StandardCharsets.US_ASCII);

    final int nextServer;
    /** sname bytes, or null. */
    final byte[] serverName;
    /** Option 66: the server name, else the next server as dotted text; null when neither. */
    final byte[] tftpServerOption;
    private final String defaultFile;
    private final String[] archFiles = new String[ClientArch.values().length];
    private final int[] codes;
    private final String[] codeFiles;
    private final String ipxeFile;
    private final Map<String, byte[]> bytes;

    BootPlan(final BootSettings s) {
        nextServer = s.nextServer();
        serverName = s.serverName() == null ? null : s.serverName().getBytes(StandardCharsets.US_ASCII);
        tftpServerOption = serverName != null ? serverName : nextServer != 0
            ? Ipv4Address.toString(nextServer).getBytes(StandardCharsets.US_ASCII) : null;
        defaultFile = s.file();
        for (final Map.Entry<ClientArch, String> e : s.fileByArch().entrySet()) {
            archFiles[e.getKey().ordinal()] = e.getValue();
        }
        codes = new int[s.fileByArchCode().size()];
        codeFiles = new String[codes.length];
        int i = 0;
        for (final Map.Entry<Integer, String> e : s.fileByArchCode().entrySet()) {
            codes[i] = e.getKey();
            codeFiles[i++] = e.getValue();
        }
        ipxeFile = s.ipxeFile();
        final java.util.HashMap<String, byte[]> b = new java.util.HashMap<>();
        for (final String f : new String[] {defaultFile, ipxeFile}) {
            if (f != null) {
                b.put(f, f.getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (final String f : archFiles) {
            if (f != null) {
                b.put(f, f.getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (final String f : codeFiles) {
            b.put(f, f.getBytes(StandardCharsets.US_ASCII));
        }
        bytes = Map.copyOf(b);
    }

    /** The file for a client: iPXE script first, then exact arch code, then family, then default; may be null. */
    String choose(final int archCode, final ClientArch arch, final boolean ipxe) {
        if (ipxe && ipxeFile != null) {
            return ipxeFile;
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == archCode) {
                return codeFiles[i];
            }
        }
        final String byArch = archFiles[arch.ordinal()];
        if (byArch != null) {
            return byArch;
        }
        // An HTTP-boot client needs a URL; the TFTP default file would not boot it.
        return arch.httpBoot() ? null : defaultFile;
    }

    byte[] bytes(final String file) {
        return bytes.get(file);
    }
}

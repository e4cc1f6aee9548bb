package io.jvde.dhcp.config;

import java.util.Locale;

/**
 * Client system architecture families from option 93 (RFC 4578 §2.1, IANA "Processor Architecture Types"). Codes
 * 7 and 9 both map to {@link #X64_UEFI}: RFC 4578 names 9 "EFI BC", but x64 firmware (OVMF among them) sends it,
 * and servers that followed the RFC literally broke UEFI PXE (docs/dhcp.md §5, opnsense/core#2223).
 */
public enum ClientArch {
    BIOS("bios", false, 0),
    IA32_UEFI("ia32-uefi", false, 6),
    X64_UEFI("x64-uefi", false, 7, 9),
    ARM32_UEFI("arm32-uefi", false, 10),
    ARM64_UEFI("arm64-uefi", false, 11),
    IA32_UEFI_HTTP("ia32-uefi-http", true, 15),
    X64_UEFI_HTTP("x64-uefi-http", true, 16),
    ARM32_UEFI_HTTP("arm32-uefi-http", true, 18),
    ARM64_UEFI_HTTP("arm64-uefi-http", true, 19),
    BIOS_HTTP("bios-http", true, 20),
    RISCV64_UEFI("riscv64-uefi", false, 27),
    RISCV64_UEFI_HTTP("riscv64-uefi-http", true, 28),
    LOONGARCH64_UEFI("loongarch64-uefi", false, 39),
    LOONGARCH64_UEFI_HTTP("loongarch64-uefi-http", true, 40),
    /** Option 93 absent or a code not listed here. */
    UNKNOWN("unknown", false);

    private static final ClientArch[] BY_CODE = new ClientArch[64];

    static {
        for (final ClientArch arch : values()) {
            for (final int code : arch.codes) {
                BY_CODE[code] = arch;
            }
        }
    }

    private final String configName;
    private final boolean httpBoot;
    private final int[] codes;

    ClientArch(final String configName, final boolean httpBoot, final int... codes) {
        this.configName = configName;
        this.httpBoot = httpBoot;
        this.codes = codes;
    }

    /** The family of option 93 code {@code code}; {@link #UNKNOWN} for -1 (absent) and unlisted codes. */
    public static ClientArch ofCode(final int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            return UNKNOWN;
        }
        return BY_CODE[code];
    }

    /** The name configuration files use, e.g. {@code x64-uefi}. */
    public String configName() {
        return configName;
    }

    /** UEFI HTTP boot: the reply must carry option 60 "HTTPClient" and a URL as the boot file (UEFI 2.x §24.7). */
    public boolean httpBoot() {
        return httpBoot;
    }

    /** Accepts the config name ({@code x64-uefi}) or the constant name ({@code X64_UEFI}). */
    public static ClientArch fromName(final String name) {
        for (final ClientArch arch : values()) {
            if (arch.configName.equals(name) || arch.name().equals(name.toUpperCase(Locale.ROOT))) {
                return arch;
            }
        }
        final StringBuilder expected = new StringBuilder();
        for (final ClientArch arch : values()) {
            if (arch != UNKNOWN) {
                expected.append(expected.length() == 0 ? "" : ", ").append(arch.configName);
            }
        }
        throw new IllegalArgumentException("client architecture: " + name + " (expected: one of " + expected + ")");
    }
}

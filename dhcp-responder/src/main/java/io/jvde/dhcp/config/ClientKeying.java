package io.jvde.dhcp.config;

/**
 * What identifies a client for dynamic allocation. MAC is the default: keying by client-id (RFC 2131 §4.2's
 * preference) is the main cause of "my VM got a different IP" reports, because systemd-networkd and initramfs
 * clients send different client-ids for the same NIC (docs/dhcp.md §5).
 */
public enum ClientKeying {
    /** chaddr decides; option 61 is echoed but ignored for allocation. */
    MAC,
    /** Option 61 decides when present, chaddr otherwise. */
    CLIENT_ID
}

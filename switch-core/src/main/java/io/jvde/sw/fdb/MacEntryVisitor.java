package io.jvde.sw.fdb;

/** Receives MAC table entries for printing ({@code hash/print}, {@code hash/find}); must not modify the table. */
@FunctionalInterface
public interface MacEntryVisitor {
    /**
     * @param slot     the entry's slot in the table (printed as vde_switch's "Hash:" column)
     * @param vid      VLAN the address was learned in
     * @param mac      the address, 48 bits
     * @param port     port it was learned on
     * @param ageNanos time since it was last seen
     */
    void visit(int slot, int vid, long mac, int port, long ageNanos);
}

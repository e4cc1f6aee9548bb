package io.jvde.sw.forward;

import io.jvde.sw.frame.VlanTagging;

/**
 * What happens to a frame's 802.1Q tag on its way out of one port (docs/protocol.md §5.1, "Tagging rules").
 * Plain {@code int}s so the forwarding path can store them in an array and {@code switch} on them; the values are
 * {@link VlanTagging}'s, which applies them (frame does not depend on forward).
 */
public final class EgressAction {
    /** Sent as received: untagged to untagged, or tagged to tagged with the original TCI (PCP kept). */
    public static final int AS_IS = VlanTagging.AS_IS;
    /** Untagged in, tagged out: insert {@code 81 00} and TCI = VID with PCP 0, DEI 0. */
    public static final int PUSH_TAG = VlanTagging.PUSH_TAG;
    /** Tagged in, untagged out: remove the 4 tag bytes (the PCP is lost). */
    public static final int POP_TAG = VlanTagging.POP_TAG;

    private EgressAction() {
    }

    public static String name(final int action) {
        switch (action) {
            case AS_IS:
                return "AS_IS";
            case PUSH_TAG:
                return "PUSH_TAG";
            case POP_TAG:
                return "POP_TAG";
            default:
                return "UNKNOWN(" + action + ")";
        }
    }
}

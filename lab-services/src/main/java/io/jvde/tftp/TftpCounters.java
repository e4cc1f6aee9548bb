package io.jvde.tftp;

/** What the TFTP server did, for tftp/print; loop-thread counters. */
public final class TftpCounters {
    long packets;
    long started;
    long completed;
    long failed;
    long refused;
    long busy;
    long malformed;
    long unknownTid;
    long timedOut;
    long retransmitted;
    long sent;
    long errors;
    long bytes;

    public long completed() {
        return completed;
    }

    public long refused() {
        return refused;
    }

    public long retransmitted() {
        return retransmitted;
    }

    public String describe() {
        return "transfers started " + started + " completed " + completed + " failed " + failed + " (timed out "
            + timedOut + "), requests refused " + refused + " busy " + busy + ", malformed " + malformed
            + ", unknown TID " + unknownTid + ", packets in " + packets + " out " + sent + " retransmitted "
            + retransmitted + " errors sent " + errors + ", bytes " + bytes;
    }
}

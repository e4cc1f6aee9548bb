package io.jvde.dns;

/** What the DNS server did, for dns/print; plain counters of the event-loop thread. */
public final class DnsCounters {
    static final int NXDOMAIN = 0;
    static final int NODATA = 1;
    static final int REFUSED = 2;
    static final int FORMERR = 3;
    static final int NOTIMP = 4;
    static final String[] NAMES = {"nxdomain", "nodata", "refused", "formerr", "notimp"};
    static final int SHORT = 0;
    static final int RESPONSE = 1;
    static final String[] DROP_NAMES = {"too short or no room", "a response, not a query"};

    long queries;
    long answered;
    long forwarded;
    private final long[] outcomes = new long[NAMES.length];
    private final long[] drops = new long[DROP_NAMES.length];

    void count(final int outcome) {
        outcomes[outcome]++;
    }

    void drop(final int reason) {
        drops[reason]++;
    }

    public long queries() {
        return queries;
    }

    public long answered() {
        return answered;
    }

    public long forwarded() {
        return forwarded;
    }

    public long nxdomain() {
        return outcomes[NXDOMAIN];
    }

    public long refused() {
        return outcomes[REFUSED];
    }

    public long formerr() {
        return outcomes[FORMERR];
    }

    public long dropped() {
        long n = 0;
        for (final long d : drops) {
            n += d;
        }
        return n;
    }

    /** One line: {@code queries 12 answered 9 nxdomain 1 ... dropped 0}. */
    public String describe() {
        final StringBuilder sb = new StringBuilder("queries ").append(queries).append(" answered ").append(answered)
            .append(" forwarded ").append(forwarded);
        for (int i = 0; i < NAMES.length; i++) {
            sb.append(' ').append(NAMES[i]).append(' ').append(outcomes[i]);
        }
        for (int i = 0; i < DROP_NAMES.length; i++) {
            sb.append(", dropped (").append(DROP_NAMES[i]).append(") ").append(drops[i]);
        }
        return sb.toString();
    }
}

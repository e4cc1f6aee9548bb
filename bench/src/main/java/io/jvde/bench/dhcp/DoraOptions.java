package io.jvde.bench.dhcp;

import io.jvde.vde.sys.SockaddrIn;

/** DoraLoad's command-line options (see DoraLoad's class comment for the usage line). */
final class DoraOptions {
    /** A MAC address written aa:bb:cc:dd:ee:ff, as a number. */
    static long parseMac(final String text) {
        final String[] p = text.split(":");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String part : p) {
            mac = mac << 8 | Integer.parseInt(part, 16);
        }
        return mac;
    }

    String iface;
    double rate;
    double periodSeconds = 5;
    long clients = 1000;
    long timeoutMillis = 1000;
    int giaddr;
    int serverIp;
    long serverMac = -1;
    long macBase = 0x02D0_0000_0000L;
    int batch = 64;
    /** 0: adaptive (see {@link DoraLoad#tickNanos}). */
    int tickMicros;
    int perTick = 4;

    static DoraOptions parse(final String[] args) {
        final DoraOptions o = new DoraOptions();
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            final String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            i++;
            switch (a) {
                case "--interface" -> o.iface = v;
                case "--rate" -> o.rate = Double.parseDouble(v);
                case "--period" -> o.periodSeconds = Double.parseDouble(v);
                case "--clients" -> o.clients = Long.parseLong(v);
                case "--timeout-ms" -> o.timeoutMillis = Long.parseLong(v);
                case "--relay" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--relay needs GIADDR SERVER_IP");
                    }
                    o.giaddr = SockaddrIn.parse(v);
                    o.serverIp = SockaddrIn.parse(args[++i]);
                }
                case "--server-mac" -> o.serverMac = parseMac(v);
                case "--mac-base" -> o.macBase = parseMac(v);
                case "--batch" -> o.batch = Integer.parseInt(v);
                case "--tick-us" -> o.tickMicros = Integer.parseInt(v);
                case "--per-tick" -> o.perTick = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        o.check();
        return o;
    }

    private void check() {
        if (iface == null) {
            throw new IllegalArgumentException("--interface is required");
        }
        if (!(rate > 0) || !(periodSeconds > 0) || rate * periodSeconds > 20_000_000) {
            throw new IllegalArgumentException("--rate and --period must be > 0, at most 20 M exchanges in all");
        }
        if (clients < 1 || clients > 1L << 24 || timeoutMillis < 1 || timeoutMillis > 60_000) {
            throw new IllegalArgumentException("--clients 1..16777216, --timeout-ms 1..60000");
        }
        if (batch < 1 || batch > 1024 || tickMicros != 0 && (tickMicros < 50 || tickMicros > 100_000)
            || perTick < 1 || perTick > 1024) {
            throw new IllegalArgumentException("--batch 1..1024, --tick-us 50..100000, --per-tick 1..1024");
        }
    }
}

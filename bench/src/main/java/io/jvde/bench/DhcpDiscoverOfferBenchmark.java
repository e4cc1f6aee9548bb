package io.jvde.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * DISCOVER → OFFER on the real {@code DhcpResponder.onFrame}: Ethernet/IPv4/UDP checks (UDP checksum verified), the
 * BOOTP header and options decoded, the client's lease looked up among {@code clients} leases, the OFFER encoded
 * (options, IPv4 and UDP checksums) and handed to the sink. See {@link DhcpBench} for the state.
 */
public class DhcpDiscoverOfferBenchmark extends DhcpExchangeBenchmark {
    @Override
    String request() {
        return "DISCOVER";
    }

    @Override
    String reply() {
        return "OFFER";
    }

    @Benchmark
    public int discoverOffer() {
        ops++;
        return bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.discovers, bench.next(),
            DhcpBench.FRAME_LENGTH, DhcpBench.START);
    }
}

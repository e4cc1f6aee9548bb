package io.jvde.bench;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * REQUEST (SELECTING) → ACK on the real {@code DhcpResponder}: {@code onFrame} decodes the request, checks the server
 * identifier and the requested address against the client's lease, extends the lease and appends its journal record,
 * encodes the ACK and stages it; {@code flush()} is the group commit (an in-memory journal here, so no fsync) that
 * hands the ACK to the sink. One operation is one REQUEST and one flush, i.e. a batch of one, the worst case for the
 * group commit. The lease is the one the client already holds, so the table stays at {@code clients} leases and
 * every operation does the same work. See {@link DhcpBench} for the state.
 */
public class DhcpRequestAckBenchmark extends DhcpExchangeBenchmark {
    @Override
    String request() {
        return "REQUEST";
    }

    @Override
    String reply() {
        return "ACK";
    }

    @Benchmark
    public int requestAck() {
        ops++;
        final int reason = bench.responder.onFrame(DhcpBench.PORT, DhcpBench.VID, bench.requests, bench.next(),
            DhcpBench.FRAME_LENGTH, DhcpBench.START);
        return reason + bench.responder.flush();
    }
}

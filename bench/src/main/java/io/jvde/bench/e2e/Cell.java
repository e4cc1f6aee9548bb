package io.jvde.bench.e2e;

/** One traffic pattern of the matrix: frame size, number of switch ports in use, unicast or broadcast. */
final class Cell {
    final int frameSize;
    final int ports;
    final boolean broadcast;

    Cell(final int frameSize, final int ports, final boolean broadcast) {
        this.frameSize = frameSize;
        this.ports = ports;
        this.broadcast = broadcast;
    }

    String traffic() {
        return broadcast ? "broadcast" : "unicast";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Cell && ((Cell) o).frameSize == frameSize && ((Cell) o).ports == ports
            && ((Cell) o).broadcast == broadcast;
    }

    @Override
    public int hashCode() {
        return (frameSize * 31 + ports) * 2 + (broadcast ? 1 : 0);
    }

    @Override
    public String toString() {
        return frameSize + " B, " + ports + " ports, " + traffic();
    }
}

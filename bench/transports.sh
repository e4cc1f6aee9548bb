#!/usr/bin/env bash
# Stream transport vs VDE datagrams, side by side in one run: one jvde process with --stream, 64- and 1514-byte
# unicast between two VDE clients and between two stream connections (the project's own clients, the same frames
# and counting), rounds alternating the two; medians of delivered frames/s, loss, the switch's CPU per frame.
# Writes the table into BENCHMARKS.md (between the transports markers) with the command.
#
#   bench/transports.sh              5 rounds of 1.5 s per cell (about 1 minute)
#   bench/transports.sh --quick      1 round of 1 s
#   bench/transports.sh --no-build   use bench/target/benchmarks.jar as it is
#   bench/transports.sh --no-write   print the table instead of writing BENCHMARKS.md
#   other options go to io.jvde.bench.e2e.TransportBench (--rounds N, --seconds S, --frames N)
#
# Needs: JDK 17+, Maven. Sockets live in a temporary directory; the switch process is stopped by PID on exit.
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
name=transports
quick_args=(--rounds 1 --seconds 1)
. "$root/bench/driver.sh"
bench_parse "$@"
bench_setup
bench_drive "-Xms256m -Xmx512m" TransportBench "${args[@]}"
bench_write "Stream transport vs VDE datagrams"

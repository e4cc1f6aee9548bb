#!/usr/bin/env bash
# The VXLAN uplink's cost, side by side in one run (io.jvde.bench.e2e.VxlanBench): frames (a) through one jvde and
# (b) through two jvde joined by VXLAN over a veth pair between two network namespaces, unpaced and offered half of
# (a)'s rate; switch CPU per frame; iperf3 over Linux kernel vxlan devices for reference. Writes the table into
# BENCHMARKS.md (between the vxlan markers) with the command and the load.
#
#   bench/vxlan.sh               3 rounds of 3 s per cell (about 2 minutes)
#   bench/vxlan.sh --quick       1 round of 2 s
#   bench/vxlan.sh --no-build    use bench/target/benchmarks.jar as it is
#   bench/vxlan.sh --no-write    print the table instead of writing BENCHMARKS.md
#   other options go to VxlanBench (--rounds N, --seconds S, --jvde-opts "ARGS", --alt-opts "ARGS")
#
# Needs root (network namespaces named jvdeb-*, removed at exit) and iperf3. Every process it starts is stopped by
# PID on exit.
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
name=vxlan
quick_args=(--rounds 1 --seconds 2)
. "$root/bench/driver.sh"
bench_parse "$@"
[ "$(id -u)" = 0 ] || { echo "vxlan.sh: needs root (network namespaces)" >&2; exit 2; }
bench_setup
started=$(date -u '+%Y-%m-%d %H:%M')
load0=$(cut -d' ' -f1-3 /proc/loadavg)
java -Xms256m -Xmx512m -cp "$jar" io.jvde.bench.e2e.VxlanBench "${args[@]}" >"$tmp/body.md" &
driver=$!
wait "$driver"
driver=
load1=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "Measured $started UTC with \`$command_line\`; load average (1/5/15 min) $load0 at the start, $load1 at"
    echo "the end; 2 CPUs shared with other work, so read the ratios. Medians over rounds; (b)/(a) is the median of"
    echo "the per-round ratios."
    echo
    cat "$tmp/body.md"
} >"$report"
bench_write "VXLAN uplink: one jvde vs two jvde joined by VXLAN"

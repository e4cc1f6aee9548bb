#!/usr/bin/env bash
# End-to-end benchmark, one command: the same generator (the project's own VDE client, sendmmsg/recvmmsg) against
# a direct wire, Debian's vde_switch and jvde (each switch a separate process), 64- and 1514-byte frames, 2, 4 and 16
# ports (4: unicast only), unicast and broadcast, switch CPU per frame, paced load, then start-up time and resident
# memory. Writes the tables into BENCHMARKS.md (between the e2e markers) with the machine and the command.
#
#   bench/e2e.sh                 full run (3 rounds; about 5-6 minutes on 2 cores)
#   bench/e2e.sh --quick         1 round, fewer frames, 2 start-ups (a smoke test; ~2.5 minutes)
#   bench/e2e.sh --no-build      use bench/target/benchmarks.jar as it is
#   bench/e2e.sh --no-write      print the report instead of writing BENCHMARKS.md
#   other options go to io.jvde.bench.e2e.E2eBench (--rounds N, --frames N, --seconds S, --sections a,b, --reps N)
#
# Needs: JDK 17+, Maven, vde_switch (apt-get install vde2). Sockets live in a temporary directory; every process
# started is stopped by PID on exit, whatever the exit.
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
name=e2e
quick_args=(--rounds 1 --frames 150000 --seconds 1 --reps 2)
. "$root/bench/driver.sh"
bench_parse "$@"
command -v vde_switch >/dev/null || { echo "e2e.sh: vde_switch not found (apt-get install vde2)" >&2; exit 2; }
bench_setup

# 1,000 attached clients need 2,000 descriptors in vde_switch and in the generator.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# jvde runs from the jar bin/jvde runs, through its CLI (`jvde switch -s DIR`), with the JVM options under test
# in place of the launcher's; without that jar, from the benchmark jar's SwitchMain.
jvde_cp=$jar
jvde_main="io.jvde.bench.e2e.SwitchMain {dir}"
if [ -f "$root/jvde-app/target/jvde.jar" ]; then
    jvde_cp=$root/jvde-app/target/jvde.jar
    jvde_main="io.jvde.app.cli.JvdeMain switch -s {dir}"
fi

bench_drive "-Xms256m -Xmx1g" E2eBench --cp "$jvde_cp" --jvde-main "$jvde_main" "${args[@]}"
bench_write "End to end"

#!/usr/bin/env bash
# Start-up side by side in one run: a bare `java -version` (exec to exit), `bin/jvde switch -s DIR` as a user
# starts it (the launcher, DHCP on, the default lease journal) and Debian's `vde_switch -s DIR`, both to the first
# completed VDE handshake of a client; interleaved repetitions, medians and the ratio to `java -version`. With a
# JDK 25 installed (/usr/lib/jvm/*25*, or JAVA25_HOME), the two JVM rows again on it. Writes the table into
# BENCHMARKS.md (between the startup markers) with the command and the load.
#
#   bench/startup.sh              21 repetitions after a warm-up (1-2 minutes on a quiet machine, 4 at load 16)
#   bench/startup.sh --quick      5 repetitions
#   bench/startup.sh --no-build   use bench/target/benchmarks.jar and jvde-app/target/jvde.jar as they are
#   bench/startup.sh --no-write   print the table instead of writing BENCHMARKS.md
#   other options go to io.jvde.bench.e2e.StartupBench (--reps N; --variant "JVM OPTIONS" or --other-jvde
#   OTHER/bin/jvde: one more row, e.g. another checkout's launcher for a before/after in one run)
#
# Needs: JDK 17+, Maven, vde_switch (apt-get install vde2). Every process started is stopped by PID on exit.
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
name=startup
quick_args=(--reps 5)
. "$root/bench/driver.sh"
bench_parse "$@"
command -v vde_switch >/dev/null || { echo "startup.sh: vde_switch not found (apt-get install vde2)" >&2; exit 2; }
bench_setup
if [ "$build" = 1 ]; then
    echo "startup.sh: building jvde-app/target/jvde.jar (bin/jvde's jar and its class-data archive)" >&2
    (cd "$root" && mvn -B -q -pl jvde-app -am package -DskipTests) >&2
fi

java25=${JAVA25_HOME:-}
if [ -z "$java25" ]; then
    for d in /usr/lib/jvm/*25*; do
        if [ -x "$d/bin/java" ]; then java25=$d; break; fi
    done
fi
if [ -n "$java25" ]; then
    # the AOT cache of that JDK, made now rather than by the first timed start (the package step makes JDK 17's)
    JAVA=$java25/bin/java "$root/bin/jvde" --build-cds
fi
bench_drive "-Xmx256m" StartupBench --jvde "$root/bin/jvde" ${java25:+--java25 "$java25"} "${args[@]}"
bench_write "Start-up: jvde against a bare JVM and vde_switch"

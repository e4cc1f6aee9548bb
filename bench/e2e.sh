#!/usr/bin/env bash
# End-to-end benchmark, one command: the same generator (the project's own VDE client, sendmmsg/recvmmsg) against
# a direct wire, Debian's vde_switch and jvde (each switch a separate process), 64- and 1514-byte frames, 2 and 16
# ports, unicast and broadcast, paced load, then start-up time and resident memory. Writes the tables into
# BENCHMARKS.md (between the e2e markers) with the machine and the command.
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
build=1
write=1
args=()
for a in "$@"; do
    case $a in
        --quick) args+=(--rounds 1 --frames 150000 --seconds 1 --reps 2) ;;
        --no-build) build=0 ;;
        --no-write) write=0 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) args+=("$a") ;;
    esac
done

command -v vde_switch >/dev/null || { echo "e2e.sh: vde_switch not found (apt-get install vde2)" >&2; exit 2; }
command -v java >/dev/null || { echo "e2e.sh: java not found" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jvde-e2e.XXXXXX")
driver=

# Stops what this script started, by PID: the driver JVM first (its shutdown hook stops its children), then any
# child it recorded that is still alive and still ours (its command line names our temporary directory).
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$driver" ] && kill -0 "$driver" 2>/dev/null; then
        kill -TERM "$driver" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$driver" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$driver" 2>/dev/null || true
    fi
    if [ -f "$tmp/children.pids" ]; then
        while read -r pid; do
            if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$tmp"; then
                kill -TERM "$pid" 2>/dev/null || true
                sleep 0.5
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done <"$tmp/children.pids"
    fi
    rm -rf "$tmp"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ $build = 1 ]; then
    echo "e2e.sh: building bench/target/benchmarks.jar" >&2
    (cd "$root" && mvn -B -q -Pbenchmarks -pl bench -am package -DskipTests) >&2
fi
jar=$root/bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "e2e.sh: $jar is missing (run without --no-build)" >&2; exit 2; }

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

report=$tmp/e2e.md
java -Xms256m -Xmx1g -cp "$jar" io.jvde.bench.e2e.E2eBench --tmp "$tmp" --out "$report" --cp "$jvde_cp" \
    --jvde-main "$jvde_main" --command-line "bench/e2e.sh $*" "${args[@]}" &
driver=$!
wait "$driver"
driver=

if [ $write = 0 ]; then
    cat "$report"
    exit 0
fi

# Replace what lies between the markers in BENCHMARKS.md (create the section if the file has none).
md=$root/BENCHMARKS.md
. "$root/bench/sections.sh"
write_section "$md" e2e "End to end" "$report" "$tmp"
echo "e2e.sh: tables written to $md" >&2

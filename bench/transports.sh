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
build=1
write=1
args=()
for a in "$@"; do
    case $a in
        --quick) args+=(--rounds 1 --seconds 1) ;;
        --no-build) build=0 ;;
        --no-write) write=0 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) args+=("$a") ;;
    esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jvde-transports.XXXXXX")
driver=
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
    echo "transports.sh: building bench/target/benchmarks.jar" >&2
    (cd "$root" && mvn -B -q -Pbenchmarks -pl bench -am package -DskipTests) >&2
fi
jar=$root/bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "transports.sh: $jar is missing (run without --no-build)" >&2; exit 2; }

report=$tmp/transports.md
java -Xms256m -Xmx512m -cp "$jar" io.jvde.bench.e2e.TransportBench --tmp "$tmp" --out "$report" \
    --command-line "bench/transports.sh $*" "${args[@]}" &
driver=$!
wait "$driver"
driver=

if [ $write = 0 ]; then
    cat "$report"
    exit 0
fi
md=$root/BENCHMARKS.md
. "$root/bench/sections.sh"
write_section "$md" transports "Stream transport vs VDE datagrams" "$report" "$tmp"
echo "transports.sh: table written to $md" >&2

#!/usr/bin/env bash
# JMH microbenchmarks of the forwarding path and of the DHCP responder (DISCOVER->OFFER, REQUEST->ACK) with the GC
# profiler; writes the table and the JMH targets into BENCHMARKS.md (between the jmh markers).
#
#   bench/jmh.sh                  every benchmark (about 8 minutes on 2 cores)
#   bench/jmh.sh LearnedUnicast   a subset (JMH regexp); other JMH options pass through (-f 2, -p entries=1000, ...)
#   bench/jmh.sh --no-build ...   use bench/target/benchmarks.jar as it is
#   bench/jmh.sh --no-write ...   print the table instead of writing BENCHMARKS.md
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
build=1
write=1
args=()
for a in "$@"; do
    case $a in
        --no-build) build=0 ;;
        --no-write) write=0 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) args+=("$a") ;;
    esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jvde-jmh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ $build = 1 ]; then
    echo "jmh.sh: building bench/target/benchmarks.jar" >&2
    (cd "$root" && mvn -B -q -Pbenchmarks -pl bench -am package -DskipTests) >&2
fi
jar=$root/bench/target/benchmarks.jar

java -jar "$jar" -prof gc -rf csv -rff "$tmp/jmh.csv" "${args[@]}" >&2
java -cp "$jar" io.jvde.bench.JmhTable "$tmp/jmh.csv" "bench/jmh.sh $*" >"$tmp/jmh.md"

if [ $write = 0 ]; then
    cat "$tmp/jmh.md"
    exit 0
fi
md=$root/BENCHMARKS.md
. "$root/bench/sections.sh"
write_section "$md" jmh "Microbenchmarks (JMH)" "$tmp/jmh.md" "$tmp"
echo "jmh.sh: table written to $md" >&2

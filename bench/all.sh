#!/usr/bin/env bash
# One run of every benchmark script, one after the other on the same day, for the targets table of BENCHMARKS.md
# ("one table of truth"): builds once, then runs each script with --no-build, and records the machine's load average
# before and after each in bench/target/all-DATE.log (with every script's own output). Each script writes its own
# section of BENCHMARKS.md between its markers, with its command line and load; this log says in what order and
# when they ran.
#
#   bench/all.sh            startup, e2e, transports, vxlan, dhcp (jvde, Kea on its veth, Kea behind vde_plug2tap;
#                           /16 pool with 1 k leases and /15 with 100 k), jmh: about 35 minutes on 2 cores
#   bench/all.sh --no-write print the sections instead of writing BENCHMARKS.md
#   bench/all.sh --only "startup e2e"   a subset, in the order above
#
# Needs what the scripts need: root (dhcp, vxlan), vde2, kea-dhcp4-server, kea-admin (perfdhcp), iperf3, Maven.
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
write=()
only="startup e2e transports vxlan dhcp jmh"
while [ $# -gt 0 ]; do
    case $1 in
        --no-write) write=(--no-write) ;;
        --only) only=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "all.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$root/bench/target"
log=$root/bench/target/all-$(date -u '+%Y%m%d-%H%M').log
say() { echo "[$(date -u '+%H:%M:%S')] $*" | tee -a "$log" >&2; }

say "building the jars once (jvde-app with its class-data archive, bench/target/benchmarks.jar)"
(cd "$root" && mvn -B -q -ntp -Pbenchmarks -pl bench -am package -DskipTests) >>"$log" 2>&1
say "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) CPUs; $(uname -r)"
for script in startup e2e transports vxlan dhcp jmh; do
    case " $only " in *" $script "*) ;; *) continue ;; esac
    case $script in
        dhcp) args=(--servers "jvde kea kea-vde" --scenarios "p16k1 p15k100" --rounds 1 --period 5
                    --rates "1000 2000 3000 4000 5000 6000 8000 10000 12000") ;;
        *) args=(--no-build) ;;
    esac
    say "$script: start, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if "$root/bench/$script.sh" "${args[@]}" ${write[@]+"${write[@]}"} >>"$log" 2>&1; then
        say "$script: done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    else
        say "$script: FAILED (status $?; see $log)"
    fi
done
say "log: $log"

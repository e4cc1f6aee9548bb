#!/usr/bin/env bash
# DHCP throughput (issue 3 item 3): Kea's perfdhcp doing full DORA at rising rates against jvde's built-in server
# (perfdhcp in a network namespace attached to `jvde switch` through vde_plug2tap and a tap), and in the same run
# against kea-dhcp4 (single-threaded, memfile, persist=true, LFC off) and dnsmasq (lease file on disk), each on a
# veth pair. Every server keeps its leases in a file on the same disk. Writes the table into BENCHMARKS.md (between
# the dhcp markers). Needs root (network namespaces, taps) and perfdhcp (kea-admin), kea-dhcp4, dnsmasq, vde_plug2tap.
# Server kea-vde is kea-dhcp4 as users run it beside jvde: behind vde_plug2tap on the same jvde switch (VLAN 2, which
# jvde does not serve: the switch only forwards), perfdhcp reaching it through a vde_plug2tap of its own, so Kea's
# packets take the path jvde's own server is measured on. Every step records perfdhcp's per-exchange timers (-x t):
# the table gives p50/p99 of DISCOVER-OFFER and REQUEST-ACK, and jvde's p99 at the highest rate Kea held.
# Servers jvde-tap and kea-tap take vde_plug2tap out of the path: the switch opens the taps itself (`jvde switch -t`,
# its tap transport) and each is moved into a namespace of its own. jvde-tap is jvde's built-in server with perfdhcp on
# such a tap (one kernel device between them, as Kea on its veth); kea-tap is Kea on a tap of the switch and perfdhcp
# on another (VLAN 3, forwarded only): Kea on the path jvde-tap's server is measured on, plus the switch and a tap.
#
#   bench/dhcp.sh                      3 scenarios x 3 servers, 10 s per rate, 3 rounds (about 30-40 minutes)
#   bench/dhcp.sh --quick              2 scenarios, 5 s per rate, 1 round (about 6 minutes)
#   bench/dhcp.sh --servers "jvde kea kea-vde" --scenarios "p16k1 p15k100" --rounds 3
#                                      jvde vs Kea on its veth and Kea behind vde_plug2tap on jvde's switch
#   bench/dhcp.sh --servers "jvde-tap kea kea-tap"
#                                      the same without vde_plug2tap: the switch's own taps
#   bench/dhcp.sh --rounds N --period S --servers "jvde kea" --scenarios "p16k1 p15k100" --rates "1000 2000"
#   bench/dhcp.sh --no-write           print the table instead of writing BENCHMARKS.md
#   bench/dhcp.sh --keep               keep the work directory (perfdhcp outputs, server logs) and say where
#   bench/dhcp.sh --report DIR         no measurement: the table from a kept work directory's results.tsv
# Diagnosis: JVDE_JAVA_OPTS is added to jvde's JVM options (e.g. -XX:StartFlightRecording=...); JVDE_LEASE_FILE=memory
# runs jvde without persistence (not a figure to report against the targets); JVDE_LEASE_SYNC=write runs it with
# --dhcp-lease-sync write (each lease written before its ACK, not fsynced: the durability of Kea's memfile here); JVDE_JAVA_OPTS=-Djvde.dhcp.syncOnLoop=true
# runs every journal fsync on the event loop as before it had a thread of its own, -Djvde.dhcp.syncInBackground=true
# every one on the journal's thread; by default the commit is adaptive (-Djvde.dhcp.slowSyncMicros, -Djvde.dhcp.largeBatch;
# the switch's log, kept with --keep, says at the end how many batches went where). --unix-qlen N runs the switch in a
# namespace of its own whose net.unix.max_dgram_qlen is N (as is vde_plug2tap's): how many datagrams a unix socket
# queues per receiver (10 on Debian 12; the switch reads nothing while it waits for the journal's fsync).
#
# --client dora replaces perfdhcp with the project's own load generator (bench/src/main/java/io/jvde/bench/dhcp/
# DoraLoad.java, compiled here with javac against jvde.jar): the same full DORA at the same offered rates, relay mode
# (giaddr = the client address), the same 1 s timeout and CLIENTS clients, on the same interface of the same
# namespace, but through an AF_PACKET socket batched with sendmmsg/recvmmsg on a 250 us-1 ms tick (about 4
# DISCOVERs a tick), latencies from the kernel's receive timestamps. perfdhcp busy-polls (1.3-1.9 cores here,
# ~200-300 us of CPU per DORA), which on two cores caps what it can measure; DoraLoad needs ~5-15 us per DORA from
# 4000/s up, 25-30 % of a core at 48000/s (more per DORA at low rates: each sleep costs ~30 us on this VM). The CPU column is then DoraLoad's process CPU during the
# step (JVM start-up and warm-up excluded; the log line gives the whole process's too). DORA_MODE=direct makes its
# clients directly attached ones instead (0.0.0.0:68 -> broadcast, broadcast flag; no giaddr): jvde and dnsmasq
# answer them, Kea on its UDP sockets (bound to the interface's address) does not see them. DORA_JAVA_OPTS is
# added to its JVM options. perfdhcp is then not needed.
# Without --rates its ladder goes on past 20000 up to 80000 DORA/s (jvde-tap held 48000 at < 1 % drops here).
#   bench/dhcp.sh --client dora --servers "jvde-tap kea kea-tap" --scenarios "p16k1 p15k100" --rounds 1 --period 5 \
#       --rates "2000 4000 8000 12000 16000 20000 24000 32000 40000 48000 64000"
set -euo pipefail

root=$(cd -P -- "$(dirname -- "$0")/.." && pwd)
quick=0
write=1
keep=0
rounds=
period=
servers="jvde kea dnsmasq"
scenarios=
rates=
report_from=
unix_qlen=
client=perfdhcp
argv="$*"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --no-write) write=0 ;;
        --keep) keep=1 ;;
        --rounds) rounds=$2; shift ;;
        --period) period=$2; shift ;;
        --servers) servers=$2; shift ;;
        --scenarios) scenarios=$2; shift ;;
        --rates) rates=$2; shift ;;
        --report) report_from=$2; shift ;;
        --unix-qlen) unix_qlen=$2; shift ;;
        --client) client=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "dhcp.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ $quick = 1 ]; then
    : "${rounds:=1}" "${period:=5}" "${scenarios:=p16k1 p15k100}"
else
    : "${rounds:=3}" "${period:=10}" "${scenarios:=p16k1 p15k1 p15k100}"
fi

die() { echo "dhcp.sh: $*" >&2; exit 1; }
log() { echo "dhcp.sh: $*" >&2; }
case $client in perfdhcp|dora) ;; *) die "--client $client (expected perfdhcp or dora)" ;; esac
[ "$(id -u)" = 0 ] || die "needs root (it creates network namespaces and taps)"
tools="kea-dhcp4 dnsmasq vde_plug2tap ip ss java"
[ "$client" = dora ] && tools="$tools javac" || tools="perfdhcp $tools"
for tool in $tools; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install kea-admin kea-dhcp4-server dnsmasq-base vde2 iproute2)"
done

# ------------------------------------------------------------------------------------------------ fixed parameters
# RFC 2544's benchmark block, no route out. perfdhcp acts as a relay (unicast to the server, giaddr = its address),
# so every server's subnet is the /15 that holds the relay address; the pools below sit inside it.
CLIENT_IP=198.18.0.2
SERVER_IP=198.18.0.1
NETMASK=255.254.0.0
SUBNET_CIDR=198.18.0.0/15
LEASE_SECONDS=86400
# Distinct simulated clients per perfdhcp run (random MACs from perfdhcp's base 00:0c:01:02:03:04): the first DORA
# of a client allocates a new lease, later ones re-acknowledge it; every ACK is a persisted lease write. 20 000
# fits beside 100 k prefilled leases in the /15 pool.
CLIENTS=20000
# A reply later than 1 s is a drop (perfdhcp's default -d 1, ISC's methodology); wait 1 s for replies in flight.
# -x t: at the end, every completed exchange's timers (for the latency percentiles).
PERF_OPTS=(-4 -R "$CLIENTS" -W 1000000 -x t -l "$CLIENT_IP" "$SERVER_IP")
# Rates (DORA/s); a server stops climbing at the first rate with >= 5 % drops or the second in a row with >= 1 %.
# jvde and Kea start at 1000/s, dnsmasq (which rewrites its whole lease file per change) at 50/s.
LADDER=${rates:-"50 100 250 500 1000 2000 3000 4000 5000 6000 7000 8000 10000 12000 16000 20000"}
# DoraLoad is no bottleneck below ~100 k/s here, and jvde holds more than 20 k/s: its ladder goes on
[ -n "$rates" ] || [ "$client" != dora ] || LADDER="$LADDER 24000 32000 40000 48000 56000 64000 80000"
first_rate() {
    local r
    if [ -n "$rates" ]; then echo "${rates%% *}"; return; fi # --rates: every server starts at the first given
    for r in $LADDER; do
        if [ "$1" = dnsmasq ] || [ "$r" -ge 1000 ]; then echo "$r"; return; fi
    done
    echo "${LADDER##* }"
}
# Latency is compared across scenarios at this rate (on every server's ladder but dnsmasq's, which rarely holds it).
FIXED_RATE=1000
# CPU per DORA is compared at this rate: high enough that idle wake-ups do not dominate, and held by jvde and Kea.
CPU_RATE=4000

# scenario -> "label pool_start pool_end prefill"
scenario_def() {
    case $1 in
        p16k1) echo "/16_pool,_1_k_leases 198.19.0.1 198.19.255.254 1000" ;;
        p15k1) echo "/15_pool,_1_k_leases 198.18.1.0 198.19.255.254 1000" ;;
        p15k100) echo "/15_pool,_100_k_leases 198.18.1.0 198.19.255.254 100000" ;;
        *) die "unknown scenario $1 (expected p16k1, p15k1 or p15k100)" ;;
    esac
}
for s in $scenarios; do scenario_def "$s" >/dev/null; done

versions() {
    local jv
    jv=$(java -version 2>&1 | head -1)
    local gen="DoraLoad (bench/src/main/java/io/jvde/bench/dhcp/DoraLoad.java, ${DORA_MODE:-relay} mode)"
    [ "$client" = dora ] || gen="perfdhcp $(perfdhcp -v 2>&1 | sed -n 's/^VERSION: //p')"
    echo "$gen, kea-dhcp4 $(kea-dhcp4 -v 2>&1), $(dnsmasq -v | head -1 | cut -d' ' -f1-3), $jv"
}

if [ -n "$report_from" ]; then
    work=$report_from
    results=$work/results.tsv
    [ -s "$results" ] || die "$results is missing or empty"
    rounds=$(awk -F'\t' '$1 > n { n = $1 } END { print n + 0 }' "$results")
    servers=$(awk -F'\t' '!($3 in s) { s[$3] = 1; printf "%s ", $3 }' "$results")
    [ -n "$scenarios" ] || scenarios=$(awk -F'\t' '!($2 in s) { s[$2] = 1; printf "%s ", $2 }' "$results")
    [ -f "$work/run" ] || die "$work/run is missing (not a work directory of bench/dhcp.sh)"
    [ ! -f "$work/client" ] || read -r client DORA_MODE <"$work/client"
    read -r started_day started_time period <"$work/run"
    measured="Measured $started_day $started_time UTC to $(date -u -r "$results" '+%H:%M:%S UTC') (table rebuilt"
    measured="$measured later with --report) with:"
    command=$(cat "$work/argv")
else

# ------------------------------------------------------------------------------------------------ work area, cleanup
mkdir -p "$root/bench/target"
work=$(mktemp -d "$root/bench/target/dhcp.XXXXXX") # on disk, not tmpfs: the lease files are what is measured
P=jdh$$                                             # prefix of every namespace and link this run creates
# Each server has its own pair of namespaces, so all three run side by side and the rates interleave: at every
# rate the servers are measured one after the other, under the same background load.
NS_J=${P}j TAP=${P}t           # jvde: perfdhcp's namespace, with the tap vde_plug2tap attaches to the switch
NS_KC=${P}kc NS_KS=${P}ks      # kea: client and server namespaces, veth ${P}kc <-> ${P}ks
NS_DC=${P}dc NS_DS=${P}ds      # dnsmasq: likewise
NS_JS=${P}js                   # jvde itself, with --unix-qlen only (otherwise it runs in the root namespace)
NS_VC=${P}vc NS_VS=${P}vs      # kea-vde: perfdhcp and Kea, each on a tap of its own plugged into jvde's switch
NS_JT=${P}jt                   # jvde-tap: perfdhcp's namespace, with a tap the switch opened itself
NS_TC=${P}tc NS_TS=${P}ts      # kea-tap: perfdhcp and Kea, each on a tap the switch opened itself
ALL_NS="$NS_J $NS_KC $NS_KS $NS_DC $NS_DS $NS_JS $NS_VC $NS_VS $NS_JT $NS_TC $NS_TS"
pids=()

stop_pid() { # TERM, up to 5 s, then KILL; only our own children
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    for ns in $ALL_NS; do ip netns del "$ns" 2>/dev/null || true; done
    if [ $keep = 1 ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for ns in $ALL_NS; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
JVDE_NS=()
if [ -n "$unix_qlen" ]; then
    for ns in "$NS_JS" "$NS_J"; do ip netns exec "$ns" sysctl -qw net.unix.max_dgram_qlen="$unix_qlen"; done
    JVDE_NS=(ip netns exec "$NS_JS")
fi
for pair in "$NS_KC $NS_KS" "$NS_DC $NS_DS"; do
    read -r c s <<<"$pair"
    ip link add "$c" netns "$c" type veth peer name "$s" netns "$s"
    ip -n "$c" addr add "$CLIENT_IP/15" dev "$c"
    ip -n "$s" addr add "$SERVER_IP/15" dev "$s"
    ip -n "$c" link set "$c" up
    ip -n "$s" link set "$s" up
done

jar=$root/jvde-app/target/jvde.jar
if [ ! -f "$jar" ]; then
    log "building $jar"
    (cd "$root" && mvn -q -B -DskipTests package -pl jvde-app -am) >&2
fi
prefill_src=$root/bench/src/main/java/io/jvde/bench/dhcp/LeasePrefill.java
if [ "$client" = dora ]; then
    # DoraLoad has classes of its own (not one source file): compiled once per run, against the jar it runs with
    javac -nowarn -d "$work/dora" -cp "$jar" "$root"/bench/src/main/java/io/jvde/bench/dhcp/Dora*.java >&2
fi
echo "$client ${DORA_MODE:-relay}" >"$work/client"

wait_until() { # wait_until SECONDS WHAT COMMAND...: polls every 0.1 s
    local seconds=$1 what=$2 i
    shift 2
    for i in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    die "$what not ready within ${seconds} s (work directory $work kept)"
}
udp67_bound() { ip netns exec "$1" ss -Hlun 'sport = :67' | grep -q .; }

# ------------------------------------------------------------------------------------------------ servers
# start_SERVER SCENARIO POOL_START POOL_END: adds to SERVER_PIDS (stopped by stop_servers); CLIENT_NS[server] is
# where perfdhcp runs for it.
declare -A CLIENT_NS=([jvde]=$NS_J [kea]=$NS_KC [dnsmasq]=$NS_DC [kea-vde]=$NS_VC [jvde-tap]=$NS_JT [kea-tap]=$NS_TC)
# the interface of CLIENT_NS[server] the load generator sends on (--client dora binds its socket to it)
declare -A CLIENT_IF=([jvde]=$TAP [kea]=$NS_KC [dnsmasq]=$NS_DC [kea-vde]=${P}vc [jvde-tap]=$NS_JT [kea-tap]=$NS_TC)
SERVER_PIDS=()
declare -A MAIN_PID=()  # the server process (for jvde: the switch's JVM; bin/jvde and ip netns exec exec it)
PLUG_PID=
# The switch (with jvde's built-in server): the taps it opens itself (-t) take ports 1.. in the order given, for
# jvde-tap and kea-tap (the namespace each tap moves to: TAP_NS); then jvde's vde_plug2tap, then kea-vde's two.
SWITCH_PID=
SW_TAPS=()
declare -A TAP_NS=() TAP_PORT=()
case " $servers " in *" jvde-tap "*) SW_TAPS+=("$NS_JT"); TAP_NS[$NS_JT]=$NS_JT ;; esac
case " $servers " in *" kea-tap "*) SW_TAPS+=("$NS_TC" "$NS_TS"); TAP_NS[$NS_TC]=$NS_TC; TAP_NS[$NS_TS]=$NS_TS ;; esac
next_port=1
for t in "${SW_TAPS[@]}"; do TAP_PORT[$t]=$next_port; next_port=$((next_port + 1)); done
PORT_J=$next_port PORT_VC=$((next_port + 1)) PORT_VS=$((next_port + 2))
start_switch() {
    local pool_start=$1 pool_end=$2 t taps=() trusted=$PORT_J
    [ -z "$SWITCH_PID" ] || return 0
    rm -rf "$work/sw" "$work/mgmt"
    for t in "${SW_TAPS[@]}"; do taps+=(-t "$t"); done
    [ -z "${TAP_PORT[$NS_JT]:-}" ] || trusted="${TAP_PORT[$NS_JT]}, $trusted"
    # perfdhcp is a relay agent (giaddr set) behind vde_plug2tap or a tap of the switch: the DHCP guard drops relayed
    # client messages from untrusted ports (RFC 3046 §2.1), so the relay's port is trusted, as it would be in a
    # network. Trusted ports need the YAML file, which then holds the scope the flags used to give (same values).
    printf 'trustedPorts: [%s]\nscopes:\n  - vlan: 0\n    cidr: %s\n    serverIP: %s\n    pool: {start: %s, end: %s}\n    leaseTime: %s\n' \
        "$trusted" "$SUBNET_CIDR" "$SERVER_IP" "$pool_start" "$pool_end" "$LEASE_SECONDS" >"$work/jvde.yaml"
    JAVA_OPTS=${JVDE_JAVA_OPTS:-} "${JVDE_NS[@]}" "$root/bin/jvde" switch -s "$work/sw" -M "$work/mgmt" --nostdin \
        "${taps[@]}" --dhcp-config "$work/jvde.yaml" --dhcp-quiet --dhcp-lease-sync "${JVDE_LEASE_SYNC:-fsync}" \
        --dhcp-lease-file "${JVDE_LEASE_FILE:-$work/jvde.leases}" >"$work/jvde.log" 2>&1 &
    SERVER_PIDS+=($!); pids+=($!); MAIN_PID[jvde]=$!; MAIN_PID[jvde-tap]=$!; SWITCH_PID=$!
    wait_until 60 "jvde switch" grep -q "dhcp: serving" "$work/jvde.log"
    wait_until 10 "jvde ctl socket" test -S "$work/sw/ctl"
    for t in "${SW_TAPS[@]}"; do
        grep -q "port ${TAP_PORT[$t]}: tap $t attached" "$work/jvde.log" || die "tap $t is not on port ${TAP_PORT[$t]} (see $work/jvde.log)"
        # the switch keeps its file descriptor: the device moves, the fd stays attached
        "${JVDE_NS[@]}" ip link set "$t" netns "${TAP_NS[$t]}"
    done
}
# tap_up TAP ADDRESS: the switch's tap TAP, already in its namespace, gets ADDRESS/15 and goes up
tap_up() {
    ip -n "${TAP_NS[$1]}" addr add "$2/15" dev "$1"
    ip -n "${TAP_NS[$1]}" link set "$1" up
}
# plug NS TAP PORT ADDRESS: vde_plug2tap on switch port PORT, its tap in NS with ADDRESS/15; its PID in PLUGGED
PLUGGED=
plug() {
    local ns=$1 tap=$2 port=$3 address=$4
    ip netns exec "$ns" vde_plug2tap -s "$work/sw" -p "$port" "$tap" >"$work/plug.$tap.log" 2>&1 &
    PLUGGED=$!
    pids+=($!); SERVER_PIDS+=($!)
    wait_until 10 "tap $tap" ip -n "$ns" link show "$tap"
    ip -n "$ns" addr add "$address/15" dev "$tap"
    ip -n "$ns" link set "$tap" up
}
# PATH_PIDS[server]: the processes between perfdhcp and the server (their CPU is reported beside the server's)
declare -A PATH_PIDS=()
start_jvde() {
    local pool_start=$2 pool_end=$3
    start_switch "$pool_start" "$pool_end"
    plug "$NS_J" "$TAP" "$PORT_J" "$CLIENT_IP"
    PATH_PIDS[jvde]=$PLUGGED
    wait_until 20 "jvde answering ARP/ping" ip netns exec "$NS_J" ping -c 1 -W 1 "$SERVER_IP"
}
start_jvde-tap() {
    start_switch "$2" "$3"
    tap_up "$NS_JT" "$CLIENT_IP"
    PATH_PIDS[jvde-tap]=
    wait_until 20 "jvde answering ARP/ping on its tap" ip netns exec "$NS_JT" ping -c 1 -W 1 "$SERVER_IP"
}
# Kea on a tap of the switch, perfdhcp on another: VLAN 3, which jvde does not serve (kea-vde is on VLAN 2)
start_kea-tap() {
    local pool_start=$2 pool_end=$3 c
    start_switch "$pool_start" "$pool_end"
    tap_up "$NS_TC" "$CLIENT_IP"
    tap_up "$NS_TS" "$SERVER_IP"
    PATH_PIDS[kea-tap]=$SWITCH_PID
    for c in "vlan/create 3" "port/setvlan ${TAP_PORT[$NS_TC]} 3" "port/setvlan ${TAP_PORT[$NS_TS]} 3"; do
        # shellcheck disable=SC2086 # the command's words
        "$root/bin/jvde" ctl -s "$work/mgmt" $c >>"$work/ctl.log" 2>&1 || die "jvde ctl $c failed (see $work/ctl.log)"
    done
    start_kea_in "$NS_TS" "$NS_TS" kea-tap "$pool_start" "$pool_end"
    wait_until 20 "Kea on the switch's tap answering ping" ip netns exec "$NS_TC" ping -c 1 -W 1 "$SERVER_IP"
}
# Kea behind vde_plug2tap on jvde's switch: ports 2 (perfdhcp) and 3 (Kea) untagged on VLAN 2, which jvde does not
# serve, so the switch only forwards (and its guard does not look at VLAN 2)
start_kea-vde() {
    local pool_start=$2 pool_end=$3 c pc
    start_switch "$pool_start" "$pool_end"
    plug "$NS_VC" "${P}vc" "$PORT_VC" "$CLIENT_IP"
    pc=$PLUGGED
    plug "$NS_VS" "${P}vs" "$PORT_VS" "$SERVER_IP"
    PATH_PIDS[kea-vde]="$pc $PLUGGED $SWITCH_PID"
    for c in "vlan/create 2" "port/setvlan $PORT_VC 2" "port/setvlan $PORT_VS 2"; do
        # shellcheck disable=SC2086 # the command's words
        "$root/bin/jvde" ctl -s "$work/mgmt" $c >>"$work/ctl.log" 2>&1 || die "jvde ctl $c failed (see $work/ctl.log)"
    done
    start_kea_in "$NS_VS" "${P}vs" kea-vde "$pool_start" "$pool_end"
    wait_until 20 "Kea behind vde_plug2tap answering ping" ip netns exec "$NS_VC" ping -c 1 -W 1 "$SERVER_IP"
}
start_kea() {
    start_kea_in "$NS_KS" "$NS_KS" kea "$2" "$3"
}
# start_kea_in NS INTERFACE NAME POOL_START POOL_END: kea-dhcp4 in NS on INTERFACE, its files $work/NAME.*
start_kea_in() {
    local ns=$1 ifname=$2 name=$3 pool_start=$4 pool_end=$5
    mkdir -p "$work/$name.run"
    cat >"$work/$name.json" <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["$ifname"], "dhcp-socket-type": "udp"},
  "lease-database": {"type": "memfile", "persist": true, "name": "$work/$name.leases", "lfc-interval": 0},
  "multi-threading": {"enable-multi-threading": false},
  "valid-lifetime": $LEASE_SECONDS, "renew-timer": $((LEASE_SECONDS / 2)), "rebind-timer": $((LEASE_SECONDS * 7 / 8)),
  "subnet4": [{"id": 1, "subnet": "198.18.0.0/15", "pools": [{"pool": "$pool_start - $pool_end"}]}],
  "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "$work/$name.log"}], "severity": "WARN"}]}}
EOF
    KEA_PIDFILE_DIR=$work/$name.run KEA_LOCKFILE_DIR=$work/$name.run ip netns exec "$ns" kea-dhcp4 \
        -c "$work/$name.json" >"$work/$name.out" 2>&1 &
    SERVER_PIDS+=($!); pids+=($!); MAIN_PID[$name]=$!
    wait_until 60 "kea-dhcp4 ($name)" udp67_bound "$ns"
}
start_dnsmasq() {
    local pool_start=$2 pool_end=$3
    ip netns exec "$NS_DS" dnsmasq --keep-in-foreground --port=0 --no-resolv --no-hosts --no-ping --quiet-dhcp \
        --user=root --pid-file="$work/dnsmasq.pid" --interface="$NS_DS" --dhcp-authoritative \
        --dhcp-range="$pool_start,$pool_end,$NETMASK,$LEASE_SECONDS" --dhcp-lease-max=1000000 \
        --dhcp-leasefile="$work/dnsmasq.leases" >"$work/dnsmasq.out" 2>&1 &
    SERVER_PIDS+=($!); pids+=($!); MAIN_PID[dnsmasq]=$!
    wait_until 60 "dnsmasq" udp67_bound "$NS_DS"
}
stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done
    SERVER_PIDS=()
    SWITCH_PID=
}

# ------------------------------------------------------------------------------------------------ one perfdhcp run
# children_cpu_ms: CHILDREN_MS = user + system CPU (ms) of this shell's reaped children so far. `times` must run in
# this shell, not in a command substitution (a fork, with no children of its own); its output goes to a file.
CHILDREN_MS=0
children_cpu_ms() {
    times >"$work/times"
    CHILDREN_MS=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); ms += (t[1] * 60 + t[2]) * 1000 } }
        END { printf "%.0f\n", ms }' "$work/times")
}
# run_perfdhcp SERVER RATE SECONDS OUT: runs perfdhcp in the server's client namespace; OUT gets its output;
# CLIENT_MS the CPU perfdhcp used (ms; with its `ip netns exec` and `timeout`, which use next to nothing).
CLIENT_MS=0
run_perfdhcp() {
    local server=$1 rate=$2 seconds=$3 out=$4 rc=0 c0
    children_cpu_ms
    c0=$CHILDREN_MS
    ip netns exec "${CLIENT_NS[$server]}" timeout -k 5 $((seconds + 30)) perfdhcp -r "$rate" -p "$seconds" "${PERF_OPTS[@]}" \
        >"$out" 2>&1 || rc=$?
    children_cpu_ms
    CLIENT_MS=$((CHILDREN_MS - c0))
    # 3: some exchanges failed (drops), which is what we measure; 124/137: timeout
    case $rc in 0|3) ;; *) log "perfdhcp exited $rc against $server at rate $rate (see $out)" ;; esac
}
# parse OUT: prints "achieved do_sent do_recv ra_sent ra_recv do_avg do_max ra_avg ra_max" (- when absent)
parse_perfdhcp() {
    awk '
        /^Rate: / { rate = $2 }
        /Statistics for: DISCOVER-OFFER/ { sec = "do" }
        /Statistics for: REQUEST-ACK/ { sec = "ra" }
        sec != "" && /^sent packets: / { v[sec "sent"] = $3 }
        sec != "" && /^received packets: / { v[sec "recv"] = $3 }
        sec != "" && /^avg delay: [0-9.]+ ms/ { v[sec "avg"] = $3 }
        sec != "" && /^max delay: [0-9.]+ ms/ { v[sec "max"] = $3 }
        function g(k) { return (k in v) ? v[k] : "-" }
        END {
            print (rate == "" ? "-" : rate), g("dosent"), g("dorecv"), g("rasent"), g("rarecv"),
                g("doavg"), g("domax"), g("raavg"), g("ramax")
        }' "$1"
}

# run_dora SERVER RATE SECONDS OUT: DoraLoad (--client dora) in the server's client namespace, bound to the interface
# perfdhcp would use; OUT gets its "key value" lines. CLIENT_MS: its process CPU during the step (its own measure:
# the JVM's start-up and warm-up before the step are left out); CLIENT_ALL_MS: the whole process's, start-up included.
CLIENT_ALL_MS=0
run_dora() {
    local server=$1 rate=$2 seconds=$3 out=$4 rc=0 c0 mode=()
    [ "${DORA_MODE:-relay}" = direct ] || mode=(--relay "$CLIENT_IP" "$SERVER_IP")
    children_cpu_ms
    c0=$CHILDREN_MS
    # shellcheck disable=SC2086 # DORA_JAVA_OPTS: words
    ip netns exec "${CLIENT_NS[$server]}" timeout -k 5 $((seconds + 30)) java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m \
        ${DORA_JAVA_OPTS:-} -cp "$jar:$work/dora" io.jvde.bench.dhcp.DoraLoad --interface "${CLIENT_IF[$server]}" \
        --rate "$rate" --period "$seconds" --clients "$CLIENTS" "${mode[@]}" >"$out" 2>&1 || rc=$?
    children_cpu_ms
    CLIENT_ALL_MS=$((CHILDREN_MS - c0))
    CLIENT_MS=$(awk '$1 == "cpu_process_ms" { printf "%.0f", $2 }' "$out")
    [ -n "$CLIENT_MS" ] || CLIENT_MS=$CLIENT_ALL_MS
    [ $rc = 0 ] || log "DoraLoad exited $rc against $server at rate $rate (see $out)"
}
# dora_value OUT KEY: DoraLoad's figure KEY, - when absent
dora_value() { awk -v k="$2" '$1 == k { v = $2 } END { print (v == "" ? "-" : v) }' "$1"; }
# run_client, parse_client, client_percentiles: the same for perfdhcp and DoraLoad (--client)
run_client() {
    if [ "$client" = dora ]; then run_dora "$@"; else run_perfdhcp "$@"; CLIENT_ALL_MS=$CLIENT_MS; fi
}
parse_client() {
    local out=$1 k v=()
    [ "$client" = dora ] || { parse_perfdhcp "$out"; return; }
    for k in dora_per_s discover_sent offer_recv request_sent ack_recv do_avg_ms do_max_ms ra_avg_ms ra_max_ms; do
        v+=("$(dora_value "$out" "$k")")
    done
    echo "${v[*]}"
}
client_percentiles() {
    local k
    [ "$client" = dora ] || { percentiles "$1" "$2"; return; }
    [ "$2" = DISCOVER-OFFER ] && k=do || k=ra
    echo "$(dora_value "$1" ${k}_p50_ms) $(dora_value "$1" ${k}_p99_ms)"
}

# percentiles OUT EXCHANGE: "p50 p99" (ms) of EXCHANGE's (DISCOVER-OFFER or REQUEST-ACK) completed exchanges, from
# the timers perfdhcp prints with -x t ("sent / received: S / R", seconds); "- -" when there are none. A reply
# later than the 1 s deadline is a drop, not a timer, so these are the latencies of what was answered in time.
percentiles() {
    awk -v want="$2" '
        /^\*\*\*Timestamps for packets: / { sec = ($0 ~ want) ? 1 : 0; next }
        /^\*\*\*/ { sec = 0 }
        sec && /^sent \/ received: / { printf "%.3f\n", ($6 - $4) * 1000 }' "$1" | sort -n | awk '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print "- -"; exit }
            i = int(NR * 0.50 + 0.5); j = int(NR * 0.99 + 0.5)
            print v[i < 1 ? 1 : i], v[j < 1 ? 1 : j]
        }'
}
# path_ticks SERVER: CPU ticks of the processes between perfdhcp and SERVER (0 when none)
path_ticks() {
    local pid t=0
    for pid in ${PATH_PIDS[$1]:-}; do t=$((t + $(cpu_ticks "$pid"))); done
    echo "$t"
}

# fsync_probe: p50/p99/max of 300 fdatasyncs of 60-byte appends on the lease files' disk (what an ACK of jvde's
# waits for at least; Kea's memfile does not fsync), into $work/fsync.tsv with the round and scenario
fsync_probe() {
    command -v python3 >/dev/null || return 0
    python3 - "$work/fsync.probe" "$1" "$2" >>"$work/fsync.tsv" <<'EOF'
import os, sys, time
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY | os.O_APPEND)
ts = []
for i in range(300):
    os.write(fd, b'x' * 60)
    t = time.perf_counter(); os.fdatasync(fd); ts.append((time.perf_counter() - t) * 1e3)
os.close(fd); os.unlink(sys.argv[1])
ts.sort()
print("%s\t%s\t%.3f\t%.3f\t%.3f" % (sys.argv[2], sys.argv[3], ts[len(ts) // 2], ts[len(ts) * 99 // 100], ts[-1]))
EOF
}

load1() { cut -d' ' -f1 /proc/loadavg; }
# cpu_ticks PID: user + system clock ticks the process has used so far (0 once it is gone)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICK=$(getconf CLK_TCK)

results=$work/results.tsv
: >"$results"

# scenario ROUND SCENARIO: fresh lease files with the prefill, every server started, warmed up, then the rates
# in rising order, each server measured in turn at each rate until it has failed (see LADDER)
scenario() {
    local round=$1 scen=$2 label pool_start pool_end prefill rate server out fields drops achieved load
    read -r label pool_start pool_end prefill <<<"$(scenario_def "$scen")"
    rm -f "$work"/jvde.leases "$work"/kea.leases "$work"/kea-vde.leases "$work"/kea-tap.leases "$work"/dnsmasq.leases
    local j=- k=- d=-
    for server in $servers; do
        case $server in
            jvde|jvde-tap) j=$work/jvde.leases ;; kea|kea-vde|kea-tap) k=$work/kea.leases.prefill ;;
            dnsmasq) d=$work/dnsmasq.leases ;;
        esac
    done
    java -cp "$jar" "$prefill_src" "$prefill" "$pool_start" "$LEASE_SECONDS" "$j" "$k" "$d"
    for server in kea kea-vde kea-tap; do
        [ "$k" = - ] || cp "$k" "$work/$server.leases"
    done
    declare -A bad=() done=()
    for server in $servers; do
        "start_$server" "$scen" "$pool_start" "$pool_end"
        bad[$server]=0
    done
    fsync_probe "$round" "$scen"
    # Warm-up, WARMUP s (default 8) at the server's first rate, not recorded: JIT for jvde (on a loaded machine C2
    # needs several seconds of CPU it has to share); page cache and allocators for all.
    for server in $servers; do
        run_client "$server" "$(first_rate "$server")" "${WARMUP:-8}" "$work/warmup.$server.out"
    done
    sleep 1
    for rate in $LADDER; do
        for server in $servers; do
            [ -z "${done[$server]:-}" ] && [ "$rate" -ge "$(first_rate "$server")" ] || continue
            out=$work/$client.$round.$scen.$server.$rate.out
            load=$(load1)
            local t0 p0 p1
            t0=$(cpu_ticks "${MAIN_PID[$server]}")
            p0=$(path_ticks "$server")
            run_client "$server" "$rate" "$period" "$out"
            local cpu_server cpu_plug
            cpu_server=$(( $(cpu_ticks "${MAIN_PID[$server]}") - t0 ))
            p1=$(path_ticks "$server")
            cpu_plug=$((p1 - p0))
            read -r -a fields <<<"$(parse_client "$out")"
            local pct
            pct="$(client_percentiles "$out" DISCOVER-OFFER) $(client_percentiles "$out" REQUEST-ACK)"
            # drops: DISCOVERs sent for which no ACK came back (both exchanges' losses together)
            drops=$(awk -v s="${fields[1]}" -v r="${fields[4]}" 'BEGIN {
                if (s == "-" || r == "-" || s == 0) print "100"; else printf "%.3f", 100 * (s - r) / s }')
            # achieved: ACKs per second of the sending period (perfdhcp's own "Rate" also divides by the -W wait)
            achieved=$(awk -v r="${fields[4]}" -v p="$period" 'BEGIN { if (r == "-") print 0; else printf "%.0f", r / p }')
            # CPU per completed DORA (us): the server process; beside it the processes of its path: for jvde its
            # vde_plug2tap, for kea-vde both vde_plug2tap and the switch (forwarding only)
            local us_server us_plug
            us_server=$(awk -v t="$cpu_server" -v hz="$TICK" -v n="${fields[4]}" 'BEGIN {
                if (n == "-" || n == 0) print "-"; else printf "%.1f", t / hz * 1e6 / n }')
            us_plug=$(awk -v t="$cpu_plug" -v hz="$TICK" -v n="${fields[4]}" -v s="$server" 'BEGIN {
                if (s !~ /^(jvde|kea-vde|kea-tap)$/ || n == "-" || n == 0) print "-"; else printf "%.1f", t / hz * 1e6 / n }')
            # perfdhcp's own CPU per completed DORA: on two shared cores the load generator is a third party
            local us_client core_client
            us_client=$(awk -v t="$CLIENT_MS" -v n="${fields[4]}" 'BEGIN {
                if (n == "-" || n == 0) print "-"; else printf "%.1f", t * 1e3 / n }')
            core_client=$(awk -v t="$CLIENT_MS" -v p="$period" 'BEGIN { printf "%.0f", t / (p * 10) }')
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$scen" "$server" "$rate" \
                "$achieved" "$drops" "${fields[5]}" "${fields[7]}" "${fields[6]}" "${fields[8]}" "$load" "$us_server" \
                "$us_plug" "${pct// /$'\t'}" "$us_client" >>"$results"
            local extra=
            [ "$client" != dora ] || extra=", whole process ${CLIENT_ALL_MS} ms, NAKs $(dora_value "$out" nak_recv), own socket drops $(dora_value "$out" socket_drops)"
            log "round $round $scen $server rate $rate: $achieved ACK/s, drops $drops %, avg ${fields[5]}+${fields[7]} ms, p50/p99 DO RA $pct ms, CPU $us_server+$us_plug us/DORA, $client $us_client us/DORA (${core_client} % of a core over the ${period} s$extra) (load $load)"
            if awk -v d="$drops" 'BEGIN { exit !(d >= 5) }'; then
                done[$server]=1
            elif awk -v d="$drops" 'BEGIN { exit !(d >= 1) }'; then
                bad[$server]=$((bad[$server] + 1))
                [ "${bad[$server]}" -ge 2 ] && done[$server]=1
            else
                bad[$server]=0
            fi
            sleep 1 # let the server drain what perfdhcp left in its socket
        done
    done
    stop_servers
}

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
echo "bench/dhcp.sh $argv" >"$work/argv"
echo "$started $period" | sed 's/ UTC//' >"$work/run"
log "work directory $work; scenarios: $scenarios; servers: $servers; $rounds round(s) of ${period} s steps"
for round in $(seq "$rounds"); do
    for scen in $scenarios; do
        scenario "$round" "$scen"
    done
done

measured="Measured $started to $(date -u '+%H:%M:%S UTC') (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)) with:"
command="bench/dhcp.sh $argv"
fi # measurement

# ------------------------------------------------------------------------------------------------ report
report=$work/dhcp.md
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
# the load generator's name and one step's command, for the text below
gen=perfdhcp
step="\`perfdhcp -r RATE -p $period ${PERF_OPTS[*]}\` (relay mode: giaddr $CLIENT_IP, replies to giaddr:67; $CLIENTS simulated clients)"
if [ "$client" = dora ]; then
    gen=DoraLoad
    step="\`DoraLoad --interface IF --rate RATE --period $period --clients $CLIENTS"
    if [ "${DORA_MODE:-relay}" = direct ]; then
        step="$step\` (directly attached clients: broadcast DISCOVER/REQUEST with the broadcast flag)"
    else
        step="$step --relay $CLIENT_IP $SERVER_IP\` (relay mode: giaddr $CLIENT_IP, replies to giaddr:67)"
    fi
    step="$step, an AF_PACKET socket on perfdhcp's interface, $CLIENTS clients, full DORA, a 1 s timeout (CPU column: its process CPU during the step)"
fi
{
    echo "$measured"
    echo
    echo '```'
    echo "$command"
    echo '```'
    echo
    echo "$(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), lease files on" \
        "$(df -T "$work" | awk 'NR == 2 {print $2}'); $(versions). Each step: $step," \
        "$rounds round(s); a reply later than 1 s counts as a drop. jvde: \`jvde switch --dhcp-config" \
        "FILE --dhcp-lease-file FILE --dhcp-quiet --dhcp-lease-sync ${JVDE_LEASE_SYNC:-fsync}\` (no log line per exchange, as Kea at severity WARN and dnsmasq" \
        "with --quiet-dhcp here; one scope $SUBNET_CIDR, pool POOL, server $SERVER_IP, lease" \
        "$LEASE_SECONDS s, the relay's port trusted by the DHCP guard; the default file journal, adaptive" \
        "group commit, ACKs released when durable), $gen behind \`vde_plug2tap\` (jvde-tap: on a tap the switch" \
        "opened itself with -t, no vde_plug2tap); Kea: kea-dhcp4 single-threaded," \
        "memfile persist=true, lfc-interval 0, UDP sockets; dnsmasq: \`--no-ping --quiet-dhcp\`, lease file on" \
        "disk. kea and dnsmasq are reached on a veth pair, jvde through a tap and vde_plug2tap (one more process" \
        "and two more copies per packet on the same 2 cores); kea-vde is the same kea-dhcp4 behind vde_plug2tap on" \
        "jvde's switch (VLAN 2, forwarded only), $gen reaching it through a vde_plug2tap of its own: the path" \
        "jvde's server is measured on, plus one more vde_plug2tap; kea-tap is Kea on a tap of the switch, $gen on" \
        "another (VLAN 3): jvde-tap's path plus the switch. The servers start from a lease file with the" \
        "scenario's existing leases (bench/src/main/java/io/jvde/bench/dhcp/LeasePrefill.java)."
    echo
    awk -F'\t' -v rounds="$rounds" -v fixed="$FIXED_RATE" -v cpurate="$CPU_RATE" -v scenarios="$scenarios" -v servers="$servers" '
        function label(s) {
            return s == "p16k1" ? "/16 pool, 1 k leases" : s == "p15k1" ? "/15 pool, 1 k leases" : "/15 pool, 100 k leases"
        }
        function median(list,    n, v, i, j, t) { # list: space-separated numbers
            n = split(list, v, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
            return n == 0 ? "" : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
        }
        function p99(k, r) { # "DO / RA" p99 of key k at rate r, or -
            return ((k, r) in q) ? q[k, r] : "-"
        }
        # per (round, scenario, server): the highest offered rate with drops < 1 %, and what was measured there
        {
            key = $1 SUBSEP $2 SUBSEP $3
            if (NF >= 17) q[key, $4] = $15 " / " $17 ($6 + 0 >= 1 ? " (" $6 " % drops)" : "")
            if ($6 + 0 < 1 && (!(key in best) || $4 + 0 > best[key] + 0)) {
                best[key] = $4; lat[key] = sprintf("%.2f", $7 + $8); ld[key] = $11
            }
            if ($4 == fixed) fx[key] = sprintf("%.2f", $7 + $8) ($6 + 0 >= 1 ? " (" $6 " % drops)" : "")
            if ($4 == cpurate && NF >= 12) cpu[key] = $12 ($13 != "-" && $13 != "" ? " + " $13 : "")
            if (!(key in lowest) || $4 + 0 < lowest[key] + 0) lowest[key] = $4
            if (!(key in highest) || $4 + 0 > highest[key] + 0) highest[key] = $4
            seen[key] = 1
        }
        function cell(k) { # the rate cell of one round
            if (!(k in seen)) return "-"
            if (!(k in best)) return "< " lowest[k]
            return (best[k] == highest[k] ? ">= " : "") best[k]
        }
        function ratio(a, b, sc,    r, ka, kb, out, n) { # per-round ratios of best rates, and their median
            out = ""
            for (r = 1; r <= rounds; r++) {
                ka = r SUBSEP sc SUBSEP a; kb = r SUBSEP sc SUBSEP b
                if ((ka in best) && (kb in best)) out = out " " sprintf("%.2f", best[ka] / best[kb])
            }
            if (out != "")
                printf "- %s: %s / %s, per round:%s; median %.2f\n", label(sc), a, b, out, median(out)
        }
        END {
            ns = split(scenarios, sc, " "); nv = split(servers, sv, " ")
            ref = (index(" " servers " ", " kea ") ? "kea" : "kea-vde")
            print "| Scenario | Server | Highest rate with < 1 % drops (DORA/s offered), per round | Median | Avg DORA latency there (DISCOVER-OFFER + REQUEST-ACK, ms) | p99 DISCOVER-OFFER / REQUEST-ACK there (ms) | p99 DISCOVER-OFFER / REQUEST-ACK at the highest rate " ref " held in the round (rate: ms) | Avg DORA latency at " fixed "/s (ms) | CPU per DORA at " cpurate "/s (us; + its path: vde_plug2tap, for kea-vde both plugs and the switch) | Load avg (1 min) there |"
            print "|---|---|---|---|---|---|---|---|---|---|"
            for (i = 1; i <= ns; i++) for (j = 1; j <= nv; j++) {
                rates = ""; lats = ""; pbs = ""; pks = ""; fxs = ""; lds = ""; vals = ""; cpus = ""; any = 0
                for (r = 1; r <= rounds; r++) {
                    k = r SUBSEP sc[i] SUBSEP sv[j]
                    kr = r SUBSEP sc[i] SUBSEP ref
                    if (k in seen) any = 1
                    sep = (r > 1 ? "; " : "")
                    rates = rates (r > 1 ? ", " : "") cell(k)
                    lats = lats (r > 1 ? ", " : "") (k in best ? lat[k] : "-")
                    pbs = pbs sep (k in best ? p99(k, best[k]) : "-")
                    pks = pks sep (kr in best ? best[kr] ": " p99(k, best[kr]) : "-")
                    fxs = fxs (r > 1 ? ", " : "") (k in fx ? fx[k] : "-"); lds = lds (r > 1 ? ", " : "") (k in best ? ld[k] : "-")
                    cpus = cpus (r > 1 ? ", " : "") (k in cpu ? cpu[k] : "-")
                    vals = vals " " (k in best ? best[k] : 0)
                }
                if (!any) continue
                m = median(vals)
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label(sc[i]), sv[j], rates, (m > 0 ? m : "-"), lats, pbs, pks, fxs, cpus, lds
            }
            print ""
            for (i = 1; i <= ns; i++) {
                ratio("jvde", "kea", sc[i]); ratio("jvde", "kea-vde", sc[i]); ratio("kea-vde", "kea", sc[i])
                ratio("jvde-tap", "kea", sc[i]); ratio("jvde-tap", "kea-tap", sc[i]); ratio("kea-tap", "kea", sc[i])
            }
        }' "$results"
    echo
    if [ -s "$work/fsync.tsv" ]; then
        echo "fdatasync of a 60-byte append on the lease files' disk before each scenario (300 in a row; p50 / p99 /" \
            "max ms): $(awk -F'\t' '{ printf "%s%s round %s: %s / %s / %s", (NR > 1 ? "; " : ""), $2, $1, $3, $4, $5 }' \
            "$work/fsync.tsv"). A jvde ACK waits for one such fsync (two when it arrives while one is running); Kea's" \
            "memfile writes its lease file without fsync."
        echo
    fi
    echo "<details><summary>Every step (round, scenario, server, offered/s, achieved ACK/s, drops %, avg DO, avg RA, max DO, max RA ms, load, server CPU us/DORA, path CPU us/DORA, p50 DO, p99 DO, p50 RA, p99 RA ms, $gen CPU us/DORA)</summary>"
    echo
    echo '```'
    cat "$results"
    echo '```'
    echo
    echo "</details>"
} >"$report"

if [ $write = 0 ]; then
    cat "$report"
    exit 0
fi
. "$root/bench/sections.sh"
write_section "$root/BENCHMARKS.md" dhcp "DHCP throughput" "$report" "$work"
log "table written to $root/BENCHMARKS.md"

#!/bin/sh
# A VLAN relay lab: jvde is the DHCP relay agent (option 82) of VLANs 10 and 20 for a dnsmasq on VLAN 99, as an L3
# switch with `ip helper-address` would be. Three network namespaces on access ports of the switch:
#
#   port 1, VLAN 99: "server", 10.99.0.1/24, dnsmasq with one range per client subnet, routes via 10.99.0.254
#   port 2, VLAN 10: "ten", udhcpc        port 3, VLAN 20: "twenty", udhcpc
#
# The script prints "VLAN IP" per client and exits 0 when each got an address from its VLAN's range (dnsmasq picks
# the range by the giaddr jvde sets). Needs root (namespaces, taps), vde_plug2tap, dnsmasq and udhcpc.
#
#   sudo examples/scripts/vlan-relay-lab.sh        (JVDE = launcher, default bin/jvde of this checkout)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jvde=${JVDE:-$repo/bin/jvde}
PATH=$PATH:/usr/sbin:/sbin
ns=jvdelab$$
work=$(mktemp -d "${TMPDIR:-/tmp}/jvde-lab.XXXXXX")
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for n in server ten twenty; do ip netns del "$ns-$n" 2>/dev/null || true; rm -rf "/etc/netns/$ns-$n"; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat >"$work/dhcp.yaml" <<'YAML'
relay:
  remoteId: lab-switch
  upstream: {vlan: 99, address: 10.99.0.254/24}
  servers: [10.99.0.1]
  vlans:
    - {vlan: 10, address: 10.10.0.1/24, circuitId: "lab/{port}/{vlan}"}
    - {vlan: 20, address: 10.20.0.1/24}
YAML
# Ports and VLANs exist before the first client attaches (the rc file runs first).
cat >"$work/rc" <<'RC'
vlan/create 10
vlan/create 20
vlan/create 99
port/create 1
port/setvlan 1 99
port/create 2
port/setvlan 2 10
port/create 3
port/setvlan 3 20
RC
"$jvde" switch -s "$work/sw" -M "$work/mgmt" -f "$work/rc" --nostdin --dhcp-lease-file memory \
    --dhcp-config "$work/dhcp.yaml" </dev/null >"$work/switch.out" 2>"$work/switch.log" &
pids="$pids $!"
i=0
until [ -S "$work/sw/ctl" ]; do
    i=$((i + 1))
    if [ $i -gt 600 ]; then echo "lab: the switch did not start" >&2; cat "$work/switch.log" >&2; exit 1; fi
    sleep 0.1
done

# host NAME PORT: a namespace plugged into switch port PORT as tap0
host() {
    ip netns add "$ns-$1"
    mkdir -p "/etc/netns/$ns-$1" && : >"/etc/netns/$ns-$1/resolv.conf"   # DHCP clients write here, not /etc
    ip netns exec "$ns-$1" vde_plug2tap -s "$work/sw" -p "$2" tap0 >"$work/$1.plug" 2>&1 &
    pids="$pids $!"
    j=0
    until ip -n "$ns-$1" link show tap0 >/dev/null 2>&1; do
        j=$((j + 1))
        if [ $j -gt 100 ]; then echo "lab: no tap0 in $1" >&2; cat "$work/$1.plug" >&2; exit 1; fi
        sleep 0.1
    done
    ip -n "$ns-$1" link set lo up
    ip -n "$ns-$1" link set tap0 up
}
host server 1
host ten 2
host twenty 3
ip -n "$ns-server" addr add 10.99.0.1/24 dev tap0
ip -n "$ns-server" route add 10.10.0.0/24 via 10.99.0.254
ip -n "$ns-server" route add 10.20.0.0/24 via 10.99.0.254
ip netns exec "$ns-server" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=tap0 --user=root \
    --dhcp-range=10.10.0.100,10.10.0.150,255.255.255.0,1h --dhcp-range=10.20.0.100,10.20.0.150,255.255.255.0,1h \
    --dhcp-leasefile="$work/dnsmasq.leases" --pid-file="$work/dnsmasq.pid" --log-dhcp \
    --log-facility="$work/dnsmasq.log" 2>"$work/dnsmasq.err" &
pids="$pids $!"
j=0
until grep -q 'DHCP, IP range' "$work/dnsmasq.log" 2>/dev/null; do
    j=$((j + 1))
    if [ $j -gt 100 ]; then echo "lab: dnsmasq did not start" >&2; exit 1; fi
    sleep 0.1
done

status=0
for client in ten:10 twenty:20; do
    name=${client%%:*}; vlan=${client#*:}
    out=$(ip netns exec "$ns-$name" timeout 60 udhcpc -i tap0 -n -q -t 10 -T 2 -s /bin/true 2>&1 || true)
    ip=$(printf '%s\n' "$out" | sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' | head -n 1)
    echo "$vlan ${ip:-none}"
    case "$ip" in
        10.$vlan.0.1[0-5][0-9]) ;;
        *) echo "lab: VLAN $vlan got '${ip:-nothing}': $out" >&2; status=1 ;;
    esac
done
if [ $status -ne 0 ]; then cat "$work/dnsmasq.log" "$work/switch.log" >&2; fi
exit $status

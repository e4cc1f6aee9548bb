#!/bin/sh
# The k3s test topology of the README (server-1, server-2, agent-1) on one jvde switch, without a DHCP-server VM:
# the switch reserves each VM's address by MAC. Each VM is the project's test guest (tests/guest) asking for a
# lease; the script prints "NAME MAC IP" per VM and exits 0 when all three got their reserved address.
#
#   examples/scripts/k3s-topology.sh
#
# Environment: JVDE (launcher; default bin/jvde of this checkout, or `jvde` of an installed release),
# JVDE_GUEST_DIR (vmlinuz + initrd.gz; default $JVDE_CACHE/guest or .cache/guest), QEMU (qemu-system-x86_64),
# K3S_TIMEOUT (seconds for the whole run, default 240).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jvde=${JVDE:-$repo/bin/jvde}
guest=${JVDE_GUEST_DIR:-${JVDE_CACHE:-$repo/.cache}/guest}
qemu=${QEMU:-qemu-system-x86_64}
timeout_s=${K3S_TIMEOUT:-240}

work=$(mktemp -d "${TMPDIR:-/tmp}/jvde-k3s.XXXXXX")
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The switch: one subnet, three reservations; --nostdin: it runs until this script ends it.
"$jvde" switch -s "$work/sw" --nostdin --dhcp-lease-file memory --dhcp-range 192.168.1.100,192.168.1.200 \
    --dhcp-host 52:54:00:01:01:01,192.168.1.1,server-1 \
    --dhcp-host 52:54:00:01:01:02,192.168.1.2,server-2 \
    --dhcp-host 52:54:00:01:01:03,192.168.1.3,agent-1 \
    </dev/null >"$work/switch.out" 2>"$work/switch.log" &
pids="$pids $!"
i=0
until [ -S "$work/sw/ctl" ]; do
    i=$((i + 1))
    if [ $i -gt 600 ]; then echo "k3s: the switch did not start" >&2; cat "$work/switch.log" >&2; exit 1; fi
    sleep 0.1
done

vms="server-1:52:54:00:01:01:01:192.168.1.1 server-2:52:54:00:01:01:02:192.168.1.2 agent-1:52:54:00:01:01:03:192.168.1.3"
for vm in $vms; do
    name=${vm%%:*}; rest=${vm#*:}; mac=${rest%:*}
    "$qemu" -machine pc,accel=tcg -m 192 -smp 1 -nodefaults -no-user-config -display none -monitor none \
        -serial "file:$work/$name.console" -no-reboot \
        -kernel "$guest/vmlinuz" -initrd "$guest/initrd.gz" \
        -append "console=ttyS0 quiet panic=-1 jvde.mode=dhcp jvde.timeout=$timeout_s" \
        -device "virtio-net-pci,netdev=n0,mac=$mac" -netdev "vde,id=n0,sock=$work/sw" \
        </dev/null >"$work/$name.qemu" 2>&1 &
    pids="$pids $!"
done

# Wait for each VM's JVDE-LEASE line (or its failure), bounded.
status=0
deadline=$(($(date +%s) + timeout_s))
for vm in $vms; do
    name=${vm%%:*}; rest=${vm#*:}; mac=${rest%:*}; want=${vm##*:}
    while ! grep -qE 'JVDE-LEASE|JVDE-DONE|JVDE-TIMEOUT' "$work/$name.console" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then break; fi
        sleep 0.5
    done
    got=$(sed -n 's/.*JVDE-LEASE ip=\([0-9.]*\).*/\1/p' "$work/$name.console" 2>/dev/null | head -n 1)
    echo "$name $mac ${got:-none}"
    if [ "$got" != "$want" ]; then
        echo "k3s: $name expected $want" >&2
        cat "$work/$name.console" "$work/$name.qemu" >&2 2>/dev/null || true
        status=1
    fi
done
grep 'dhcp: DHCPACK' "$work/switch.log" >&2 || true
exit $status

#!/usr/bin/env bash
# Builds the QEMU test guest: a Debian kernel (downloaded with apt-get download and unpacked with dpkg -x, never
# installed as this machine's kernel) and a busybox initramfs with virtio-net and the /init of this directory.
#
#   tests/guest/build.sh            -> $JVDE_CACHE/guest (default: <repo>/.cache/guest): vmlinuz, initrd.gz
#
# Idempotent: when the cache holds a guest built from the same inputs it prints its directory and exits at once.
# Needs: apt-get (with package lists), dpkg, depmod (kmod), cpio, gzip, busybox-static. Every download and step is
# time-bounded. Prints the guest directory on stdout as the last line.
set -euo pipefail
# depmod lives in /usr/sbin: a root shell without a login PATH would not find it.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache_root=${JVDE_CACHE:-$repo/.cache}
out="$cache_root/guest"
mkdir -p "$out"

log() { echo "guest: $*" >&2; }
die() { echo "guest: error: $*" >&2; exit 1; }

# Everything that shapes the image goes into the stamp; the kernel version is added once it is known.
inputs_hash=$(cat "$here/build.sh" "$here/init" "$here/udhcpc.script" | sha256sum | cut -c1-16)

exec 9>"$out/.lock"
flock -w 600 9 || die "another build holds $out/.lock for more than 600 s"

if [[ -f "$out/stamp" && -f "$out/vmlinuz" && -f "$out/initrd.gz" ]] \
    && [[ "$(cut -d' ' -f1 "$out/stamp")" == "$inputs_hash" ]]; then
    log "up to date ($(cat "$out/stamp"))"
    echo "$out"
    exit 0
fi

for tool in dpkg dpkg-deb depmod cpio gzip; do
    command -v "$tool" >/dev/null || die "$tool not found (install: dpkg kmod cpio gzip)"
done
busybox_bin=$(command -v busybox || true)
[[ -n "$busybox_bin" ]] || die "busybox not found (install: busybox-static)"
if ldd "$busybox_bin" >/dev/null 2>&1; then
    die "$busybox_bin is dynamically linked; the initramfs needs busybox-static"
fi

# The kernel package: the one the linux-image-amd64 metapackage points at, unless JVDE_GUEST_KERNEL_DEB names a .deb.
deb=${JVDE_GUEST_KERNEL_DEB:-}
if [[ -z "$deb" ]]; then
    resolve() {
        apt-cache depends linux-image-amd64 2>/dev/null \
            | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
    }
    pkg=$(resolve)
    if [[ -z "$pkg" && $(id -u) == 0 ]] && ! ls "$out"/deb/linux-image-*.deb >/dev/null 2>&1; then
        log "no package lists know linux-image-amd64: running apt-get update"
        timeout 600 apt-get update -q >&2 || true
        pkg=$(resolve)
    fi
    mkdir -p "$out/deb"
    if [[ -n "$pkg" ]]; then
        deb=$(ls "$out"/deb/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
        if [[ -z "$deb" ]]; then
            log "downloading $pkg"
            (cd "$out/deb" && timeout 600 apt-get download -q "$pkg" >&2) \
                || die "apt-get download $pkg failed (run apt-get update first?)"
            deb=$(ls "$out"/deb/"${pkg}"_*.deb | head -n1)
        fi
    else
        # No package lists: fall back on a kernel downloaded earlier.
        deb=$(ls "$out"/deb/linux-image-*.deb 2>/dev/null | head -n1 || true)
        [[ -n "$deb" ]] || die "cannot resolve linux-image-amd64 (no apt lists; run apt-get update)"
    fi
fi
[[ -f "$deb" ]] || die "kernel package $deb not found"
log "kernel package $(basename "$deb")"

work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
timeout 300 dpkg -x "$deb" "$work/kernel"
version=$(ls "$work/kernel/lib/modules" | head -n1)
[[ -n "$version" && -f "$work/kernel/boot/vmlinuz-$version" ]] || die "no vmlinuz in $deb"
moddir="$work/kernel/lib/modules/$version"
# The .deb ships no modules.dep (postinst runs depmod); build it inside the unpacked tree only.
[[ -f "$moddir/modules.dep" ]] || timeout 120 depmod -b "$work/kernel" "$version"

# Load order: each wanted module after its dependencies (modules.dep lists them so that the last loads first).
wanted=(virtio_pci virtio_net 8021q) # 8021q: guest-side 802.1Q sub-interfaces (jvde.vlan=VID)
order=()
add_once() {
    local m
    for m in "${order[@]+"${order[@]}"}"; do [[ "$m" == "$1" ]] && return 0; done
    order+=("$1")
}
for name in "${wanted[@]}"; do
    if grep -Eq "/${name}\.ko(\.[gx]z|\.zst)?$" "$moddir/modules.builtin"; then
        log "$name is built in"
        continue
    fi
    line=$(grep -E "/${name}\.ko(\.[gx]z|\.zst)?:" "$moddir/modules.dep" || true)
    [[ -n "$line" ]] || die "module $name neither built in nor in modules.dep of $version"
    target=${line%%:*}
    read -r -a deps <<<"${line#*:}"
    for ((i = ${#deps[@]} - 1; i >= 0; i--)); do add_once "${deps[i]}"; done
    add_once "$target"
done

root="$work/root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,lib/modules} # etc: resolv.conf from the lease
cp "$busybox_bin" "$root/bin/busybox"
install -m 0755 "$here/init" "$root/init"
install -m 0755 "$here/udhcpc.script" "$root/udhcpc.script"
: >"$root/modules.order"
for rel in "${order[@]+"${order[@]}"}"; do
    src="$moddir/$rel"
    base=$(basename "$rel")
    case "$base" in
        *.ko.xz) xz -dc "$src" >"$root/lib/modules/${base%.xz}"; base=${base%.xz} ;;
        *.ko.gz) gzip -dc "$src" >"$root/lib/modules/${base%.gz}"; base=${base%.gz} ;;
        *.ko.zst) zstd -qdc "$src" >"$root/lib/modules/${base%.zst}"; base=${base%.zst} ;;
        *) cp "$src" "$root/lib/modules/$base" ;;
    esac
    echo "$base" >>"$root/modules.order"
done
log "modules: $(tr '\n' ' ' <"$root/modules.order")"

(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -9 >"$work/initrd.gz"
cp "$work/kernel/boot/vmlinuz-$version" "$work/vmlinuz"
mv -f "$work/vmlinuz" "$out/vmlinuz"
mv -f "$work/initrd.gz" "$out/initrd.gz"
echo "$version" >"$out/kernel-version"
echo "$inputs_hash $version $(basename "$deb")" >"$out/stamp"
log "built $out (kernel $version, initrd $(stat -c %s "$out/initrd.gz") bytes)"
echo "$out"

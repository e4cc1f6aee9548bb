#!/bin/sh
# Builds the Debian package from the release tarball: build-deb.sh TARBALL VERSION TARGET_DIR
# Layout: /usr/share/jvde/{bin,lib} (the tarball's), /usr/bin/jvde -> ../share/jvde/bin/jvde, jvde's man pages and
# bash completion in the standard places. vde_switch stays in /usr/share/jvde/bin: /usr/bin/vde_switch and its man
# page belong to Debian's vde-switch package (put /usr/share/jvde/bin first on PATH to use jvde as vde_switch).
set -eu
tarball=$1
version=$2
target=$3
here=$(cd "$(dirname "$0")" && pwd)

# Debian versions sort '~' before anything: 0.1.0~SNAPSHOT < 0.1.0.
debver=$(printf '%s' "$version" | sed 's/-/~/g')
stage=$target/deb-stage
rm -rf "$stage"
mkdir -p "$stage/unpacked"
tar -xzf "$tarball" -C "$stage/unpacked"
src=$(find "$stage/unpacked" -mindepth 1 -maxdepth 1 -type d)
root=$stage/root

install -d "$root/usr/share/jvde/bin" "$root/usr/share/jvde/lib" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/jvde" "$root/DEBIAN"
install -m 0755 "$src/bin/jvde" "$src/bin/vde_switch" "$root/usr/share/jvde/bin/"
install -m 0644 "$src/lib/jvde.jar" "$root/usr/share/jvde/lib/"
ln -s ../share/jvde/bin/jvde "$root/usr/bin/jvde"
for page in "$src"/share/man/man1/jvde*.1; do
    gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
    chmod 0644 "$root/usr/share/man/man1/$(basename "$page").gz"
done
install -m 0644 "$src/share/bash-completion/completions/jvde" "$root/usr/share/bash-completion/completions/"
install -m 0644 "$src/README.md" "$src/NOTICE" "$src/THIRD-PARTY" "$root/usr/share/doc/jvde/"
# Debian's machine-readable copyright file (the licence text itself is /usr/share/common-licenses/Apache-2.0)
install -m 0644 "$here/copyright" "$root/usr/share/doc/jvde/copyright"
cp -R "$src/share/doc/jvde/." "$root/usr/share/doc/jvde/"
chmod -R u=rwX,go=rX "$root/usr/share/doc/jvde"

size=$(du -sk "$root/usr" | cut -f1)
sed -e "s/@VERSION@/$debver/" -e "s/@SIZE@/$size/" "$here/control" >"$root/DEBIAN/control"
install -m 0755 "$here/postinst" "$here/postrm" "$root/DEBIAN/"

out=$target/jvde_${debver}_all.deb
dpkg-deb --root-owner-group -Zgzip --build "$root" "$out" >/dev/null
ln -sf "$(basename "$out")" "$target/jvde.deb"
echo "jvde: Debian package $out" >&2

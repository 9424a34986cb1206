#!/usr/bin/env bash
# Builds Berth's VM guest (a kernel + one initramfs holding busybox, dockerd, containerd, runc,
# sshd and the kernel modules they need) from Debian packages, into a cache folder.
#   scripts/vm/build-guest.sh [amd64|arm64]      (default: the host's architecture)
# Output: ${BERTH_VM_CACHE:-.cache/vm}/<arch>/{vmlinuz,initramfs.img,guest.json}
# Nothing secret is baked in: the client key and the guest host key arrive at boot via fw_cfg.
# BERTH_VM_COMPRESS=zstd|none (default zstd), BERTH_VM_ZSTD_LEVEL (default 12).
set -euo pipefail

started=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
host_arch=$(dpkg --print-architecture)
arch=${1:-$host_arch}
case "$arch" in
  amd64) triplet=x86_64-linux-gnu; kflavour=amd64 ;;
  arm64) triplet=aarch64-linux-gnu; kflavour=arm64 ;;
  *) echo "usage: $0 [amd64|arm64]" >&2; exit 2 ;;
esac
cache=${BERTH_VM_CACHE:-$repo/.cache/vm}
out=$cache/$arch
work=$out/work
debs=$work/debs
tree=$work/tree      # every package unpacked, as the source to pick files from
root=$work/root      # what goes into the initramfs
compress=${BERTH_VM_COMPRESS:-zstd}
level=${BERTH_VM_ZSTD_LEVEL:-12}
log() { printf '[build-guest %s +%ss] %s\n' "$arch" "$(($(date +%s) - started))" "$*"; }

# --- tools -----------------------------------------------------------------------------------
need=()
# QEMU is not needed to build, but to boot what was built (the tests and the bench do).
qemu=qemu-system-x86_64:qemu-system-x86
[ "$arch" = arm64 ] && qemu=qemu-system-aarch64:qemu-system-arm
for tool in cpio:cpio zstd:zstd xz:xz-utils readelf:binutils depmod:kmod modprobe:kmod qemu-img:qemu-utils "$qemu"; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "missing tools: ${need[*]} (install them, or run as root)" >&2; exit 1; }
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
apt_opts=()
if [ "$arch" != "$host_arch" ]; then
  apt_opts=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch")
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    [ "$(id -u)" = 0 ] || { echo "run: dpkg --add-architecture $arch && apt-get update" >&2; exit 1; }
    log "adding the $arch architecture to apt"
    dpkg --add-architecture "$arch" && apt-get update -qq
  fi
fi

# --- packages: the tools we want, plus the closure of their lib* dependencies ------------------
kernel_pkg=$(apt-cache "${apt_opts[@]}" depends "linux-image-$kflavour" | awk '/Depends: linux-image-/ {print $2; exit}')
[ -n "$kernel_pkg" ] || { echo "cannot find the kernel package for $arch" >&2; exit 1; }
top=(busybox-static docker.io containerd runc tini iptables e2fsprogs openssh-server "$kernel_pkg")
declare -A seen=()
frontier=("${top[@]}")
while [ "${#frontier[@]}" -gt 0 ]; do
  next=()
  for p in "${frontier[@]}"; do seen[$p]=1; done
  # Only library packages are followed: the rest (adduser, debconf, systemd helpers) is packaging glue.
  while read -r dep; do
    [ -n "${seen[$dep]:-}" ] && continue
    seen[$dep]=1
    next+=("$dep")
  done < <(apt-cache "${apt_opts[@]}" depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${frontier[@]}" \
    | awk '/^ *\|?(Pre)?Depends: (lib|zlib)/ {print $2}' | sed 's/:.*//' | grep -v '^<' | sort -u)
  frontier=("${next[@]}")
done
pkgs=("${!seen[@]}")
mkdir -p "$debs"
missing=()
for p in "${pkgs[@]}"; do compgen -G "$debs/${p}_*.deb" >/dev/null || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "downloading ${#missing[@]} of ${#pkgs[@]} packages"
  (cd "$debs" && apt-get "${apt_opts[@]}" download -qq "${missing[@]}" 2>&1 | grep -v '^W:' || true)
fi
ls "$debs"/*.deb >/dev/null

rm -rf "$tree" "$root"
mkdir -p "$tree" "$root"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$tree"; done
kver=$(ls "$tree/lib/modules" | head -1)
log "unpacked $(ls "$debs" | wc -l) packages; kernel $kver"

# --- files ------------------------------------------------------------------------------------
# Copies a path from the tree (following symlinks) to the same path in the root.
# Symlinks are resolved inside the tree: an absolute link must not reach the host's own files.
in_tree() {
  local p=$1 t n=0
  while [ -L "$tree/$p" ] && [ $n -lt 20 ]; do
    t=$(readlink "$tree/$p")
    case "$t" in /*) p=${t#/} ;; *) p=$(dirname "$p")/$t ;; esac
    n=$((n + 1))
  done
  echo "$tree/$p"
}
put() { mkdir -p "$root/$(dirname "$1")"; cp "$(in_tree "$1")" "$root/$1"; }
libdirs=("lib/$triplet" "usr/lib/$triplet" lib usr/lib)
declare -A have=()
# Copies an ELF and, recursively, the shared libraries it needs (resolved in the tree, so a
# foreign architecture works too).
put_elf() {
  local path=$1
  [ -n "${have[$path]:-}" ] && return
  have[$path]=1
  put "$path"
  local interp lib dir found
  interp=$(readelf -lW "$tree/$path" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  if [ -n "$interp" ] && [ ! -e "$root$interp" ]; then
    put "${interp#/}"
  fi
  for lib in $(readelf -dW "$tree/$path" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    found=
    for dir in "${libdirs[@]}"; do
      if [ -e "$(in_tree "$dir/$lib")" ]; then found=$dir/$lib; break; fi
    done
    [ -n "$found" ] || { echo "missing library $lib (needed by $path)" >&2; exit 1; }
    put_elf "$found"
  done
}
bins=(usr/sbin/dockerd usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/sbin/runc usr/bin/tini-static
  usr/sbin/xtables-nft-multi sbin/mke2fs sbin/resize2fs sbin/e2fsck usr/sbin/sshd)
[ -e "$tree/usr/sbin/docker-proxy" ] && bins+=(usr/sbin/docker-proxy)
[ -e "$tree/usr/bin/docker-proxy" ] && bins+=(usr/bin/docker-proxy)
for b in "${bins[@]}"; do
  [ -e "$tree/$b" ] || { echo "the packages have no $b" >&2; exit 1; }
  put_elf "$b"
done
# iptables loads its matches and targets with dlopen.
for ext in "$tree/usr/lib/$triplet/xtables/"*.so; do put_elf "usr/lib/$triplet/xtables/$(basename "$ext")"; done
# Debian selects iptables-nft with update-alternatives, which dpkg -x does not run.
for name in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sf xtables-nft-multi "$root/usr/sbin/$name"
done
ln -sf tini-static "$root/usr/bin/docker-init"
# busybox: the applets live in /bin only, so the real tools in /sbin and /usr/sbin stay reachable by full path.
mkdir -p "$root/bin"
cp "$tree/bin/busybox" "$root/bin/busybox"
for applet in $("$tree/bin/busybox" --list 2>/dev/null || chroot "$tree" /bin/busybox --list 2>/dev/null || true); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
if [ ! -e "$root/bin/sh" ]; then  # a foreign busybox cannot list its applets here
  for applet in sh mount umount mkdir cat echo ln ls sleep ip insmod dd od hexdump grep sed tail head cp rm mv chmod chown kill ps poweroff reboot halt sync tr cut wc awk seq test '[' date uname hostname dmesg blkid mdev switch_root chroot nc ifconfig route true false env id stat touch find df du free top pidof setsid; do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
fi

# --- kernel and modules -----------------------------------------------------------------------
vmlinuz=$(ls "$tree/boot/vmlinuz-$kver")
if [ "$arch" = arm64 ]; then
  # QEMU's -kernel on aarch64 wants the raw Image; Debian ships it gzip-compressed.
  if gzip -t "$vmlinuz" 2>/dev/null; then gzip -dc "$vmlinuz" > "$out/vmlinuz.tmp"; else cp "$vmlinuz" "$out/vmlinuz.tmp"; fi
else
  cp "$vmlinuz" "$out/vmlinuz.tmp"
fi
modules=(virtio_pci virtio_net virtio_blk virtio_rng qemu_fw_cfg ext4 crc32c_generic overlay bridge br_netfilter veth
  nf_tables nft_compat nft_chain_nat nf_nat nf_conntrack xt_MASQUERADE xt_conntrack xt_addrtype xt_nat xt_tcpudp
  9p 9pnet_virtio)
depmod -b "$tree" "$kver"
: > "$work/modules.order"
for m in "${modules[@]}"; do
  modprobe -d "$tree" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}' >> "$work/modules.order"
done
mkdir -p "$root/lib/modules/$kver"
: > "$root/etc-modules.tmp"
while read -r ko; do
  rel=${ko#"$tree"/}
  grep -qxF "/$rel" "$root/etc-modules.tmp" && continue
  mkdir -p "$root/$(dirname "$rel")"
  case "$rel" in
    *.ko.xz) xz -dc "$tree/$rel" > "$root/${rel%.xz}"; rel=${rel%.xz} ;;
    *.ko.zst) zstd -qdc "$tree/$rel" > "$root/${rel%.zst}"; rel=${rel%.zst} ;;
    *) cp "$tree/$rel" "$root/$rel" ;;
  esac
  echo "/$rel" >> "$root/etc-modules.tmp"
done < "$work/modules.order"
cp "$tree/lib/modules/$kver/modules.order" "$tree/lib/modules/$kver/modules.builtin"* "$root/lib/modules/$kver/" 2>/dev/null || true
depmod -b "$root" "$kver"

# --- configuration ----------------------------------------------------------------------------
mkdir -p "$root"/{etc/ssh,etc/berth,proc,sys,dev,run,tmp,root,var/lib/docker,var/log,var/run,newroot,mnt}
mv "$root/etc-modules.tmp" "$root/etc/berth/modules"
cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
sshd:x:100:65534:sshd:/run/sshd:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
docker:x:999:
nogroup:x:65534:
EOF
printf 'root:*:19000:0:99999:7:::\nsshd:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
chmod 600 "$root/etc/shadow"
echo berth-vm > "$root/etc/hostname"
printf 'hosts: files dns\npasswd: files\ngroup: files\nshadow: files\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost berth-vm\n::1 localhost\n' > "$root/etc/hosts"
printf 'tcp 6 TCP\nudp 17 UDP\n' > "$root/etc/protocols"
cat > "$root/etc/ssh/sshd_config" <<'EOF'
# Keys arrive at boot through fw_cfg (see /init); nothing secret is in the image.
HostKey /run/berth/ssh_host_ed25519_key
AuthorizedKeysFile /run/berth/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
PidFile /run/sshd.pid
EOF
mkdir -p "$root/etc/docker"
cat > "$root/etc/docker/daemon.json" <<'EOF'
{ "storage-driver": "overlay2", "log-driver": "json-file", "init-path": "/usr/bin/docker-init" }
EOF
install -m 755 "$here/init" "$root/init"
# Reproducible: every file gets the same time (SOURCE_DATE_EPOCH, else the kernel package's).
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$tree/boot/vmlinuz-$kver")}
echo "$kver $epoch" > "$root/etc/berth/built"
find "$root" -exec touch -h -d "@$epoch" {} +

# --- the initramfs ----------------------------------------------------------------------------
raw_size=$(du -sb "$root" | cut -f1)
log "root is $((raw_size / 1024 / 1024)) MB; packing ($compress)"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet --reproducible 2>/dev/null || \
  (cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet)) > "$work/initramfs.cpio"
case "$compress" in
  zstd) zstd -q -f -T0 "-$level" "$work/initramfs.cpio" -o "$out/initramfs.img.tmp"; rm -f "$work/initramfs.cpio" ;;
  none) mv "$work/initramfs.cpio" "$out/initramfs.img.tmp" ;;
  *) echo "BERTH_VM_COMPRESS must be zstd or none" >&2; exit 2 ;;
esac
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/initramfs.img.tmp" "$out/initramfs.img"
seconds=$(($(date +%s) - started))
kernel_size=$(stat -c %s "$out/vmlinuz")
initrd_size=$(stat -c %s "$out/initramfs.img")
cat > "$out/guest.json" <<EOF
{ "arch": "$arch", "kernelVersion": "$kver", "kernel": "vmlinuz", "initramfs": "initramfs.img",
  "kernelBytes": $kernel_size, "initramfsBytes": $initrd_size, "rootBytes": $raw_size,
  "compression": "$compress", "buildSeconds": $seconds, "packages": ${#pkgs[@]} }
EOF
rm -rf "$tree" "$root"
log "done in ${seconds}s: vmlinuz $((kernel_size / 1024 / 1024)) MB, initramfs $((initrd_size / 1024 / 1024)) MB ($((raw_size / 1024 / 1024)) MB unpacked) in $out"

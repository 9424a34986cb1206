#!/usr/bin/env bash
# Builds Berth's VM guest from Debian packages, into a cache folder:
#   vmlinuz        the kernel QEMU boots directly: amd64 the uncompressed vmlinux ELF (PVH entry,
#                  no firmware and no decompression), arm64 the raw Image
#   initramfs.img  a tiny uncompressed cpio: busybox, /init (stage 1) and the modules to mount the root
#   root.img       a read-only erofs with busybox, dockerd, containerd, runc, sshd, nft, the libraries
#                  and the modules: attached as a virtio disk, read on demand, evictable (no unpacking)
#   data.qcow2     the template of a new VM's data disk: an empty ext4 (2 GiB, grown by the VM
#                  manager and the guest), so a first start formats nothing
#   guest.json     sizes and versions
#   scripts/vm/build-guest.sh [--if-changed] [amd64|arm64]      (default: the host's architecture)
#   --if-changed: do nothing when the cached guest was built by these same scripts (npm test uses it)
# Output: ${BERTH_VM_CACHE:-.cache/vm}/<arch>/
# Nothing secret is baked in: the client key and the guest host key arrive at boot via fw_cfg.
# BERTH_VM_ROOT_COMPRESS=none|lz4|lz4hc (default none: fastest to build and to read under emulation;
# an installer compresses anyway).
set -euo pipefail

started=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
host_arch=$(dpkg --print-architecture)
if_changed=0
if [ "${1:-}" = --if-changed ]; then if_changed=1; shift; fi
arch=${1:-$host_arch}
case "$arch" in
  # amd64: Debian's cloud kernel (virtual hardware only): ~0.5 s less to boot under emulation than
  # the generic one, and ext4 built in. It has no 9p, which file sharing needs: built below.
  amd64) triplet=x86_64-linux-gnu; kflavour=cloud-amd64 ;;
  arm64) triplet=aarch64-linux-gnu; kflavour=arm64 ;;
  *) echo "usage: $0 [amd64|arm64]" >&2; exit 2 ;;
esac
cache=${BERTH_VM_CACHE:-$repo/.cache/vm}
out=$cache/$arch
work=$out/work
debs=$work/debs
tree=$work/tree      # every package unpacked, as the source to pick files from
root=$work/root      # what goes into root.img
early=$work/early    # what goes into the initramfs
compress=${BERTH_VM_ROOT_COMPRESS:-none}
log() { printf '[build-guest %s +%ss] %s\n' "$arch" "$(($(date +%s) - started))" "$*"; }
# What the guest is made from, besides the packages: these scripts and the build options.
inputs=$(cat "$0" "$here/init" "$here/early-init" "$here/guest-tools.sh" <(echo "$arch $compress") | sha256sum | cut -c1-16)
if [ "$if_changed" = 1 ] && [ -f "$out/root.img" ] && [ -f "$out/initramfs.img" ] && [ -f "$out/vmlinuz" ] \
  && grep -q "\"inputs\": \"$inputs\"" "$out/guest.json" 2>/dev/null; then
  log "up to date in $out (inputs $inputs)"
  exit 0
fi

# --- tools -----------------------------------------------------------------------------------
need=()
. "$here/guest-tools.sh"
for tool in $(guest_tools "$arch"); do
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
top=(busybox-static docker.io containerd runc tini nftables e2fsprogs openssh-server "$kernel_pkg")
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

rm -rf "$tree" "$root" "$early"
mkdir -p "$tree" "$root" "$early"
for p in "${pkgs[@]}"; do
  deb=$(ls -t "$debs/${p}"_*.deb | head -1)
  dpkg -x "$deb" "$tree"
done
kver=$(ls "$tree/lib/modules" | head -1)
log "unpacked ${#pkgs[@]} packages; kernel $kver"

# --- 9p for a kernel without it ----------------------------------------------------------------
# The home folder is shared over virtio-9p (the one QEMU offers on macOS, Windows and Linux alike).
# Debian's cloud kernel leaves 9p out, so its three modules are compiled from Debian's kernel
# source of the very same version, against that kernel's headers package (~20 s, cached per kernel).
if ! grep -q '^CONFIG_9P_FS=' "$tree/boot/config-$kver"; then
  extra=$work/9p-$kver
  if ! ls "$extra"/9p.ko "$extra"/9pnet.ko "$extra"/9pnet_virtio.ko >/dev/null 2>&1; then
    [ "$arch" = "$host_arch" ] || { echo "compiling 9p for $kver needs an $arch host" >&2; exit 1; }
    kdeb=$(ls -t "$debs/${kernel_pkg}"_*.deb | head -1)
    kversion=$(dpkg-deb -f "$kdeb" Version)
    series=${kver%%-*}; series=${series%.*}                    # 6.1.0-57-cloud-amd64 → 6.1
    abi=${kver%-cloud-*}                                         # → 6.1.0-57
    kpkgs=("linux-headers-$kver=$kversion" "linux-headers-$abi-common=$kversion" "linux-kbuild-$series=$kversion" "linux-source-$series=$kversion")
    log "compiling 9p for $kver from linux-source-$series $kversion"
    (cd "$debs" && for p in "${kpkgs[@]}"; do compgen -G "${p%%=*}_${kversion}_*.deb" >/dev/null || apt-get "${apt_opts[@]}" download -qq "$p" 2>&1 | grep -v '^W:' || true; done)
    kb=$work/kbuild
    rm -rf "$kb" && mkdir -p "$kb/m"
    for p in "${kpkgs[@]:0:3}"; do dpkg -x "$(ls "$debs/${p%%=*}_${kversion}"_*.deb)" "$kb"; done
    headers=$kb/usr/src/linux-headers-$kver
    # Its Makefile includes the common part by absolute path: point it into this tree.
    sed -i "s#include /usr/src/#include $kb/usr/src/#" "$headers/Makefile"
    dpkg-deb --fsys-tarfile "$(ls "$debs/linux-source-${series}_${kversion}"_*.deb)" \
      | tar -xO "./usr/src/linux-source-$series.tar.xz" | xz -dc | tar -x -C "$kb" "linux-source-$series/fs/9p" "linux-source-$series/net/9p"
    mv "$kb/linux-source-$series/net/9p" "$kb/m/net9p"
    mv "$kb/linux-source-$series/fs/9p" "$kb/m/fs9p"
    echo 'obj-m += net9p/ fs9p/' > "$kb/m/Kbuild"
    make -s -C "$headers" M="$kb/m" CONFIG_NET_9P=m CONFIG_NET_9P_VIRTIO=m CONFIG_9P_FS=m modules 2>&1 | grep -v 'Skipping BTF' || true
    mkdir -p "$extra.tmp"
    for ko in "$kb"/m/net9p/9pnet.ko "$kb"/m/net9p/9pnet_virtio.ko "$kb"/m/fs9p/9p.ko; do
      [ -f "$ko" ] || { echo "compiling 9p failed: no $ko" >&2; exit 1; }
      strip --strip-debug -o "$extra.tmp/$(basename "$ko")" "$ko"
    done
    rm -rf "$extra" "$kb" && mv "$extra.tmp" "$extra"
  fi
  mkdir -p "$tree/lib/modules/$kver/updates"
  cp "$extra"/*.ko "$tree/lib/modules/$kver/updates/"
fi

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
  usr/sbin/nft sbin/mke2fs sbin/resize2fs sbin/e2fsck usr/sbin/sshd)
[ -e "$tree/usr/sbin/docker-proxy" ] && bins+=(usr/sbin/docker-proxy)
[ -e "$tree/usr/bin/docker-proxy" ] && bins+=(usr/bin/docker-proxy)
for b in "${bins[@]}"; do
  [ -e "$tree/$b" ] || { echo "the packages have no $b" >&2; exit 1; }
  put_elf "$b"
done
ln -sf tini-static "$root/usr/bin/docker-init"
# busybox: the applets live in /bin only, so the real tools in /sbin and /usr/sbin stay reachable by full path.
mkdir -p "$root/bin"
cp "$tree/bin/busybox" "$root/bin/busybox"
for applet in $("$tree/bin/busybox" --list 2>/dev/null || chroot "$tree" /bin/busybox --list 2>/dev/null || true); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
if [ ! -e "$root/bin/sh" ]; then  # a foreign busybox cannot list its applets here
  for applet in sh mount umount mkdir cat echo ln ls sleep ip insmod modprobe dd od hexdump grep sed tail head cp rm mv chmod chown kill killall pkill ps poweroff reboot halt sync tr cut wc awk seq test '[' date uname hostname dmesg blkid mdev switch_root chroot nc ifconfig route true false env id stat touch find df du free top pidof setsid readlink xargs sort basename dirname; do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
fi

# --- kernel and modules -----------------------------------------------------------------------
vmlinuz=$(ls "$tree/boot/vmlinuz-$kver")
if [ "$arch" = arm64 ]; then
  # QEMU's -kernel on aarch64 wants the raw Image; Debian ships it gzip-compressed.
  if gzip -t "$vmlinuz" 2>/dev/null; then gzip -dc "$vmlinuz" > "$out/vmlinuz.tmp"; else cp "$vmlinuz" "$out/vmlinuz.tmp"; fi
  kernel_format=image
else
  # The bzImage's payload is the vmlinux ELF, whose PVH note lets QEMU jump straight into it: no
  # firmware, and no decompressing ~60 MB under emulation at every boot (xz in Debian's generic
  # kernel, lz4 in its cloud one). The boot header says where the payload starts.
  setup_sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$vmlinuz" | tr -d ' ')
  payload=$(od -An -tu4 -j $((0x248)) -N4 "$vmlinuz" | tr -d ' ')
  start=$(((setup_sects + 1) * 512 + payload))
  magic=$(od -An -tx1 -j "$start" -N4 "$vmlinuz" | tr -d ' \n')
  case "$magic" in
    fd377a58) unpack=(xz -dcq) ;;
    02214c18) unpack=(lz4 -dcq) ;;
    28b52ffd) unpack=(zstd -dcq) ;;
    1f8b08*) unpack=(gzip -dcq) ;;
    *) echo "unknown kernel payload ($magic) in $vmlinuz" >&2; exit 1 ;;
  esac
  tail -c +$((start + 1)) "$vmlinuz" | "${unpack[@]}" > "$out/vmlinuz.tmp" 2>/dev/null || true
  readelf -nW "$out/vmlinuz.tmp" | grep 'Xen.*0x00000012' >/dev/null || { echo "the kernel has no PVH entry note" >&2; exit 1; }
  kernel_format=pvh-elf
fi
# Stage 1 (initramfs) needs only what mounts the root; the rest loads from the root disk.
early_modules=(virtio_pci virtio_blk erofs overlay)
# Stage 2, in this order (dockerd is already starting): the data disk's file system, the bridge
# (before dockerd gets its configuration: see /init), what sshd needs (fw_cfg for the keys, the
# network), what dockerd's networks need, then the rest.
modules=(ext4 crc32c_generic bridge qemu_fw_cfg virtio_net veth nf_tables nft_ct nft_fib_inet nft_chain_nat nft_masq nf_nat nf_conntrack
  virtio_rng virtio_balloon 9p 9pnet_virtio)
depmod -b "$tree" "$kver"
# Drops a module's appended signature: the kernel would hash every module at load (slow under
# emulation) to check a signature it does not enforce; the root image itself is read-only.
unsign() {
  local size siglen
  size=$(stat -c %s "$1")
  [ "$(tail -c 28 "$1" | tr -d '\000')" = "~Module signature appended~" ] || return 0
  siglen=$(tail -c 32 "$1" | head -c 4 | od -An -tu1 | awk '{print ($1 * 16777216) + ($2 * 65536) + ($3 * 256) + $4}')
  truncate -s $((size - 28 - 12 - siglen)) "$1"
}
# Copies the modules named and their dependencies (in load order) into a root; writes the order.
# One built into the kernel is listed as "builtin:<name>", so the init can still wait for it by name.
put_modules() {
  local dest=$1 list=$2 ko rel
  shift 2
  : > "$list"
  for m in "$@"; do
    modprobe -d "$tree" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2} $1 == "builtin" {print "builtin:" $2}'
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "the kernel $kver has no module $m" >&2; exit 1; }
  done | while read -r ko; do
    case "$ko" in builtin:*) grep -qxF "$ko" "$list" || echo "$ko" >> "$list"; continue ;; esac
    rel=${ko#"$tree"/}
    rel=${rel%.xz}; rel=${rel%.zst}
    grep -qxF "/$rel" "$list" && continue
    mkdir -p "$dest/$(dirname "$rel")"
    case "$ko" in
      *.ko.xz) xz -dc "$ko" > "$dest/$rel" ;;
      *.ko.zst) zstd -qdc "$ko" > "$dest/$rel" ;;
      *) cp "$ko" "$dest/$rel" ;;
    esac
    unsign "$dest/$rel"
    echo "/$rel" >> "$list"
  done
}
mkdir -p "$root/etc/berth" "$early/etc/berth"
put_modules "$early" "$early/etc/berth/modules" "${early_modules[@]}"
put_modules "$root" "$root/etc/berth/modules" "${early_modules[@]}" "${modules[@]}"
# Stage 2 loads only what stage 1 has not.
grep -vxF -f "$early/etc/berth/modules" "$root/etc/berth/modules" > "$root/etc/berth/modules.tmp" || true
mv "$root/etc/berth/modules.tmp" "$root/etc/berth/modules"
for r in "$root" "$early"; do
  cp "$tree/lib/modules/$kver/modules.order" "$tree/lib/modules/$kver/modules.builtin"* "$r/lib/modules/$kver/" 2>/dev/null || true
  depmod -b "$r" "$kver"
done

# --- configuration ----------------------------------------------------------------------------
mkdir -p "$root"/{etc/ssh,etc/berth,proc,sys,dev,run,tmp,root,var/lib/docker,var/lib/containerd,var/log,mnt}
ln -sfn /run "$root/var/run"
# What `docker info` reports as the engine's operating system (dockerd warns at start without it).
printf 'NAME="Berth VM"\nID=berth\nPRETTY_NAME="Berth VM (Debian packages)"\n' > "$root/etc/os-release"
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
{ "storage-driver": "overlay2", "log-driver": "json-file", "init-path": "/usr/bin/docker-init", "iptables": false }
EOF
# containerd without what dockerd does not use: the CRI plugin (Kubernetes's; it starts a streaming
# server and CNI watchers) and the snapshotters this guest cannot have (aufs would run modprobe).
mkdir -p "$root/etc/containerd"
cat > "$root/etc/containerd/config.toml" <<'EOF'
version = 2
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing"]
EOF
# dockerd runs with --iptables=false (each iptables run costs ~0.2 s under emulation, dozens at
# start); /init loads this instead, in one nft call: containers reach out through the VM's
# address. Published ports go through docker-proxy (userland), which needs no NAT rule.
# Fail-closed, as dockerd's DOCKER-ISOLATION chains would be: nothing is routed between bridges
# (containers on one bridge talk at layer 2 and never pass these hooks), and a bridge reaches eth0
# only when it is docker0 or in @egress. Berth adds each network that is not --internal to @egress
# when it sees it (src-main/engines/vm/network-egress.ts), so a new network is closed until then and
# an internal one never leaks. A bridge not in @egress reaches the VM itself only at addresses of its
# own (its gateway): not the VM's sshd on 10.0.2.15, nor another bridge's gateway. inet: IPv6 too.
cat > "$root/etc/berth/nat.nft" <<'EOF'
table inet berth {
  set egress {
    type ifname
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "eth0" ip saddr != 10.0.2.15 masquerade
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    iifname "docker0" oifname "eth0" accept
    iifname @egress oifname "eth0" accept
    iifname "eth0" ct state established,related accept
  }
  chain input {
    type filter hook input priority filter; policy accept;
    iifname { "lo", "eth0", "docker0" } accept
    iifname @egress accept
    fib daddr . iif type != { local, broadcast, multicast } drop
  }
}
EOF
install -m 755 "$here/init" "$root/init"
# Stage 1: the initramfs mounts root.img (erofs) under a tmpfs overlay and switches to it.
mkdir -p "$early"/{bin,dev,proc,sys,lower,upper,newroot}
cp "$tree/bin/busybox" "$early/bin/busybox"
for applet in sh mount umount mkdir cat insmod sleep reboot switch_root; do ln -s busybox "$early/bin/$applet"; done
install -m 755 "$here/early-init" "$early/init"
# Reproducible: every file gets the same time (SOURCE_DATE_EPOCH, else the kernel package's).
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$tree/boot/vmlinuz-$kver")}
echo "$kver $epoch" > "$root/etc/berth/built"
find "$root" "$early" -exec touch -h -d "@$epoch" {} +

# --- the root disk and the initramfs ----------------------------------------------------------
raw_size=$(du -sb "$root" | cut -f1)
log "root is $((raw_size / 1024 / 1024)) MB; making root.img (erofs, compression: $compress)"
erofs_opts=(-T "$epoch" -U 00000000-0000-0000-0000-000000000000 --all-root)
case "$compress" in
  none) ;;
  lz4|lz4hc) erofs_opts+=("-z$compress") ;;
  *) echo "BERTH_VM_ROOT_COMPRESS must be none, lz4 or lz4hc" >&2; exit 2 ;;
esac
rm -f "$out/root.img.tmp"
mkfs.erofs --quiet "${erofs_opts[@]}" "$out/root.img.tmp" "$root" >/dev/null
(cd "$early" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner 0:0 --quiet --reproducible 2>/dev/null) > "$out/initramfs.img.tmp"
# The data disk's template: mke2fs at a first boot took 6–8 s under emulation; on the build host
# it takes well under a second. The inode tables and journal are written now (zeros, which the
# qcow2 conversion leaves out), so the guest's lazy-init thread has nothing to do. The guest's own
# mke2fs.conf, so the features are those its kernel and e2fsprogs know; a fixed UUID and time.
rm -f "$work/data.raw" "$out/data.qcow2.tmp"
truncate -s 2G "$work/data.raw"
MKE2FS_CONFIG=$tree/etc/mke2fs.conf E2FSPROGS_FAKE_TIME=$epoch mke2fs -q -t ext4 -F -L berth-data \
  -U 62657274-6800-4000-8000-000000000000 -E lazy_itable_init=0,lazy_journal_init=0,nodiscard,hash_seed=62657274-6800-4000-8000-000000000001 \
  "$work/data.raw"
qemu-img convert -q -f raw -O qcow2 "$work/data.raw" "$out/data.qcow2.tmp"
rm -f "$work/data.raw"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/data.qcow2.tmp" "$out/data.qcow2"
mv "$out/initramfs.img.tmp" "$out/initramfs.img"
mv "$out/root.img.tmp" "$out/root.img"
seconds=$(($(date +%s) - started))
kernel_size=$(stat -c %s "$out/vmlinuz")
initrd_size=$(stat -c %s "$out/initramfs.img")
root_size=$(stat -c %s "$out/root.img")
data_size=$(stat -c %s "$out/data.qcow2")
cat > "$out/guest.json" <<EOF
{ "arch": "$arch", "kernelVersion": "$kver", "kernel": "vmlinuz", "kernelFormat": "$kernel_format",
  "initramfs": "initramfs.img", "root": "root.img", "kernelBytes": $kernel_size, "initramfsBytes": $initrd_size,
  "rootImageBytes": $root_size, "rootBytes": $raw_size, "dataTemplate": "data.qcow2", "dataTemplateBytes": $data_size, "compression": "$compress",
  "buildSeconds": $seconds, "packages": ${#pkgs[@]}, "inputs": "$inputs" }
EOF
rm -rf "$tree" "$root" "$early"
log "done in ${seconds}s: vmlinuz $((kernel_size / 1024 / 1024)) MB ($kernel_format), initramfs $((initrd_size / 1024)) KB, root.img $((root_size / 1024 / 1024)) MB, data.qcow2 $((data_size / 1024)) KB in $out"

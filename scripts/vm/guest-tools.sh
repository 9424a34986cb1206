# The host tools that build and boot the VM guest for an architecture, as "command:Debian package".
# Sourced by build-guest.sh (which installs what is missing when root) and system-deps.sh.
guest_tools() {
  local arch=$1
  echo cpio:cpio zstd:zstd xz:xz-utils lz4:lz4 readelf:binutils strip:binutils make:make depmod:kmod modprobe:kmod \
    mkfs.erofs:erofs-utils mke2fs:e2fsprogs qemu-img:qemu-utils
  # QEMU is not needed to build, but to boot what was built (the tests and the bench do).
  if [ "$arch" = arm64 ]; then echo qemu-system-aarch64:qemu-system-arm; else echo qemu-system-x86_64:qemu-system-x86; fi
  # amd64's kernel is Debian's cloud kernel (lz4), whose 9p modules are compiled with its compiler.
  [ "$arch" = amd64 ] && echo gcc-12:gcc-12
  return 0
}

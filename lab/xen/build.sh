#!/usr/bin/env bash
# Builds the artefacts of the real Xen test host (issue 5): a Debian 12 dom0 disk image with Xen
# 4.17 + xl + sshd, the Xen and dom0 kernels QEMU boots, and a small PV guest (vd-xen) inside it.
# Needs root (debootstrap, chroot) on Debian 12. Boot it with lab/xen/boot.sh.
#
# Artefacts are CACHED outside the repository and reused when up to date:
#   $CACHE (env VIRTDECK_XEN_CACHE, default /var/cache/virtdeck-xen)
#     rootfs/          debootstrap'd + configured dom0 tree (~1 GB)
#     dom0.img         raw ext4 image of rootfs (3 GiB sparse, ~1.1 GB used); boot.sh never writes it
#     xen, dom0-vmlinuz, dom0-initrd   what QEMU boots
#     ssh_host_ed25519_key[.pub]       dom0's host key (kept across rebuilds: known_hosts stays valid)
#     rootfs.stamp, image.stamp        hashes deciding what is stale (see below)
#     times.env                        measured seconds of the last run's steps
# Staleness: rootfs.stamp = hash(suite + package list + the debootstrap step); a mismatch
# re-runs debootstrap from scratch. image.stamp = hash(this script + package list + the lab's
# client key); a mismatch re-applies the (idempotent) configuration and rebuilds dom0.img.
# The lab's client key ($LAB/id_ed25519.pub, created here if lab/setup.sh has not yet) is the only
# way into dom0: root, key only, no password.
# Env: VIRTDECK_XEN_CACHE, VIRTDECK_LAB_DIR, MIRROR (default: the host's Debian mirror),
#      VIRTDECK_XEN_REBUILD=1 (ignore the stamps and rebuild everything).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${VIRTDECK_XEN_CACHE:-/var/cache/virtdeck-xen}
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
ROOTFS=$CACHE/rootfs
SUITE=bookworm
IMG_SIZE=3G
GUEST=vd-xen
GUEST_DIR=/var/lib/virtdeck-xen          # inside dom0: guest kernel + initramfs
DATA_IMG=/var/lib/virtdeck-xen/data.img  # inside dom0: 64 MiB raw file for block-attach tests
PKGS=xen-hypervisor-4.17-amd64,xen-utils-4.17,xen-utils-common,xenstore-utils,openssh-server,linux-image-amd64,iproute2,ifupdown,isc-dhcp-client,busybox-static,bridge-utils,procps,less
HOST_PKGS=(debootstrap qemu-system-x86 qemu-utils e2fsprogs cpio openssh-client)

T0=$SECONDS
log() { printf '[xen-build %4ds] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
TIMES=()
# step NAME CMD...: run and record its duration (seconds) as NAME in times.env
step() {
    local name=$1 s=$SECONDS; shift
    log "step $name: start"
    "$@"
    TIMES+=("XEN_T_${name^^}=$((SECONDS - s))")
    log "step $name: done in $((SECONDS - s))s"
}

# shellcheck source=lab/lib.sh
source "$HERE/../lib.sh"

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot)"
mkdir -p "$CACHE" "$LAB"
exec 8>"$CACHE/.lock"
flock -w 1800 8 || die "another lab/xen/build.sh holds $CACHE/.lock"

hash_of() { sha256sum | cut -c1-16; }
# The debootstrap step's own text: editing it (or the package list) invalidates the rootfs.
debootstrap_recipe() { declare -f do_debootstrap; echo "$SUITE $PKGS"; }

host_deps() { lab_apt_install "${HOST_PKGS[@]}"; }

detect_mirror() {
    if [[ -n ${MIRROR:-} ]]; then echo "$MIRROR"; return; fi
    local m
    m=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
        grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 | tr -d ' ' || true)
    echo "${m:-http://deb.debian.org/debian}"
}

do_debootstrap() {
    local mirror; mirror=$(detect_mirror)
    log "debootstrap $SUITE from $mirror into $ROOTFS"
    rm -rf "$ROOTFS" "$ROOTFS.tmp"
    debootstrap --arch=amd64 --include="$PKGS" "$SUITE" "$ROOTFS.tmp" "$mirror" \
        >"$CACHE/debootstrap.log" 2>&1 || { tail -30 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    [[ -x $ROOTFS.tmp/usr/sbin/xl && -f $ROOTFS.tmp/boot/xen-4.17-amd64.gz ]] || die "debootstrap result lacks xl or the hypervisor"
    rm -rf "$ROOTFS.tmp/var/cache/apt/archives/"*.deb
    mv "$ROOTFS.tmp" "$ROOTFS"
}

ensure_client_key() {
    lab_client_key "$LAB"   # shared with lab/setup.sh, which may run at the same time
    [[ -f $CACHE/ssh_host_ed25519_key ]] ||
        ssh-keygen -q -t ed25519 -N '' -C virtdeck-xen-dom0 -f "$CACHE/ssh_host_ed25519_key"
}

configure_rootfs() {
    local r=$ROOTFS
    echo xenhost >"$r/etc/hostname"
    printf '127.0.0.1\tlocalhost\n127.0.1.1\txenhost\n' >"$r/etc/hosts"
    echo '/dev/vda / ext4 defaults,errors=remount-ro 0 1' >"$r/etc/fstab"
    mkdir -p "$r/etc/network"
    printf 'auto lo\niface lo inet loopback\nauto eth0\niface eth0 inet dhcp\n' >"$r/etc/network/interfaces"
    rm -f "$r/etc/resolv.conf"; echo 'nameserver 10.0.2.3' >"$r/etc/resolv.conf"
    # Backend drivers a Xen host needs (the xen init script loads xenfs/evtchn/gntdev itself).
    printf 'xen-blkback\nxen-netback\nxen-privcmd\nxen-gntalloc\nloop\n' >"$r/etc/modules-load.d/xen-lab.conf"
    # sshd: root with the lab's key only; fixed host key so known_hosts survives rebuilds.
    mkdir -p "$r/etc/ssh/sshd_config.d" "$r/root/.ssh"
    printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUseDNS no\nHostKey /etc/ssh/ssh_host_ed25519_key\n' \
        >"$r/etc/ssh/sshd_config.d/virtdeck-lab.conf"
    rm -f "$r"/etc/ssh/ssh_host_*
    install -m 600 "$CACHE/ssh_host_ed25519_key" "$r/etc/ssh/ssh_host_ed25519_key"
    install -m 644 "$CACHE/ssh_host_ed25519_key.pub" "$r/etc/ssh/ssh_host_ed25519_key.pub"
    install -m 600 "$LAB/id_ed25519.pub" "$r/root/.ssh/authorized_keys"
    chmod 700 "$r/root/.ssh"
    chroot "$r" passwd -l root >/dev/null   # no password login at all
    # Do not spend emulated CPU on timers; keep a slow DHCP from blocking boot forever.
    local u
    for u in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer logrotate.timer; do
        ln -sf /dev/null "$r/etc/systemd/system/$u"
    done
    mkdir -p "$r/etc/systemd/system/networking.service.d"
    printf '[Service]\nTimeoutStartSec=60\n' >"$r/etc/systemd/system/networking.service.d/timeout.conf"
    # Every guest console is logged to /var/log/xen/console/guest-<name>.log: scripts and tests
    # poll it for the guest's banner. xenconsoled does not create the directory.
    touch "$r/etc/default/xen"   # optional file; the xen init script sources it
    sed -i '/^XENCONSOLED_ARGS=/d' "$r/etc/default/xen"
    echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' >>"$r/etc/default/xen"
    mkdir -p "$r/var/log/xen/console"
    mkdir -p "$r/var/lib/xen/save"   # inventory-xen.yaml: xen.save_dir (xl save needs an existing directory)
    mkdir -p "$r/etc/tmpfiles.d"
    printf 'd /var/log/xen/console 0755 root root -\n' >"$r/etc/tmpfiles.d/virtdeck-xen.conf"
    build_guest
}

# The PV guest: dom0's Debian kernel + a busybox initramfs, console hvc0, busybox init (so the
# xenstore shutdown/reboot requests `xl shutdown`/`xl reboot` send are honoured), not started at boot.
build_guest() {
    local r=$ROOTFS kver d=$CACHE/guest-initrd
    kver=$(ls "$r/lib/modules" | sort -V | tail -1)
    rm -rf "$d"; mkdir -p "$d"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,root,lib/modules}
    cp "$r/bin/busybox" "$d/bin/busybox"
    cp "$r/lib/modules/$kver/kernel/drivers/block/xen-blkfront.ko" "$d/lib/modules/"
    cat >"$d/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
exec /sbin/init
EOF
    cat >"$d/etc/inittab" <<'EOF'
::sysinit:/etc/rcS
hvc0::respawn:-/bin/sh
::shutdown:/bin/echo VD-XEN-SHUTTING-DOWN
EOF
    cat >"$d/etc/rcS" <<'EOF'
#!/bin/sh
insmod /lib/modules/xen-blkfront.ko 2>/dev/null
hostname vd-xen
echo "VD-XEN-BOOT-OK kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) $(grep MemTotal /proc/meminfo)"
# Stand-in for the udev rule that onlines hot-added vCPUs (xl vcpu-set N > current).
( while :; do for c in /sys/devices/system/cpu/cpu[1-9]*/online; do
    [ -f "$c" ] && [ "$(cat "$c" 2>/dev/null)" = 0 ] && echo 1 >"$c" 2>/dev/null; done; sleep 1; done ) &
EOF
    chmod +x "$d/init" "$d/etc/rcS"
    ln -sf /bin/busybox "$d/sbin/init"
    mkdir -p "$r$GUEST_DIR"
    (cd "$d" && find . | cpio -o -H newc 2>/dev/null | gzip -9) >"$r$GUEST_DIR/initrd.gz"
    cp "$r/boot/vmlinuz-$kver" "$r$GUEST_DIR/vmlinuz"
    cat >"$r/etc/xen/$GUEST.cfg" <<EOF
# virtdeck lab PV guest (lab/xen/build.sh); not started at boot
name     = "$GUEST"
type     = "pv"
kernel   = "$GUEST_DIR/vmlinuz"
ramdisk  = "$GUEST_DIR/initrd.gz"
extra    = "console=hvc0"
memory   = 256
maxmem   = 512
vcpus    = 1
maxvcpus = 2
on_poweroff = "destroy"
on_reboot   = "restart"
on_crash    = "destroy"
EOF
    rm -f "$r$DATA_IMG"; truncate -s 64M "$r$DATA_IMG"
    # Nothing autostarts guests: no /etc/xen/auto links.
    rm -rf "$r/etc/xen/auto"
}

make_image() {
    local kver; kver=$(ls "$ROOTFS/lib/modules" | sort -V | tail -1)
    rm -f "$CACHE/dom0.img.tmp"
    mkfs.ext4 -q -F -L xenroot -d "$ROOTFS" "$CACHE/dom0.img.tmp" "$IMG_SIZE"
    zcat "$ROOTFS/boot/xen-4.17-amd64.gz" >"$CACHE/xen"   # QEMU's multiboot loader needs the ELF, not .gz
    cp "$ROOTFS/boot/vmlinuz-$kver" "$CACHE/dom0-vmlinuz"
    cp "$ROOTFS/boot/initrd.img-$kver" "$CACHE/dom0-initrd"
    mv "$CACHE/dom0.img.tmp" "$CACHE/dom0.img"
}

rootfs_stamp=$(debootstrap_recipe | hash_of)
ensure_client_key
image_stamp=$( { cat "$0"; echo "$PKGS"; echo "$rootfs_stamp"; cat "$LAB/id_ed25519.pub" "$CACHE/ssh_host_ed25519_key.pub"; } | hash_of)

if [[ ${VIRTDECK_XEN_REBUILD:-} == 1 ]]; then rm -f "$CACHE/rootfs.stamp" "$CACHE/image.stamp"; fi
step host_deps host_deps
XEN_BUILD_CACHED=0   # 0 = from scratch, rootfs = debootstrap reused, 1 = everything reused
if [[ $(cat "$CACHE/rootfs.stamp" 2>/dev/null) == "$rootfs_stamp" && -x $ROOTFS/usr/sbin/xl ]]; then
    log "rootfs: cached ($ROOTFS, stamp $rootfs_stamp)"
    XEN_BUILD_CACHED=rootfs
else
    rm -f "$CACHE/image.stamp"
    step debootstrap do_debootstrap
    echo "$rootfs_stamp" >"$CACHE/rootfs.stamp"
fi
if [[ $(cat "$CACHE/image.stamp" 2>/dev/null) == "$image_stamp" && -f $CACHE/dom0.img && -f $CACHE/xen ]]; then
    log "image: cached ($CACHE/dom0.img, stamp $image_stamp)"
    XEN_BUILD_CACHED=1
else
    step configure configure_rootfs
    step mkfs make_image
    echo "$image_stamp" >"$CACHE/image.stamp"
fi
TIMES+=("XEN_T_BUILD=$((SECONDS - T0))" "XEN_BUILD_CACHED=$XEN_BUILD_CACHED")
printf '%s\n' "${TIMES[@]}" >"$CACHE/times.env"
cp "$CACHE/times.env" "$LAB/xen-build-times.env"
log "build done in $((SECONDS - T0))s (cached=$XEN_BUILD_CACHED): ${TIMES[*]}"

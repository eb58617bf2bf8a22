#!/usr/bin/env bash
# Stops what lab/setup.sh started: its two sshds (by their PidFiles) and any running vd-* guest
# (VMs, and containers of lxc:///system).
# Packages, libvirtd and the guest definitions stay. --purge also undefines the lab guests and
# deletes the lab state ($LAB and /var/lib/virtdeck-lab), so the next setup starts from scratch.
set -euo pipefail

LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
IMG=/var/lib/virtdeck-lab
URI=qemu:///system
purge=
case ${1:-} in
    --purge) purge=1 ;;
    "") ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac
log() { printf '[lab-teardown] %s\n' "$*" >&2; }

for n in 1 2; do
    pidf=$LAB/sshd-$n.pid
    if [[ -s $pidf ]] && pid=$(cat "$pidf") && kill -0 "$pid" 2>/dev/null &&
        grep -q "sshd-$n.conf" "/proc/$pid/cmdline" 2>/dev/null; then
        kill "$pid" && log "stopped sshd #$n (pid $pid)"
    fi
    rm -f "$pidf"
done

if timeout 10 virsh -c "$URI" version >/dev/null 2>&1; then
    while IFS= read -r dom; do
        [[ $dom == vd-* ]] || continue
        virsh -q -c "$URI" destroy "$dom" >/dev/null 2>&1 && log "destroyed guest $dom"
    done < <(virsh -q -c "$URI" list --name)
    if [[ -n $purge ]]; then
        for dom in vd-deaf vd-acpi; do
            virsh -q -c "$URI" undefine "$dom" >/dev/null 2>&1 && log "undefined guest $dom"
        done
    fi
else
    log "libvirtd not answering: no guests to stop"
fi
LXC_URI=lxc:///system
if timeout 10 virsh -c "$LXC_URI" version >/dev/null 2>&1; then
    while IFS= read -r dom; do
        [[ $dom == vd-* || $dom == vdlxc-* ]] || continue
        virsh -q -c "$LXC_URI" destroy "$dom" >/dev/null 2>&1 && log "destroyed container $dom"
    done < <(virsh -q -c "$LXC_URI" list --name)
    if [[ -n $purge ]]; then
        virsh -q -c "$LXC_URI" undefine vd-lxc >/dev/null 2>&1 && log "undefined container vd-lxc"
    fi
fi

if [[ -n $purge ]]; then
    # Delete only what setup.sh creates (VIRTDECK_LAB_DIR may point anywhere).
    (cd "$LAB" 2>/dev/null && rm -f lab.env inventory.yaml known_hosts authorized_keys verified .setup.lock \
        id_ed25519 id_ed25519.pub ssh_host_ed25519_key-[12] ssh_host_ed25519_key-[12].pub \
        sshd-[12].conf sshd-[12].log sshd-[12].pid vd-deaf.xml vd-acpi.xml ./*.tmp ./*.new \
        inventory-lxc.yaml verified-lxc vd-lxc.xml) || true
    (cd "$IMG" 2>/dev/null && rm -f vmlinuz initrd.cpio.gz initrd.cpio.gz.key ./*.tmp lxc-rootfs.key &&
        rm -rf lxc-rootfs lxc-rootfs.new) || true
    rmdir "$LAB" "$IMG" 2>/dev/null || true
    log "removed the lab state in $LAB and $IMG"
fi

#!/usr/bin/env bash
# Boots the real Xen test host built by lab/xen/build.sh: QEMU (TCG; this machine's KVM cannot
# run Xen) with Xen 4.17 as the multiboot kernel and the Debian dom0 on a copy-on-write overlay of
# the cached image, dom0's sshd forwarded to a loopback port. Waits (polling, bounded) until
# `xl list` works over SSH, then writes $LAB/xen.env and $LAB/inventory-xen.yaml.
# Idempotent: when the QEMU this script started is still up and answers, it only rewrites the files.
#
# Work dir $LAB/xen: qemu.pid, port (chosen once, then kept), serial.log (Xen + dom0 console),
# dom0-overlay.qcow2 (fresh on every boot, so each boot starts from the built image).
# Env: VIRTDECK_LAB_DIR, VIRTDECK_XEN_CACHE, VIRTDECK_XEN_BOOT_BUDGET (seconds, default 360),
#      VIRTDECK_XEN_KEEP=1 (leave a QEMU that missed the budget running, for debugging).
# Exit: 0 up; 1 failed/overran (the serial log's tail is printed).
set -euo pipefail

CACHE=${VIRTDECK_XEN_CACHE:-/var/cache/virtdeck-xen}
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
WORK=$LAB/xen
BUDGET=${VIRTDECK_XEN_BOOT_BUDGET:-360}
GUEST=vd-xen
KEY=$LAB/id_ed25519
KNOWN=$LAB/xen-known_hosts

T0=$SECONDS
log() { printf '[xen-boot %4ds] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
mkdir -p "$WORK"
exec 8>"$WORK/.boot.lock"
flock -w 900 8 || die "another lab/xen/boot.sh holds $WORK/.boot.lock"

for f in xen dom0-vmlinuz dom0-initrd dom0.img ssh_host_ed25519_key.pub; do
    [[ -f $CACHE/$f ]] || die "$CACHE/$f missing: run lab/xen/build.sh first"
done
[[ -f $KEY ]] || die "$KEY missing: run lab/xen/build.sh (or lab/setup.sh) first"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
qemu_alive() { [[ -s $WORK/qemu.pid ]] && kill -0 "$(cat "$WORK/qemu.pid")" 2>/dev/null; }

PORT=$(cat "$WORK/port" 2>/dev/null || true)
write_known_hosts() {
    printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$CACHE/ssh_host_ed25519_key.pub")" >"$KNOWN"
}
# Generous timeouts: under TCG on a loaded machine the banner exchange alone took up to 40 s.
SSH_OPTS=(-i "$KEY" -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile="$KNOWN"
          -o StrictHostKeyChecking=yes -o ConnectTimeout=60 -o ServerAliveInterval=15 -o LogLevel=ERROR)
dssh() { timeout 120 ssh "${SSH_OPTS[@]}" -p "$PORT" root@127.0.0.1 "$@"; }

rm -f "$LAB/xen.env.tmp"
if qemu_alive && [[ -n $PORT ]] && { write_known_hosts; dssh 'xl list >/dev/null'; }; then
    log "QEMU already up (pid $(cat "$WORK/qemu.pid"), port $PORT), xl list answers"
    REUSED=1
else
    REUSED=0
    rm -f "$LAB/xen.env"       # nobody may use a stale one while we boot
    if qemu_alive; then
        log "QEMU pid $(cat "$WORK/qemu.pid") up but dom0 does not answer: stopping it"
        bash "$(dirname "$0")/stop.sh"
    fi
    if [[ -z $PORT ]] || port_in_use "$PORT"; then
        for _ in {1..100}; do
            PORT=$((20000 + RANDOM % 12000)); port_in_use "$PORT" || break
        done
        port_in_use "$PORT" && die "no free loopback port"
        echo "$PORT" >"$WORK/port"
    fi
    write_known_hosts
    command -v qemu-img >/dev/null || die "qemu-img missing (apt-get install qemu-utils)"
    rm -f "$WORK/dom0-overlay.qcow2" "$WORK/serial.log"
    qemu-img create -q -f qcow2 -b "$CACHE/dom0.img" -F raw "$WORK/dom0-overlay.qcow2"
    log "booting Xen in QEMU (TCG), dom0 ssh on 127.0.0.1:$PORT, serial log $WORK/serial.log"
    # -cpu qemu64: with -cpu max the PV dom0 crashes under TCG. tb-size caps TCG's cache (RSS).
    # -no-reboot + noreboot: a panic leaves the log readable instead of looping.
    qemu-system-x86_64 -machine q35 -accel tcg,thread=multi,tb-size=256 -cpu qemu64 -m 2048 -smp 2 \
        -display none -monitor none -no-reboot -name virtdeck-xen \
        -chardev socket,id=ser0,path="$WORK/serial.sock",server=on,wait=off,logfile="$WORK/serial.log" \
        -serial chardev:ser0 \
        -kernel "$CACHE/xen" \
        -append "dom0_mem=1024M,max:1024M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot" \
        -initrd "$CACHE/dom0-vmlinuz root=/dev/vda rw console=hvc0 net.ifnames=0 earlyprintk=xen,$CACHE/dom0-initrd" \
        -drive file="$WORK/dom0-overlay.qcow2",format=qcow2,if=virtio \
        -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:22 -device virtio-net-pci,netdev=n0 \
        -daemonize -pidfile "$WORK/qemu.pid" 8>&-   # the daemon must not inherit (and hold) our lock
    log "QEMU pid $(cat "$WORK/qemu.pid")"

    fail() {
        log "FATAL: $*"
        echo "----- last 40 lines of $WORK/serial.log -----" >&2
        tail -n 40 "$WORK/serial.log" 2>/dev/null | sed 's/\r$//' >&2 || true
        echo "-----" >&2
        if [[ ${VIRTDECK_XEN_KEEP:-} != 1 ]]; then bash "$(dirname "$0")/stop.sh" || true; fi
        exit 1
    }
    # Poll: the serial log tells us when sshd can be up; ssh then proves `xl list` works.
    t_xen='' t_login=''
    while :; do
        qemu_alive || fail "QEMU exited during boot"
        ((SECONDS - T0 > BUDGET)) && fail "dom0 not up within the ${BUDGET}s budget (VIRTDECK_XEN_BOOT_BUDGET)"
        if grep -qaE 'Panic on CPU|Kernel panic|Unhandled: vec|Reboot in five seconds' "$WORK/serial.log" 2>/dev/null; then
            fail "panic in the serial log"
        fi
        [[ -z $t_xen ]] && grep -qa 'Xen version' "$WORK/serial.log" 2>/dev/null && { t_xen=$((SECONDS - T0)); log "Xen is up"; }
        if [[ -z $t_login ]]; then
            # systemd shortens its status lines ("ssh.serv…"), so match loosely; probe anyway after 120 s.
            if grep -qaE 'ssh\.serv|login:|multi-user\.target' "$WORK/serial.log" 2>/dev/null || ((SECONDS - T0 > 120)); then
                t_login=$((SECONDS - T0)); log "dom0 userspace is up (serial log)"
            else
                sleep 3; continue
            fi
        fi
        # 255 = ssh itself failed (not up yet or overloaded): retry until the budget says no.
        rc=0; dssh 'xl list >/dev/null' 2>"$WORK/ssh-probe.err" || rc=$?
        ((rc == 0)) && break
        log "ssh probe: exit $rc ($(tr '\n' ' ' <"$WORK/ssh-probe.err" | cut -c1-120))"
        sleep 3
    done
fi
T_BOOT=$((SECONDS - T0))
log "dom0 up: ssh + xl list OK after ${T_BOOT}s (reused=$REUSED)"

# Facts the tests need, checked once here so a broken image fails now, not in Java.
dssh "test -f /etc/xen/$GUEST.cfg && test -f /var/lib/virtdeck-xen/data.img && xl list" >&2 ||
    die "dom0 lacks /etc/xen/$GUEST.cfg or the data image"

cat >"$LAB/xen.env.tmp" <<EOF
# virtdeck Xen lab host (generated by lab/xen/boot.sh)
XEN_SSH_HOST=127.0.0.1
XEN_SSH_PORT=$PORT
XEN_USER=root
XEN_KEY=$KEY
XEN_KNOWN_HOSTS=$KNOWN
XEN_GUEST=$GUEST
XEN_GUEST_CFG=/etc/xen/$GUEST.cfg
XEN_GUEST_CONSOLE_LOG=/var/log/xen/console/guest-$GUEST.log
XEN_DATA_IMG=/var/lib/virtdeck-xen/data.img
XEN_INVENTORY=$LAB/inventory-xen.yaml
XEN_QEMU_PID=$(cat "$WORK/qemu.pid")
XEN_SERIAL_LOG=$WORK/serial.log
XEN_T_BOOT=$T_BOOT
XEN_BOOT_REUSED=$REUSED
EOF
cat >"$LAB/inventory-xen.yaml" <<EOF
# virtdeck Xen lab inventory (generated by lab/xen/boot.sh)
defaults: {user: root, identity: $KEY, known_hosts: $KNOWN}
hosts:
  xen1: {address: 127.0.0.1, port: $PORT, connect_timeout: 90, drivers: [xl], xen: {config_dir: /etc/xen, save_dir: /var/lib/xen/save}, groups: [xenlab]}
EOF
mv "$LAB/xen.env.tmp" "$LAB/xen.env"
log "wrote $LAB/xen.env and $LAB/inventory-xen.yaml"

#!/usr/bin/env bash
# Brings up the real virtdeck test lab on this machine (Debian 12, root, no systemd needed):
#   packages -> libvirtd -> two loopback sshds -> busybox guests vd-deaf / vd-acpi -> lab.env.
# Idempotent: a second run only checks that everything is still up (a few seconds).
# State: $LAB (default /var/tmp/virtdeck-lab, env VIRTDECK_LAB_DIR overrides); guest images in
# /var/lib/virtdeck-lab (libvirt's qemu user must be able to read them).
# Env knobs: LAB_VERIFY=1 re-runs the guest boot/console/shutdown checks even if nothing changed.
set -euo pipefail

LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
IMG=/var/lib/virtdeck-lab
URI=qemu:///system
LAB_LOGIN=vdlab                # see ensure_lab_user
LAB_HOME=$IMG/home
HOST1=127.0.0.1
HOST2=127.0.1.2
GUEST_DEAF=vd-deaf
GUEST_ACPI=vd-acpi
PACKAGES=(openssh-server libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils
          busybox-static linux-image-amd64 socat libvirt0 tmux dnsmasq-base iptables
          libvirt-daemon-driver-lxc)
# the man page test renders with man -l and groff -ww; the completion tests drive zsh and fish too
PACKAGES+=(man-db groff-base zsh fish)
LXC_URI=lxc:///system
LXC_GUEST=vd-lxc
LXC_ROOTFS=$IMG/lxc-rootfs
# Kernel modules copied into the guest initramfs (dependencies are added automatically).
GUEST_MODULES=(button evdev virtio_pci virtio_balloon virtio_blk virtio_net ext4 crc32c_generic)

T0=${EPOCHREALTIME/[.,]/}
log() { local now=${EPOCHREALTIME/[.,]/}; printf '[lab %6.1fs] %s\n' "$(( (now - T0) / 100000 ))e-1" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
virsh_() { virsh -q -c "$URI" "$@"; }

[[ $(id -u) == 0 ]] || die "must run as root"
mkdir -p "$LAB" "$IMG"
chmod 0755 "$IMG"
# Two setups at once (e.g. two test runs) would race on ports and definitions: serialize them.
exec 9>"$LAB/.setup.lock"
flock -w 900 9 || die "another lab/setup.sh holds $LAB/.setup.lock"

# ---------------------------------------------------------------- packages
# shellcheck source=lab/lib.sh
source "$(dirname "$0")/lib.sh"

install_packages() {
    lab_apt_install "${PACKAGES[@]}"
    log "packages: all present"
}

# ---------------------------------------------------------------- libvirt
pid_alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts a daemon without any descriptor beyond 0-2: a lock its caller holds (`flock LOCK bash setup.sh`
# passes the lock's descriptor down) would otherwise live on in the daemon and block every test that
# waits for that lock, for as long as the daemon runs.
start_daemon() {
    (
        local fd
        for fd in $(ls "/proc/$BASHPID/fd"); do
            if ((fd > 2 && fd != 255)); then eval "exec $fd>&-"; fi
        done
        exec "$@"
    )
}

start_libvirt() {
    if ! pid_alive /run/virtlogd.pid && ! proc_running virtlogd; then
        log "libvirt: starting virtlogd"
        start_daemon virtlogd -d
    fi
    if timeout 5 virsh -c "$URI" version >/dev/null 2>&1; then log "libvirt: up"; return; fi
    if ! pid_alive /run/libvirtd.pid && ! proc_running libvirtd; then
        log "libvirt: starting libvirtd"
        start_daemon libvirtd -d
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        if timeout 5 virsh -c "$URI" version >/dev/null 2>&1; then log "libvirt: up"; return; fi
        sleep 0.5
    done
    die "libvirtd does not answer on $URI after 30 s"
}

# libvirt's NAT network 'default' (its dnsmasq gives DHCP leases), which `create` puts a new VM's
# NIC on: defined from the package's file when missing, autostarted and started. A lab where it
# cannot start (e.g. 192.168.122.0/24 taken) still serves every other test: LAB_NETWORK is then
# empty and the tests that need a lease say so.
LAB_NETWORK=
ensure_network() {
    local xml=/usr/share/libvirt/networks/default.xml
    if ! virsh_ net-info default >/dev/null 2>&1; then
        [[ -f $xml ]] || { log "network: no 'default' and no $xml: created VMs get no NIC"; return; }
        virsh_ net-define "$xml" >/dev/null || { log "network: net-define $xml failed"; return; }
        log "network: 'default' defined from $xml"
    fi
    virsh_ net-autostart default >/dev/null 2>&1 || true
    local info
    info=$(virsh_ net-info default) || true  # captured first: grep -q on a pipe trips pipefail (SIGPIPE)
    if ! grep -q '^Active: *yes' <<<"$info"; then
        if ! virsh_ net-start default >/dev/null; then
            log "network: WARNING 'default' does not start: created VMs get no NIC, the lease test fails"
            return
        fi
        log "network: 'default' started"
    fi
    LAB_NETWORK=default
    log "network: 'default' active ($(virsh_ net-dumpxml default | grep -o "address='[0-9.]*'" | head -n1))"
}

# ---------------------------------------------------------------- sshd
# Ports are chosen once and kept: the sshd configs remember them even if lab.env was not written.
OLD_PORT1=$(sed -n 's/^Port //p' "$LAB/sshd-1.conf" 2>/dev/null || true)
OLD_PORT2=$(sed -n 's/^Port //p' "$LAB/sshd-2.conf" 2>/dev/null || true)

port_in_use() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
pick_port() {
    local addr=$1 p i
    for ((i = 0; i < 100; i++)); do
        p=$((20000 + RANDOM % 12000))  # below the kernel's ephemeral range (32768+)
        port_in_use "$addr" "$p" || { echo "$p"; return; }
    done
    die "no free port on $addr"
}

ensure_keys() {
    lab_client_key "$LAB"
    local n
    for n in 1 2; do
        [[ -f $LAB/ssh_host_ed25519_key-$n ]] ||
            ssh-keygen -q -t ed25519 -N '' -C "virtdeck-lab-host$n" -f "$LAB/ssh_host_ed25519_key-$n"
    done
    chmod 0600 "$LAB/id_ed25519" "$LAB"/ssh_host_ed25519_key-?
    cp "$LAB/id_ed25519.pub" "$LAB/authorized_keys"
}

sshd_config() { # n addr port
    cat <<EOF
# virtdeck lab sshd #$1 (generated by lab/setup.sh)
ListenAddress $2
Port $3
HostKey $LAB/ssh_host_ed25519_key-$1
PidFile $LAB/sshd-$1.pid
AuthorizedKeysFile $LAB/authorized_keys
UsePAM no
PermitRootLogin prohibit-password
AllowUsers $LAB_LOGIN
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
MaxSessions 64
MaxStartups 100:30:200
UseDNS no
PrintMotd no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
Subsystem sftp internal-sftp
EOF
}

ssh_ok() { # addr port
    timeout 10 ssh -q -i "$LAB/id_ed25519" -o BatchMode=yes -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$LAB/known_hosts" -o StrictHostKeyChecking=yes \
        -o ConnectTimeout=5 -p "$2" "$LAB_LOGIN@$1" true 2>/dev/null
}

# The lab logs in as $LAB_LOGIN: uid 0 (libvirt's qemu:///system, qemu-img in its image dirs)
# but with /bin/sh as login shell and an empty home. Root's own ~/.bashrc on these images runs
# `pyenv init`, which bash sources for every ssh command (~0.7 s each): that would dominate every
# virsh-transport call and the latency figures, and no real hypervisor host pays it.
ensure_lab_user() {
    mkdir -p "$LAB_HOME"
    if ! getent passwd "$LAB_LOGIN" >/dev/null; then
        useradd -K UID_MIN=0 -o -u 0 -g 0 -M -d "$LAB_HOME" -s /bin/sh -c "virtdeck lab login (uid 0, plain sh)" "$LAB_LOGIN"
    fi
    # '*' = no password login possible, but not "locked" ('!'), which sshd without PAM refuses.
    [[ $(getent shadow "$LAB_LOGIN" | cut -d: -f2) == '*' ]] || usermod -p '*' "$LAB_LOGIN"
    [[ $(getent passwd "$LAB_LOGIN" | cut -d: -f3,7) == 0:/bin/sh ]] ||
        die "user $LAB_LOGIN exists but is not uid 0 with /bin/sh"
}

write_known_hosts() {
    {
        printf '[%s]:%s %s\n' "$HOST1" "$PORT1" "$(cut -d' ' -f1,2 "$LAB/ssh_host_ed25519_key-1.pub")"
        printf '[%s]:%s %s\n' "$HOST2" "$PORT2" "$(cut -d' ' -f1,2 "$LAB/ssh_host_ed25519_key-2.pub")"
    } >"$LAB/known_hosts.tmp"
    mv "$LAB/known_hosts.tmp" "$LAB/known_hosts"
}

# Starts sshd #n on addr unless our instance already runs there with the current config;
# prints the port used.
ensure_sshd() { # n addr preferred-port
    local n=$1 addr=$2 port=$3 pidf="$LAB/sshd-$1.pid" try i pid logsize
    if [[ -n $port ]] && pid_alive "$pidf" &&
        grep -q "sshd-$n.conf" "/proc/$(cat "$pidf")/cmdline" 2>/dev/null &&
        cmp -s <(sshd_config "$n" "$addr" "$port") "$LAB/sshd-$n.conf"; then
        echo "$port"; return
    fi
    if pid_alive "$pidf" && grep -q "sshd-$n.conf" "/proc/$(cat "$pidf")/cmdline" 2>/dev/null; then
        pid=$(cat "$pidf")
        log "sshd #$n: restarting (config changed)"
        kill "$pid"
        for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidf"
    mkdir -p /run/sshd && chmod 0755 /run/sshd
    for ((try = 0; try < 5; try++)); do
        if [[ -z $port ]] || port_in_use "$addr" "$port"; then port=$(pick_port "$addr"); fi
        sshd_config "$n" "$addr" "$port" >"$LAB/sshd-$n.conf"
        /usr/sbin/sshd -t -f "$LAB/sshd-$n.conf" || die "sshd config $LAB/sshd-$n.conf invalid"
        logsize=$(stat -c %s "$LAB/sshd-$n.log" 2>/dev/null || echo 0)
        /usr/sbin/sshd -f "$LAB/sshd-$n.conf" -E "$LAB/sshd-$n.log" 9>&-
        # The daemon binds after forking: success = PidFile written, failure = a fatal log line.
        for ((i = 0; i < 300; i++)); do
            pid_alive "$pidf" && { log "sshd #$n: started on $addr:$port (pid $(cat "$pidf"))"; echo "$port"; return; }
            tail -c +"$((logsize + 1))" "$LAB/sshd-$n.log" 2>/dev/null | grep -qiE 'fatal|cannot bind' && break
            sleep 0.1
        done
        log "sshd #$n: did not come up on $addr:$port (see $LAB/sshd-$n.log), retrying another port"
        port=
    done
    die "sshd #$n could not be started on $addr"
}

# ---------------------------------------------------------------- guest images
pick_kernel() {
    local dep
    dep=$(dpkg -s linux-image-amd64 2>/dev/null | sed -n 's/^Depends: *linux-image-\([^ ,]*\).*/\1/p')
    if [[ -n $dep && -f /boot/vmlinuz-$dep ]]; then KVER=$dep; return; fi
    local k
    k=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1) || true
    [[ -n $k ]] || die "no kernel in /boot (linux-image-amd64 missing?)"
    KVER=${k#/boot/vmlinuz-}
}

# Prints the module names needed for the wanted modules, dependencies first.
module_closure() {
    local -A seen=()
    visit() {
        local m=$1 d
        [[ -n ${seen[$m]:-} ]] && return
        seen[$m]=1
        modinfo -k "$KVER" -n "$m" >/dev/null 2>&1 || { log "guest: module $m not found for $KVER, skipped"; return; }
        for d in $(modinfo -k "$KVER" -F depends "$m" | tr ',' ' '); do visit "$d"; done
        echo "$m"
    }
    local m
    for m in "$@"; do visit "$m"; done
}

# The guest's /init. Behaviour switches on the kernel command line:
#   virtdeck.deaf=1  ignore the ACPI power button (like plain busybox init)
#   otherwise        power off when the ACPI power button is pressed (virsh shutdown)
guest_init() {
    cat <<'EOF'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp && mount -t devpts devpts /dev/pts
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko 2>/dev/null; done
deaf=0 slowoff=0
for a in $(cat /proc/cmdline); do
  case $a in virtdeck.deaf=1) deaf=1 ;; virtdeck.slowoff=*) slowoff=${a#virtdeck.slowoff=} ;; esac
done
acpi=ignored
if [ $deaf = 0 ]; then
  # Arm a watcher on every "Power Button" input device before the shell starts.
  i=0
  while [ $i -lt 20 ]; do
    devs=
    for e in /sys/class/input/event*; do
      [ "$(cat $e/device/name 2>/dev/null)" = "Power Button" ] && devs="$devs /dev/input/${e##*/}"
    done
    [ -n "$devs" ] && break
    i=$((i + 1)); sleep 0.2
  done
  for d in $devs; do
    [ -e $d ] || mknod $d c $(sed 's/:/ /' /sys/class/input/${d##*/}/dev)
    ( dd if=$d of=/dev/null bs=24 count=1 2>/dev/null
      echo "virtdeck-guest: ACPI power button pressed, powering off in $slowoff s"
      sleep $slowoff; sync; poweroff -f ) &
  done
  [ -n "$devs" ] && acpi=honoured || echo "virtdeck-guest: WARNING no Power Button input device"
fi
# Keep later kernel messages off the serial console so they do not interleave with the shell.
echo 1 >/proc/sys/kernel/printk
# A NIC (a VM created with one): ask for a DHCP lease in the background, as a real guest does.
if [ -e /sys/class/net/eth0 ]; then
  ip link set lo up; ip link set eth0 up
  udhcpc -i eth0 -b -q -t 20 -s /etc/udhcpc.script >/dev/null 2>&1
fi
echo "virtdeck-guest: up (kernel $(uname -r), ACPI power button $acpi)"
while :; do
  setsid cttyhack sh
  sleep 1
done
EOF
}

# busybox udhcpc's hook: configure the address it was given (and say so on the console).
udhcpc_script() {
    cat <<'EOF'
#!/bin/sh
case $1 in
  bound|renew)
    ip addr flush dev $interface
    ip addr add $ip/${mask:-24} dev $interface
    [ -n "$router" ] && ip route add default via ${router%% *} dev $interface 2>/dev/null
    echo "virtdeck-guest: $interface has $ip" >/dev/console ;;
esac
exit 0
EOF
}

build_initrd() {
    local out=$IMG/initrd.cpio.gz stage m f mods key
    # Cheap inputs only (no modinfo): a repeat run should cost nothing here.
    key=$( { guest_init; udhcpc_script; echo "$KVER ${GUEST_MODULES[*]}"
             stat -c '%n %s %Y' /bin/busybox "/lib/modules/$KVER/modules.dep"; } | sha256sum | cut -c1-16)
    if [[ -f $out && "$(cat "$out.key" 2>/dev/null)" == "$key" ]]; then log "guest: initramfs up to date"; return; fi
    mods=$(module_closure "${GUEST_MODULES[@]}")
    log "guest: building initramfs (busybox + modules: $(echo $mods))"
    stage=$(mktemp -d)
    mkdir -p "$stage"/{bin,dev,proc,sys,tmp,root,etc,lib/modules}
    cp /bin/busybox "$stage/bin/busybox"
    for m in $(/bin/busybox --list); do [[ $m == busybox ]] || ln -s busybox "$stage/bin/$m"; done
    for m in $mods; do
        f=$(modinfo -k "$KVER" -n "$m")
        case $f in
            *.ko.xz) xz -dc "$f" >"$stage/lib/modules/$m.ko" ;;
            *.ko.zst) zstd -qdc "$f" >"$stage/lib/modules/$m.ko" ;;
            *.ko.gz) gzip -dc "$f" >"$stage/lib/modules/$m.ko" ;;
            *) cp "$f" "$stage/lib/modules/$m.ko" ;;
        esac
        echo "$m" >>"$stage/lib/modules/order"
    done
    touch "$stage/lib/modules/order"
    guest_init >"$stage/init"
    chmod 0755 "$stage/init"
    udhcpc_script >"$stage/etc/udhcpc.script"
    chmod 0755 "$stage/etc/udhcpc.script"
    (cd "$stage" && find . -mindepth 1 | /bin/busybox cpio -o -H newc -R 0:0 2>/dev/null) | gzip -9n >"$out.tmp"
    rm -rf "$stage"
    chmod 0644 "$out.tmp"
    mv "$out.tmp" "$out"
    echo "$key" >"$out.key"
    log "guest: initramfs $out ($(du -k "$out" | cut -f1) KiB)"
}

install_kernel() {
    if ! cmp -s "/boot/vmlinuz-$KVER" "$IMG/vmlinuz"; then
        cp "/boot/vmlinuz-$KVER" "$IMG/vmlinuz.tmp"
        chmod 0644 "$IMG/vmlinuz.tmp"
        mv "$IMG/vmlinuz.tmp" "$IMG/vmlinuz"
        log "guest: kernel $KVER -> $IMG/vmlinuz"
    fi
}

domain_xml() { # name cmdline
    cat <<EOF
<domain type='$DOMAIN_TYPE'>
  <name>$1</name>
  <description>virtdeck test lab guest (lab/setup.sh)</description>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>196608</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$IMG/vmlinuz</kernel>
    <initrd>$IMG/initrd.cpio.gz</initrd>
    <cmdline>$2</cmdline>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='pty'>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
}

dom_state() { virsh_ domstate "$1" 2>/dev/null | head -n1 || true; }
stop_guest() { [[ $(dom_state "$1") == "shut off" || -z $(dom_state "$1") ]] || virsh_ destroy "$1" >/dev/null 2>&1 || true; }

# The parts of a definition the lab cares about, in a form libvirt's canonical XML keeps as is
# (so a test that left e.g. a --config disk or vCPU change behind gets the definition reset).
xml_fingerprint() {
    sed 's/^ *//' | grep -E "^<domain type=|^<memory |^<currentMemory |^<vcpu |^<kernel>|^<initrd>|^<cmdline>|^<disk |^<interface |^<filesystem |^<hostdev " || true
}

# Defines the domain unless it is already defined the same way; returns 0 if (re)defined.
define_guest() { # name cmdline
    local xml=$LAB/$1.xml cur uuid
    domain_xml "$1" "$2" >"$xml.new"
    if cur=$(virsh_ dumpxml --inactive "$1" 2>/dev/null) &&
        [[ $(xml_fingerprint <<<"$cur") == "$(xml_fingerprint <"$xml.new")" ]]; then
        mv "$xml.new" "$xml"
        return 1
    fi
    stop_guest "$1"
    # Redefining an existing domain needs its UUID (kept out of $xml so the verify key stays put).
    uuid=$(virsh_ domuuid "$1" 2>/dev/null || true)
    sed "s|^  <name>.*</name>\$|&${uuid:+\\n  <uuid>$uuid</uuid>}|" "$xml.new" >"$xml.define"
    virsh_ define "$xml.define" >/dev/null || die "virsh define $1 failed"
    rm -f "$xml.define"
    mv "$xml.new" "$xml"
    log "guest: defined $1"
    return 0
}

# Runs `virsh console` on a pty (as a user would) and checks the guest's shell evaluates a command.
console_ok() { # name timeout-seconds
    local deadline=$((SECONDS + $2)) out
    while ((SECONDS < deadline)); do
        out=$({ sleep 1; printf '\r'; sleep 0.5; printf 'echo vd-$((6*7))-ok\r'; sleep 1.5; } |
            LIBVIRT_DEFAULT_URI=$URI timeout 10 socat - "EXEC:virsh console --force $1,pty,setsid,ctty,rawer" 2>/dev/null || true)
        [[ $out == *vd-42-ok* ]] && return 0
        sleep 1
    done
    return 1
}

wait_state() { # name state seconds
    local deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do [[ $(dom_state "$1") == "$2" ]] && return 0; sleep 0.5; done
    return 1
}

verify_guests() {
    local t
    ACPI_OK=
    log "verify: booting $GUEST_DEAF"
    virsh_ start "$GUEST_DEAF" >/dev/null
    console_ok "$GUEST_DEAF" 120 || { stop_guest "$GUEST_DEAF"; die "$GUEST_DEAF: no shell on the serial console"; }
    log "verify: $GUEST_DEAF console answers"
    virsh_ shutdown "$GUEST_DEAF" >/dev/null || true
    sleep 5
    [[ $(dom_state "$GUEST_DEAF") == running ]] || log "WARNING: $GUEST_DEAF did not ignore the ACPI power button"
    stop_guest "$GUEST_DEAF"
    log "verify: $GUEST_DEAF ignored virsh shutdown, destroyed"

    log "verify: booting $GUEST_ACPI"
    virsh_ start "$GUEST_ACPI" >/dev/null
    if console_ok "$GUEST_ACPI" 120; then
        log "verify: $GUEST_ACPI console answers"
        t=$SECONDS
        virsh_ shutdown "$GUEST_ACPI" >/dev/null || true
        if wait_state "$GUEST_ACPI" "shut off" 30; then
            ACPI_OK=1; log "verify: $GUEST_ACPI shut off $((SECONDS - t)) s after virsh shutdown"
        else
            log "WARNING: $GUEST_ACPI did not power off on virsh shutdown; LAB_GUEST_ACPI left empty"
        fi
    else
        log "WARNING: $GUEST_ACPI: no shell on the serial console; LAB_GUEST_ACPI left empty"
    fi
    stop_guest "$GUEST_ACPI"
}

# Sets DOMAIN_TYPE to the type a probe guest really booted with (lab/virt-probe.sh), cached per
# boot of this machine, guest image and libvirt version (LAB_VERIFY=1 probes again).
probe_domain_type() {
    local key f=$LAB/virt-probe.env
    key=$( { cat /proc/sys/kernel/random/boot_id "$IMG/initrd.cpio.gz.key"; virsh -c "$URI" version 2>/dev/null; } | sha256sum | cut -c1-16)
    if [[ -z ${LAB_VERIFY:-} && -s $f ]] && grep -qx "PROBE_KEY=$key" "$f"; then
        # shellcheck disable=SC1090
        source "$f"
        DOMAIN_TYPE=$PROBE_TYPE
        log "hypervisor: $DOMAIN_TYPE (probed earlier this boot: $PROBE_REASON)"
        return
    fi
    log "hypervisor: booting a probe guest to see whether KVM really runs guests here"
    if ! bash "$(dirname "$0")/virt-probe.sh" "$IMG/vmlinuz" "$IMG/initrd.cpio.gz" "$f.tmp"; then
        source "$f.tmp"
        die "no libvirt domain type boots the lab guest here: $PROBE_REASON"
    fi
    echo "PROBE_KEY=$key" >>"$f.tmp"
    mv "$f.tmp" "$f"
    source "$f"
    DOMAIN_TYPE=$PROBE_TYPE
    log "hypervisor: $DOMAIN_TYPE ($PROBE_REASON)"
}

write_env() {
    cat >"$LAB/lab.env.tmp" <<EOF
# virtdeck test lab (generated by lab/setup.sh; shell-sourceable)
LAB_DIR=$LAB
LAB_SSH_HOST=$HOST1
LAB_SSH_PORT=$PORT1
LAB_SSH_HOST2=$HOST2
LAB_SSH_PORT2=$PORT2
LAB_USER=$LAB_LOGIN
LAB_KEY=$LAB/id_ed25519
LAB_KNOWN_HOSTS=$LAB/known_hosts
LAB_URI=$URI
LAB_KERNEL=$IMG/vmlinuz
LAB_INITRD=$IMG/initrd.cpio.gz
LAB_CMDLINE='console=ttyS0'
LAB_CMDLINE_DEAF='console=ttyS0 virtdeck.deaf=1'
LAB_DOMAIN_TYPE=$DOMAIN_TYPE
LAB_DOMAIN_TYPE_REASON='${PROBE_REASON//\'/\"}'
LAB_GUEST_DEAF=$GUEST_DEAF
LAB_GUEST_ACPI=$( [[ -n $ACPI_OK ]] && echo "$GUEST_ACPI" )
LAB_INVENTORY=$LAB/inventory.yaml
LAB_NETWORK=$LAB_NETWORK
LAB_LXC_URI=$LXC_URI
LAB_LXC_GUEST=$LAB_LXC
LAB_LXC_ROOTFS=$LXC_ROOTFS
LAB_LXC_INVENTORY=$LAB/inventory-lxc.yaml
EOF
    mv "$LAB/lab.env.tmp" "$LAB/lab.env"
}

write_inventory() {
    cat >"$LAB/inventory.yaml.tmp" <<EOF
# virtdeck test lab inventory (generated by lab/setup.sh)
defaults: {user: $LAB_LOGIN, identity: $LAB/id_ed25519, known_hosts: $LAB/known_hosts}
hosts:
  lab1: {address: $HOST1, port: $PORT1, drivers: [libvirt], libvirt: {uri: '$URI', transport: native}, groups: [lab]}
  lab2: {address: $HOST2, port: $PORT2, drivers: [libvirt], libvirt: {uri: '$URI', transport: virsh}, groups: [lab]}
EOF
    mv "$LAB/inventory.yaml.tmp" "$LAB/inventory.yaml"
}

# ---------------------------------------------------------------- LXC container
# libvirt's LXC driver (lxc:///system) with one busybox container, vd-lxc (privnet: its own network
# namespace with only loopback; without it a container without NIC sees the host's). Anything missing here
# leaves LAB_LXC_GUEST empty (with a warning): the LXC tests then fail saying so, the rest is unaffected.
LAB_LXC=

# The driver is a plug-in libvirtd loads at its start: after installing the package the running
# daemon must be restarted, which other lab runs must not see: only under the exclusive lab lock.
ensure_lxc_driver() {
    timeout 10 virsh -q -c "$LXC_URI" version >/dev/null 2>&1 && return 0
    log "lxc: libvirtd has no LXC driver loaded; restarting it (exclusive $LAB/.libvirtd.lock)"
    local fd i
    exec {fd}>"$LAB/.libvirtd.lock"
    if ! flock -x -w 300 "$fd"; then
        log "lxc: WARNING lab lock busy for 5 min, libvirtd not restarted: no container"; exec {fd}>&-; return 1
    fi
    pkill -x libvirtd || true
    for ((i = 0; i < 300; i++)); do proc_running libvirtd || break; sleep 0.1; done
    proc_running libvirtd && pkill -KILL -x libvirtd
    # start_daemon: the daemon must inherit neither the setup lock nor the lab lock (it would hold them forever)
    start_daemon libvirtd -d
    for ((i = 0; i < 60; i++)); do timeout 5 virsh -c "$URI" version >/dev/null 2>&1 && break; sleep 0.5; done
    exec {fd}>&-
    timeout 10 virsh -q -c "$LXC_URI" version >/dev/null 2>&1 || { log "lxc: WARNING libvirtd still has no LXC driver"; return 1; }
    log "lxc: libvirtd restarted with its LXC driver"
}

# On a hybrid cgroup host (v1 controllers + cgroup2 at /sys/fs/cgroup/unified) where a controller
# is left on the v2 side (here: hugetlb), libvirt 9.0 takes cgroup v2 as in use and a container's
# start fails: "Unable to create directory /sys/fs/cgroup/unified". Mounting such controllers as
# v1 hierarchies empties the v2 side's controller list (possible while no v2 cgroup uses them).
fix_hybrid_cgroups() {
    local f=/sys/fs/cgroup/unified/cgroup.controllers c
    [[ -r $f ]] || return 0
    for c in $(cat "$f"); do
        if mkdir -p "/sys/fs/cgroup/$c" && mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"; then
            log "lxc: cgroup controller $c moved from the v2 hierarchy to /sys/fs/cgroup/$c (libvirt's LXC needs v1 only)"
        else
            log "lxc: WARNING could not mount the $c controller as cgroup v1"
        fi
    done
}

# The container's PID 1: SIGTERM (libvirt's shutdown in signal mode) powers it off; a root shell
# on the console (/dev/console is libvirt's pty), respawned when it exits.
lxc_init() {
    cat <<'EOF'
#!/bin/sh
export PATH=/bin:/sbin
trap 'echo "virtdeck-lxc: SIGTERM, powering off"; exit 0' TERM
mount -t tmpfs tmpfs /tmp 2>/dev/null
echo "virtdeck-lxc: up"
# (cttyhack would pick the host's console device; /dev/console is the container's own pty)
while :; do setsid sh -c 'exec sh </dev/console >/dev/console 2>&1'; sleep 1; done &
while :; do wait; done
EOF
}

build_lxc_rootfs() {
    local key m stage
    key=$( { lxc_init; stat -c '%n %s %Y' /bin/busybox; } | sha256sum | cut -c1-16)
    if [[ -x $LXC_ROOTFS/sbin/init && "$(cat "$LXC_ROOTFS.key" 2>/dev/null)" == "$key" ]]; then return; fi
    stage=$LXC_ROOTFS.new
    rm -rf "$stage"
    mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,etc,root,run}
    cp /bin/busybox "$stage/bin/busybox"
    for m in $(/bin/busybox --list); do [[ $m == busybox ]] || ln -s busybox "$stage/bin/$m"; done
    lxc_init >"$stage/sbin/init"
    chmod 0755 "$stage/sbin/init"
    echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
    echo 'root:x:0:' >"$stage/etc/group"
    rm -rf "$LXC_ROOTFS"
    mv "$stage" "$LXC_ROOTFS"
    echo "$key" >"$LXC_ROOTFS.key"
    log "lxc: busybox root filesystem $LXC_ROOTFS"
}

lxc_xml() {
    cat <<EOF
<domain type='lxc'>
  <name>$LXC_GUEST</name>
  <description>virtdeck test lab container (lab/setup.sh)</description>
  <memory unit='KiB'>131072</memory>
  <currentMemory unit='KiB'>131072</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os>
    <type arch='x86_64'>exe</type>
    <init>/sbin/init</init>
  </os>
  <features>
    <privnet/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <filesystem type='mount' accessmode='passthrough'>
      <source dir='$LXC_ROOTFS'/>
      <target dir='/'/>
    </filesystem>
    <console type='pty'>
      <target type='lxc' port='0'/>
    </console>
  </devices>
</domain>
EOF
}

lvirsh() { virsh -q -c "$LXC_URI" "$@"; }
lxc_state() { lvirsh domstate "$LXC_GUEST" 2>/dev/null | head -n1 || true; }

define_lxc() { # returns 0 if (re)defined, 1 if already so, 2 on failure
    local xml=$LAB/$LXC_GUEST.xml cur uuid
    lxc_xml >"$xml.new"
    if cur=$(lvirsh dumpxml --inactive "$LXC_GUEST" 2>/dev/null) &&
        [[ $(xml_fingerprint <<<"$cur") == "$(xml_fingerprint <"$xml.new")" ]] &&
        grep -q "<source dir='$LXC_ROOTFS'/>" <<<"$cur" && grep -q "<privnet/>" <<<"$cur"; then
        mv "$xml.new" "$xml"
        return 1
    fi
    [[ $(lxc_state) == running ]] && lvirsh destroy "$LXC_GUEST" >/dev/null
    uuid=$(lvirsh domuuid "$LXC_GUEST" 2>/dev/null || true)
    sed "s|^  <name>.*</name>\$|&${uuid:+\\n  <uuid>$uuid</uuid>}|" "$xml.new" >"$xml.define"
    lvirsh define "$xml.define" >/dev/null || { log "lxc: WARNING virsh define $LXC_GUEST failed"; return 2; }
    rm -f "$xml.define"
    mv "$xml.new" "$xml"
    log "lxc: defined $LXC_GUEST"
    return 0
}

verify_lxc() {
    local t out i
    lvirsh start "$LXC_GUEST" >/dev/null || { log "lxc: WARNING $LXC_GUEST does not start (see /var/log/libvirt/lxc/$LXC_GUEST.log)"; return 1; }
    out=$({ sleep 1; printf '\r'; sleep 0.5; printf 'echo vd-$((6*7))-ok\r'; sleep 1.5; } |
        LIBVIRT_DEFAULT_URI=$LXC_URI timeout 10 socat - "EXEC:virsh console $LXC_GUEST,pty,setsid,ctty,rawer" 2>/dev/null || true)
    [[ $out == *vd-42-ok* ]] || { log "lxc: WARNING $LXC_GUEST: no shell on its console"; lvirsh destroy "$LXC_GUEST" >/dev/null; return 1; }
    t=$SECONDS
    lvirsh shutdown --mode signal "$LXC_GUEST" >/dev/null
    for ((i = 0; i < 20; i++)); do [[ $(lxc_state) == "shut off" ]] && break; sleep 0.5; done
    [[ $(lxc_state) == "shut off" ]] ||
        { log "lxc: WARNING $LXC_GUEST ignored SIGTERM"; lvirsh destroy "$LXC_GUEST" >/dev/null; return 1; }
    log "lxc: verify: $LXC_GUEST console answers, shut off $((SECONDS - t)) s after shutdown --mode signal"
}

ensure_lxc() {
    local rc=0 key
    ensure_lxc_driver || return 0
    fix_hybrid_cgroups
    build_lxc_rootfs
    define_lxc || rc=$?
    ((rc == 2)) && return 0
    [[ $(lxc_state) == running ]] && lvirsh destroy "$LXC_GUEST" >/dev/null
    key=$(cat "$LXC_ROOTFS.key" "$LAB/$LXC_GUEST.xml" | sha256sum | cut -c1-16)
    if [[ -z ${LAB_VERIFY:-} && $(cat "$LAB/verified-lxc" 2>/dev/null) == "$key" ]]; then
        log "lxc: $LXC_GUEST defined and verified earlier"
    elif verify_lxc; then
        echo "$key" >"$LAB/verified-lxc"
    else
        return 0
    fi
    LAB_LXC=$LXC_GUEST
}

write_inventory_lxc() {
    cat >"$LAB/inventory-lxc.yaml.tmp" <<EOF
# virtdeck test lab inventory with containers (generated by lab/setup.sh): the lab's VMs and its
# LXC containers (lxc:///system) in one view, on sshd #1
defaults: {user: $LAB_LOGIN, identity: $LAB/id_ed25519, known_hosts: $LAB/known_hosts}
hosts:
  lxc1: {address: $HOST1, port: $PORT1, drivers: [libvirt, lxc], libvirt: {uri: '$URI', transport: native}, groups: [lxclab]}
EOF
    mv "$LAB/inventory-lxc.yaml.tmp" "$LAB/inventory-lxc.yaml"
}

# ---------------------------------------------------------------- main
install_packages
start_libvirt
ensure_network

ensure_lab_user
ensure_keys
PORT1=$(ensure_sshd 1 "$HOST1" "${OLD_PORT1:-}")
PORT2=$(ensure_sshd 2 "$HOST2" "${OLD_PORT2:-}")
write_known_hosts
ssh_ok "$HOST1" "$PORT1" & ssh1=$!
ssh_ok "$HOST2" "$PORT2" || die "ssh $LAB_LOGIN@$HOST2:$PORT2 with $LAB/id_ed25519 fails (see $LAB/sshd-2.log)"
wait $ssh1 || die "ssh $LAB_LOGIN@$HOST1:$PORT1 with $LAB/id_ed25519 fails (see $LAB/sshd-1.log)"
log "sshd: $HOST1:$PORT1 and $HOST2:$PORT2 accept the lab key"

pick_kernel
install_kernel
build_initrd
probe_domain_type
define_guest "$GUEST_DEAF" 'console=ttyS0 virtdeck.deaf=1' || true
define_guest "$GUEST_ACPI" 'console=ttyS0' || true
stop_guest "$GUEST_DEAF"
stop_guest "$GUEST_ACPI"

# Booting the guests takes a while: only re-verify when the image or the generated XML changed
# (a redefinition that merely undoes a test's leftover --config change needs no new check).
vkey=$(cat "$IMG/initrd.cpio.gz.key" "$LAB/$GUEST_DEAF.xml" "$LAB/$GUEST_ACPI.xml" | sha256sum | cut -c1-16)
ACPI_OK=
if [[ -z ${LAB_VERIFY:-} && $(cat "$LAB/verified" 2>/dev/null) == "$vkey acpi=1" ]]; then
    ACPI_OK=1
    log "guests: $GUEST_DEAF, $GUEST_ACPI defined and verified earlier ($DOMAIN_TYPE)"
elif [[ -z ${LAB_VERIFY:-} && $(cat "$LAB/verified" 2>/dev/null) == "$vkey acpi=" ]]; then
    log "guests: verified earlier; $GUEST_ACPI did not honour ACPI then (LAB_VERIFY=1 to retry)"
else
    verify_guests
    echo "$vkey acpi=$ACPI_OK" >"$LAB/verified"
fi

ensure_lxc

write_env
write_inventory
write_inventory_lxc
log "ready: $LAB/lab.env, $LAB/inventory.yaml, $LAB/inventory-lxc.yaml (guests${LAB_LXC:+ and container} shut off)"

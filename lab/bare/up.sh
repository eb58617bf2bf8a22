#!/usr/bin/env bash
# A bare Debian 12 host for host-setup's real test (issue 15): a debootstrapped minbase tree with only
# openssh-server added, run in its own network, mount, pid, uts and ipc namespaces with its own sshd on
# 10.203.0.2:22 (a veth pair to this machine, NAT to the Debian mirror). Nothing of a hypervisor is on it.
#
# Every `up` starts from a pristine host: the cached tree is the lower layer of an overlay whose upper layer
# is created empty, so what host-setup installs is gone after `down` (lab/bare/down.sh).
#
# Cache (env VIRTDECK_BARE_CACHE, default /var/cache/virtdeck-bare): rootfs/ (~250 MB) + rootfs.stamp
# (hash of this script's recipe: a change rebuilds it) + the host key (kept: known_hosts stays valid).
# Writes $LAB/bare/inventory.yaml (host `bare`, user root, the lab's client key) and bare.env.
# Needs root, debootstrap, iproute2, iptables; the lab's client key (lab/setup.sh creates it).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${VIRTDECK_BARE_CACHE:-/var/cache/virtdeck-bare}
LAB=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
STATE=$LAB/bare
NS=vdbare
HOST_IF=vdbare0
HOST_IP=10.203.0.1
BARE_IP=10.203.0.2
SUITE=bookworm
MIRROR=${MIRROR:-http://deb.debian.org/debian}
INCLUDE=openssh-server,ca-certificates

T0=$SECONDS
log() { printf '[bare %4ds] %s\n' "$((SECONDS - T0))" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

# shellcheck source=lab/lib.sh
source "$HERE/../lib.sh"

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, namespaces)"
[[ -s $LAB/id_ed25519.pub ]] || die "no lab client key $LAB/id_ed25519.pub: run lab/setup.sh first"
mkdir -p "$CACHE" "$STATE"
exec 8>"$CACHE/.lock"
flock -w 1800 8 || die "another lab/bare/up.sh holds $CACHE/.lock"

lab_apt_install debootstrap iproute2 iptables openssh-client

recipe() { echo "$SUITE $INCLUDE"; declare -f build_rootfs; }

build_rootfs() {
    local new=$CACHE/rootfs.new
    rm -rf "$new"
    debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$new" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    echo "deb $MIRROR $SUITE main" >"$new/etc/apt/sources.list"
    rm -f "$new"/etc/ssh/ssh_host_*
    printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nUsePAM no\n' \
        >"$new/etc/ssh/sshd_config.d/virtdeck-bare.conf"
    echo virtdeck-bare >"$new/etc/hostname"
    rm -rf "$CACHE/rootfs"
    mv "$new" "$CACHE/rootfs"
}

stamp=$(recipe | sha256sum | cut -c1-16)
if [[ ! -d $CACHE/rootfs || $(cat "$CACHE/rootfs.stamp" 2>/dev/null) != "$stamp" ]]; then
    log "rootfs: debootstrap $SUITE minbase + $INCLUDE (a few minutes)"
    build_rootfs
    echo "$stamp" >"$CACHE/rootfs.stamp"
    log "rootfs: built"
else
    log "rootfs: cached"
fi
[[ -s $CACHE/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C virtdeck-bare -f "$CACHE/ssh_host_ed25519_key"

# A running bare host is stopped first: every up is a fresh host.
bash "$HERE/down.sh" >/dev/null 2>&1 || true
mkdir -p "$STATE"/{upper,work,merged}

# Network: its own namespace, a veth pair, NAT out for apt.
ip netns add "$NS"
ip link add "$HOST_IF" type veth peer name eth0 netns "$NS"
ip addr add "$HOST_IP/30" dev "$HOST_IF"
ip link set "$HOST_IF" up
ip -n "$NS" link set lo up
ip -n "$NS" addr add "$BARE_IP/30" dev eth0
ip -n "$NS" link set eth0 up
ip -n "$NS" route add default via "$HOST_IP"
sysctl -qw net.ipv4.ip_forward=1
iptables -t nat -C POSTROUTING -s "$HOST_IP/30" ! -d "$HOST_IP/30" -j MASQUERADE 2>/dev/null \
    || iptables -t nat -A POSTROUTING -s "$HOST_IP/30" ! -d "$HOST_IP/30" -j MASQUERADE
iptables -C FORWARD -i "$HOST_IF" -j ACCEPT 2>/dev/null || iptables -I FORWARD -i "$HOST_IF" -j ACCEPT
iptables -C FORWARD -o "$HOST_IF" -j ACCEPT 2>/dev/null || iptables -I FORWARD -o "$HOST_IF" -j ACCEPT

# The host itself: pid 1 of its pid namespace is its sshd; when it dies, everything the test started
# inside (libvirtd...) dies with it.
M=$STATE/merged
inner=$(cat <<EOF
set -e
mount -t overlay overlay -o lowerdir=$CACHE/rootfs,upperdir=$STATE/upper,workdir=$STATE/work $M
mount --rbind /dev $M/dev
mount -t proc proc $M/proc
mount --rbind /sys $M/sys
mount -t tmpfs tmpfs $M/run
mkdir -p $M/run/sshd $M/root/.ssh
install -m 600 $LAB/id_ed25519.pub $M/root/.ssh/authorized_keys
install -m 600 $CACHE/ssh_host_ed25519_key $M/etc/ssh/ssh_host_ed25519_key
install -m 644 $CACHE/ssh_host_ed25519_key.pub $M/etc/ssh/ssh_host_ed25519_key.pub
grep -v '^nameserver 127\.' /etc/resolv.conf >$M/etc/resolv.conf || true
grep -q '^nameserver' $M/etc/resolv.conf || echo 'nameserver 1.1.1.1' >>$M/etc/resolv.conf
hostname virtdeck-bare
exec chroot $M /usr/sbin/sshd -D -e -h /etc/ssh/ssh_host_ed25519_key -o ListenAddress=$BARE_IP
EOF
)
# 8>&-: the cache lock must not live on in the host's processes (it would block the next up.sh)
setsid ip netns exec "$NS" unshare --mount --pid --uts --ipc --fork --propagation private bash -c "$inner" \
    >"$STATE/sshd.log" 2>&1 </dev/null 8>&- &
echo $! >"$STATE/pid"

printf '%s %s\n' "$BARE_IP" "$(cut -d' ' -f1,2 "$CACHE/ssh_host_ed25519_key.pub")" >"$STATE/known_hosts"
cat >"$STATE/inventory.yaml" <<EOF
# virtdeck bare test host (generated by lab/bare/up.sh): fresh Debian 12, no hypervisor
hosts:
  bare: {address: $BARE_IP, port: 22, user: root, identity: $LAB/id_ed25519, known_hosts: $STATE/known_hosts, connect_timeout: 20}
EOF
for ((i = 0; i < 100; i++)); do
    if ssh -q -o BatchMode=yes -o UserKnownHostsFile="$STATE/known_hosts" -o ConnectTimeout=2 -i "$LAB/id_ed25519" \
        "root@$BARE_IP" true 2>/dev/null; then
        echo "BARE_INVENTORY=$STATE/inventory.yaml" >"$STATE/bare.env"
        log "up: root@$BARE_IP (inventory $STATE/inventory.yaml) in $((SECONDS - T0)) s"
        exit 0
    fi
    sleep 0.3
done
tail -20 "$STATE/sshd.log" >&2
die "the bare host's sshd does not answer on $BARE_IP:22"

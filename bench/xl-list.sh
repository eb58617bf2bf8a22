#!/bin/bash
# Wall time of one xl list refresh on the real Xen lab host (lab/xen/up.sh first): the command
# lines the driver sent per list before issue 14 (xl list, xl list -l, find, one cat per config,
# find of the save dir, xentop: 5 + N execs) against the one exec of drivers/xen's xl-list-script.sh,
# each exec over one held OpenSSH connection (ControlMaster, like the driver's pooled sshj one).
# Starts a guest of its own (vdxl1-bench, from the lab's vd-xen.cfg) and writes NCFG configs into a
# temporary config dir on dom0; removes both on exit.
# Usage: bench/xl-list.sh [LISTS] [NCFG]   (defaults 10 10)
set -euo pipefail
cd "$(dirname "$0")/.."
lists=${1:-10}
ncfg=${2:-10}
lab=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
. "$lab/xen.env"
sock=$(mktemp -u /tmp/vd-xl-bench.XXXXXX)
ssh_=(ssh -p "$XEN_SSH_PORT" -i "$XEN_KEY" -o UserKnownHostsFile="$XEN_KNOWN_HOSTS" -o BatchMode=yes
      -o ControlPath="$sock" "$XEN_USER@$XEN_SSH_HOST")
"${ssh_[@]}" -o ControlMaster=yes -o ControlPersist=yes -fN
conf=/tmp/vd-xl-bench-conf
save=/var/lib/xen/save
cleanup() {
    "${ssh_[@]}" "xl destroy vdxl1-bench >/dev/null 2>&1; rm -rf $conf" || true
    "${ssh_[@]}" -O exit >/dev/null 2>&1 || true
}
trap cleanup EXIT
"${ssh_[@]}" "set -e; mkdir -p $conf; i=1; while [ \$i -le $ncfg ]; do
      sed 's/^name *=.*/name = \"vdxl1-cfg-'\$i'\"/' $XEN_GUEST_CFG >$conf/vdxl1-cfg-\$i.cfg; i=\$((i+1)); done
      xl create $XEN_GUEST_CFG 'name=\"vdxl1-bench\"' >/dev/null 2>&1"
q() { printf '%q ' "$@"; }
script=$(cat drivers/xen/src/main/resources/dev/virtdeck/xen/xl-list-script.sh)
old() {
    "${ssh_[@]}" "LC_ALL=C xl list" >/dev/null
    "${ssh_[@]}" "LC_ALL=C xl list -l" >/dev/null
    local cfgs
    cfgs=$("${ssh_[@]}" "LC_ALL=C find $conf -maxdepth 1 -name '*.cfg' -type f")
    for f in $cfgs; do "${ssh_[@]}" "LC_ALL=C cat $f" >/dev/null; done
    "${ssh_[@]}" "LC_ALL=C find $save -maxdepth 1 -name '*.save' -type f" >/dev/null || true
    "${ssh_[@]}" "LC_ALL=C xentop -b -i 1" >/dev/null
}
new() {
    "${ssh_[@]}" "LC_ALL=C sh -c $(q "$script") sh xl $conf $save" >/dev/null
}
# old and new alternate, so a drift of the emulated host's speed hits both alike
old; new # warm up
times=$(mktemp)
for ((i = 0; i < lists; i++)); do
    for how in old new; do
        t0=$(date +%s%N); $how; echo "$how $((($(date +%s%N) - t0) / 1000000))"
    done
done >"$times"
for how in old new; do
    awk -v h=$how '$1 == h {print $2}' "$times" | sort -n | awk -v h=$how '{a[NR]=$1}
        END {printf "%s: ms per list: median %d, min %d, max %d (%d lists)\n", h, a[int((NR+1)/2)], a[1], a[NR], NR}'
done
rm -f "$times"
echo "execs per list: old $((5 + ncfg)), new 1 ($ncfg configs, one guest running)"

#!/bin/sh
# Round trips and wall time of one native libvirt list with many domains over a slow link:
# the per-domain path (-Dvirtdeck.libvirt.list=per-domain) against bulk stats.
# Defines NDOM tiny persistent domains that are never started (vd-bench-NN) in the lab's
# libvirtd (qemu:///system, lab/setup.sh first), holding the lab lock shared, and undefines
# them on exit (BALLOON=none defines them without a balloon device). The client reaches the lab sshd through a loopback proxy that holds every
# chunk DELAY ms each way (added RTT = 2*DELAY; this kernel has no netem).
# NRUN > 0 starts the first NRUN of them (no disk: they sit in the firmware) and makes
# vd-bench-01 transient (undefined while running) and, when NRUN >= 3, managed-saves the last
# one, so the list sees active, transient, saved and shut-off domains; all go on exit.
# Usage: bench/libvirt-bulk-list.sh [NDOM] [DELAY_MS_EACH_WAY] [LISTS] [NRUN]   (defaults 50 10 5 0)
set -eu
cd "$(dirname "$0")/.."
ndom=${1:-50}
delay=${2:-10}
lists=${3:-5}
nrun=${4:-0}
m=drivers/libvirt
lab=${VIRTDECK_LAB_DIR:-/var/tmp/virtdeck-lab}
. "$lab/lab.env"
cp_file="$PWD/$m/target/bench.classpath"
# package, not install: the reactor resolves the core test-jar (LabEnv) from its target/
mvn -q -B -o -pl $m -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test

exec 9>"$lab/.libvirtd.lock"
flock -s 9
names=""
cleanup() {
    for n in $names; do
        virsh -q -c "$LAB_URI" destroy "$n" >/dev/null 2>&1 || true
        virsh -q -c "$LAB_URI" undefine --managed-save "$n" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT INT TERM
tmp=$(mktemp -d)
i=1
while [ "$i" -le "$ndom" ]; do
    n=$(printf 'vd-bench-%02d' "$i")
    if virsh -q -c "$LAB_URI" dominfo "$n" >/dev/null 2>&1; then
        echo "$n already exists: not touching it" >&2; exit 1
    fi
    # BALLOON=none: the one known difference (an inactive domain without a balloon device whose
    # currentMemory < memory: the stats give memory, virDomainGetInfo currentMemory)
    balloon=${BALLOON:-virtio}
    cat >"$tmp/$n.xml" <<XML
<domain type='$LAB_DOMAIN_TYPE'>
  <name>$n</name>
  <memory unit='MiB'>64</memory>
  <currentMemory unit='MiB'>48</currentMemory>
  <vcpu current='1'>2</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices><memballoon model='$balloon'/></devices>
</domain>
XML
    virsh -q -c "$LAB_URI" define "$tmp/$n.xml" >/dev/null
    names="$names $n"
    i=$((i + 1))
done
rm -rf "$tmp"
i=1
while [ "$i" -le "$nrun" ]; do
    virsh -q -c "$LAB_URI" start "$(printf 'vd-bench-%02d' "$i")" >/dev/null
    i=$((i + 1))
done
if [ "$nrun" -ge 1 ]; then virsh -q -c "$LAB_URI" undefine vd-bench-01 >/dev/null; fi
if [ "$nrun" -ge 3 ]; then virsh -q -c "$LAB_URI" managedsave "$(printf 'vd-bench-%02d' "$nrun")" >/dev/null; fi
echo "defined $ndom domains vd-bench-01.. ($nrun started: 01 transient, the last managed-saved if >= 3); $(nproc) CPUs, $(uname -r), libvirt $(libvirtd --version | awk '{print $NF}')"
java -cp "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.LibvirtBulkListBenchmark "$delay" "$lists"

#!/bin/sh
# Round trips and wall time of one native libvirt list with many domains over a slow link:
# the per-domain path (-Dvirtdeck.libvirt.list=per-domain) against bulk stats.
# Defines NDOM tiny persistent domains that are never started (vd-bench-NN) in the lab's
# libvirtd (qemu:///system, lab/setup.sh first), holding the lab lock shared, and undefines
# them on exit. The client reaches the lab sshd through a loopback proxy that holds every
# chunk DELAY ms each way (added RTT = 2*DELAY; this kernel has no netem).
# Usage: bench/libvirt-bulk-list.sh [NDOM] [DELAY_MS_EACH_WAY] [LISTS]   (defaults 50 10 5)
set -eu
cd "$(dirname "$0")/.."
ndom=${1:-50}
delay=${2:-10}
lists=${3:-5}
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
    for n in $names; do virsh -q -c "$LAB_URI" undefine "$n" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT INT TERM
tmp=$(mktemp -d)
i=1
while [ "$i" -le "$ndom" ]; do
    n=$(printf 'vd-bench-%02d' "$i")
    if virsh -q -c "$LAB_URI" dominfo "$n" >/dev/null 2>&1; then
        echo "$n already exists: not touching it" >&2; exit 1
    fi
    # every 10th without a balloon device and currentMemory < memory: the one case where
    # libvirt's stats and virDomainGetInfo may disagree on current memory
    if [ $((i % 10)) -eq 0 ]; then balloon=none; else balloon=virtio; fi
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
echo "defined $ndom never-started domains vd-bench-01..; $(nproc) CPUs, $(uname -r), libvirt $(libvirtd --version | awk '{print $NF}')"
java -cp "$m/target/test-classes:$m/target/classes:$(cat "$cp_file")" \
    dev.virtdeck.bench.LibvirtBulkListBenchmark "$delay" "$lists"

#!/usr/bin/env bash
# Decides which libvirt domain type really runs guests here by booting one: a writable /dev/kvm
# proves nothing (on some nested Intel hosts a KVM guest never prints a byte while the same guest
# under TCG boots in ~12 s). Candidates in order: kvm (when libvirt offers it), then qemu (TCG).
# Each is a transient domain booting the lab's kernel + initramfs with its serial port written to
# a file; it passes when the guest's init prints "virtdeck-guest: up" there within the timeout.
#
# Usage: lab/virt-probe.sh KERNEL INITRD OUT_FILE
#   OUT_FILE gets shell lines: PROBE_TYPE=kvm|qemu and PROBE_REASON='...' (why that type).
#   Exit 0 when a type booted, 1 when none did (the reason says what each did).
# Env: LAB_PROBE_KVM_TIMEOUT (s, default 45), LAB_PROBE_TCG_TIMEOUT (s, default 150),
#      LAB_PROBE_SIMULATE_BROKEN_KVM=1: the kvm candidate is a guest that never writes to its
#      serial port (as on the broken hosts), run as a qemu domain where libvirt offers no kvm;
#      the test of this script uses it (drivers' VirtProbeLabTest).
set -euo pipefail
kernel=$1 initrd=$2 out=$3
URI=qemu:///system
kvm_timeout=${LAB_PROBE_KVM_TIMEOUT:-45}
tcg_timeout=${LAB_PROBE_TCG_TIMEOUT:-150}
simulate=${LAB_PROBE_SIMULATE_BROKEN_KVM:-}
work=$(mktemp -d /var/tmp/virtdeck-probe.XXXXXX)
chmod 0755 "$work"
name=vd-probe-$$
say() { printf '[probe] %s\n' "$*" >&2; }
virsh_() { virsh -q -c "$URI" "$@"; }
cleanup() { virsh_ destroy "$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

offered() { # domain type -> 0 if this libvirt's capabilities list it for x86_64 hvm
    virsh_ capabilities 2>/dev/null | tr -d '\n' | grep -q "<arch name='x86_64'>.*<domain type='$1'"
}

# boot TYPE CMDLINE TIMEOUT -> 0 if the marker appeared; sets SEEN (bytes on the serial port)
boot() {
    local type=$1 cmdline=$2 timeout=$3 log=$work/serial-$1.log deadline
    : >"$log"
    chmod 0666 "$log"
    cat >"$work/probe.xml" <<EOF
<domain type='$type'>
  <name>$name</name>
  <memory unit='KiB'>196608</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$initrd</initrd>
    <cmdline>$cmdline</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <serial type='file'><source path='$log'/><target port='0'/></serial>
  </devices>
</domain>
EOF
    SEEN=0
    if ! virsh_ create "$work/probe.xml" >"$work/create.err" 2>&1; then
        SEEN=-1
        CREATE_ERR=$(tr '\n' ' ' <"$work/create.err")
        return 1
    fi
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if grep -q 'virtdeck-guest: up' "$log" 2>/dev/null; then
            SEEN=$(stat -c %s "$log"); virsh_ destroy "$name" >/dev/null 2>&1 || true; return 0
        fi
        sleep 0.5
    done
    SEEN=$(stat -c %s "$log" 2>/dev/null || echo 0)
    virsh_ destroy "$name" >/dev/null 2>&1 || true
    return 1
}

# emit TYPE REASON: the result file, single-quoted (sourceable, and read by LabEnv in tests)
emit() { printf "PROBE_TYPE=%s\nPROBE_REASON='%s'\n" "$1" "${2//\'/\"}" >"$out"; }
joined() { local IFS=';'; echo "${reasons[*]}" | sed 's/;/; /g'; }

reasons=()
try_kvm=no kvm_as=kvm kvm_cmdline='console=ttyS0'
if [[ -n $simulate ]]; then
    try_kvm=yes
    kvm_cmdline='quiet'   # no serial console: the guest runs but never writes a byte to ttyS0
    offered kvm || kvm_as=qemu
    reasons+=("kvm candidate simulated broken (LAB_PROBE_SIMULATE_BROKEN_KVM=1)")
elif offered kvm; then
    try_kvm=yes
else
    reasons+=("libvirt offers no kvm domain type here ($( [[ -e /dev/kvm ]] && echo '/dev/kvm exists' || echo 'no /dev/kvm'))")
fi

if [[ $try_kvm == yes ]]; then
    t=$SECONDS
    if boot "$kvm_as" "$kvm_cmdline" "$kvm_timeout"; then
        say "kvm: guest up in $((SECONDS - t)) s"
        emit kvm "a kvm guest booted to its shell in $((SECONDS - t)) s"
        exit 0
    fi
    if ((SEEN < 0)); then
        reasons+=("kvm guest did not start: ${CREATE_ERR:-?}")
    else
        reasons+=("kvm guest printed $SEEN bytes and no shell on its serial console within ${kvm_timeout} s")
    fi
    say "${reasons[-1]}"
fi

t=$SECONDS
if boot qemu 'console=ttyS0' "$tcg_timeout"; then
    say "qemu (TCG): guest up in $((SECONDS - t)) s"
    reasons+=("a qemu (TCG) guest booted to its shell in $((SECONDS - t)) s")
    emit qemu "$(joined)"
    exit 0
fi
if ((SEEN < 0)); then reasons+=("qemu guest did not start: ${CREATE_ERR:-?}"); else
    reasons+=("qemu guest printed $SEEN bytes and no shell within ${tcg_timeout} s"); fi
emit '' "$(joined)"
say "no domain type boots a guest here: ${reasons[*]}"
exit 1

PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
echo "hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null)"
echo "cpus=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)"
flags=$(grep -E '^flags[[:space:]]*:' /proc/cpuinfo 2>/dev/null)
if printf '%s\n' "$flags" | grep -qw vmx; then echo vmx=1; else echo vmx=0; fi
if printf '%s\n' "$flags" | grep -qw svm; then echo svm=1; else echo svm=0; fi
if [ -e /dev/kvm ]; then echo devkvm=1; else echo devkvm=0; fi
if [ -w /dev/kvm ]; then echo devkvm_writable=1; else echo devkvm_writable=0; fi
for m in kvm kvm_intel kvm_amd; do
  if [ -d "/sys/module/$m" ] || grep -q "^$m " /proc/modules 2>/dev/null; then echo "module=$m"; fi
done
for t in virsh xl xm VBoxManage xe; do
  if command -v "$t" >/dev/null 2>&1; then echo "tool=$t"; fi
done
grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null
echo "kernel=$(uname -r)"
echo "arch=$(uname -m)"
echo "uid=$(id -u)"
if [ -r /etc/os-release ]; then (. /etc/os-release; echo "os_id=$ID"; echo "os_like=$ID_LIKE"; echo "os_version=$VERSION_ID"; echo "os_name=$PRETTY_NAME"); fi
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo sudo=1; fi
if printf '%s\n' "$flags" | grep -qw hypervisor; then echo in_vm=1; else echo in_vm=0; fi
for m in kvm_intel kvm_amd; do
  if [ -r "/sys/module/$m/parameters/nested" ]; then echo "nested=$(cat "/sys/module/$m/parameters/nested")"; fi
done
for m in vboxdrv xen_privcmd; do
  if [ -d "/sys/module/$m" ]; then echo "kmod=$m"; fi
done
if [ -r /sys/hypervisor/type ]; then echo "hv_type=$(cat /sys/hypervisor/type)"; fi
if [ -r /proc/xen/capabilities ]; then echo "xen_caps=$(cat /proc/xen/capabilities)"; fi
if [ -r /sys/hypervisor/version/major ]; then echo "xen_version=$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra 2>/dev/null)"; fi
echo "iommu=$(ls /sys/class/iommu 2>/dev/null | wc -l)"
for p in apt-get dnf yum zypper; do
  if command -v "$p" >/dev/null 2>&1; then echo "pkg=$p"; break; fi
done
if [ -d /run/systemd/system ]; then echo init=systemd; else echo "init=$(cat /proc/1/comm 2>/dev/null)"; fi
if command -v qemu-system-x86_64 >/dev/null 2>&1; then echo "qemu=$(command -v qemu-system-x86_64)"; fi
for s in /run/libvirt/libvirt-sock /run/libvirt/virtqemud-sock; do
  if [ -S "$s" ]; then echo "libvirt_socket=$s"; fi
done
for d in /usr/lib/*/libvirt/connection-driver /usr/lib64/libvirt/connection-driver; do
  for k in qemu lxc libxl; do
    if [ -e "$d/libvirt_driver_$k.so" ]; then echo "libvirt_driver=$k"; fi
  done
done
if command -v virsh >/dev/null 2>&1; then echo "virsh_version=$(virsh --version 2>/dev/null)"; fi
if command -v VBoxManage >/dev/null 2>&1; then echo "vbox_version=$(VBoxManage --version 2>/dev/null | tail -n 1)"; fi
if [ -e /proc/self/ns/pid ] && [ -e /proc/self/ns/mnt ] && [ -e /proc/self/ns/net ]; then echo namespaces=1; fi
echo "cgroup=$(stat -fc %T /sys/fs/cgroup 2>/dev/null)"
k="/boot/vmlinuz-$(uname -r)"; [ -r "$k" ] || k=$(ls /boot/vmlinuz-* 2>/dev/null | tail -n 1)
if [ -n "$k" ] && [ -r "$k" ]; then echo "boot_kernel=$k"; fi
exit 0

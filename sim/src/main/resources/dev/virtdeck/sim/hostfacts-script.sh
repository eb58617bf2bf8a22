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
exit 0
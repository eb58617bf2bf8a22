PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
k=$1; a=$2; t=$3
q=$(command -v qemu-system-x86_64) || { echo 'qemu-system-x86_64 is not installed' >&2; exit 4; }
[ -r "$k" ] || { echo "cannot read the kernel image $k" >&2; exit 3; }
e=$(mktemp) || exit 5
timeout "$t" "$q" -machine "pc,accel=$a" -nodefaults -display none -monitor none -serial stdio -m 128 -no-reboot -kernel "$k" -append 'console=ttyS0 panic=-1' </dev/null 2>"$e" | grep -a -m 1 -o 'Linux version [^ ]*'
r=$?
head -c 2000 "$e" >&2; rm -f "$e"
exit $r

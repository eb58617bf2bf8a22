# virtdeck's VirtualBox list in ONE exec (drivers/vbox VBoxListScript; sim keeps a verbatim copy).
# Fixed text, no parameters: the only values it uses are the uuids 'list vms' printed.
# Every step's stdout AND stderr are bracketed for dev.virtdeck.ssh.ScriptSections, so each step
# keeps its own output, error text and exit status.
begin() { printf '@@virtdeck:begin %s\n' "$1"; printf '@@virtdeck:begin %s\n' "$1" >&2; }
end() { printf '\n@@virtdeck:end %s\n' "$1"; printf '\n@@virtdeck:end %s\n' "$1" >&2; }
begin list
vms=$(VBoxManage list vms)
rc=$?
printf '%s' "$vms"
end "$rc"
[ "$rc" -eq 0 ] || exit "$rc"
# a line is '"NAME" {UUID}' and NAME may hold quotes, braces and spaces: the uuid is the line's end
uuids=$(printf '%s\n' "$vms" | sed -n '/^"<inaccessible>" {/!s/^".*" {\([0-9a-fA-F-][0-9a-fA-F-]*\)}$/\1/p')
nl='
'
active=
for uuid in $uuids; do
  begin "show $uuid"
  info=$(VBoxManage showvminfo "$uuid" --machinereadable)
  rc=$?
  printf '%s' "$info"
  end "$rc"
  [ "$rc" -eq 0 ] || continue
  # metrics only while a VM may run: any state but these (an unknown word included)
  case "$nl$info" in
    *"${nl}VMState=\"poweroff\""*|*"${nl}VMState=\"saved\""*|*"${nl}VMState=\"aborted\""*) ;;
    *"${nl}VMState=\"aborted-saved\""*|*"${nl}VMState=\"teleported\""*) ;;
    *) active=1 ;;
  esac
done
if [ -n "$active" ]; then
  begin metrics
  VBoxManage metrics query '*' CPU/Load/User,CPU/Load/Kernel,RAM/Usage/Used,Guest/RAM/Usage/Total,Guest/RAM/Usage/Free,Net/Rate/Rx,Net/Rate/Tx
  end "$?"
fi
exit 0

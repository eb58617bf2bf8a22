# virtdeck's xl/xm refresh in ONE exec (drivers/xen XenDomains.list). Fixed text: no user value is ever
# pasted into it; they come as arguments: $1 the tool (xl or xm), $2 the config directory, $3 the save
# directory ("" for none). Each step's stdout is bracketed for the driver's parser (core ScriptSections):
# @@virtdeck:begin NAME [ARG] ... @@virtdeck:end EXIT. A failing list ends the script with its exit code.
# The simulator answers this text only when it is equal to its own copy (sim's xl-list-script.sh).
LC_ALL=C
export LC_ALL
tool=$1
conf=$2
save=$3
nl='
'
end() { printf '\n@@virtdeck:end %s\n' "$1"; }
echo '@@virtdeck:begin list'
domains=$("$tool" list)
rc=$?
printf '%s\n' "$domains"
end "$rc"
[ "$rc" -eq 0 ] || exit "$rc"
# the header and Domain-0 make two lines: a third one is a guest
guests=0
case $domains in *"$nl"*"$nl"*) guests=1 ;; esac
if [ "$tool" = xl ] && [ "$guests" = 1 ]; then
    echo '@@virtdeck:begin long'
    xl list -l
    end "$?"
fi
echo '@@virtdeck:begin configs'
configs=$(find "$conf" -maxdepth 1 -name '*.cfg' -type f)
rc=$?
printf '%s\n' "$configs"
end "$rc"
if [ "$rc" -eq 0 ] && [ -n "$configs" ]; then
    printf '%s\n' "$configs" | while IFS= read -r f; do
        printf '@@virtdeck:begin config %s\n' "$f"
        cat -- "$f"
        end "$?"
    done
fi
if [ -n "$save" ]; then
    echo '@@virtdeck:begin saves'
    find "$save" -maxdepth 1 -name '*.save' -type f 2>/dev/null
    end "$?"
fi
# -f: without it xentop cuts names to 10 characters
if [ "$tool" = xl ] && [ "$guests" = 1 ]; then
    echo '@@virtdeck:begin xentop'
    xentop -b -i 1 -f
    end "$?"
fi
exit 0

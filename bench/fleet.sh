#!/usr/bin/env bash
# Fleet benchmark (issue 13): N loopback OpenSSH hosts, one real sshd each on its own 127.0.0.1 port,
# every host answering `virsh -c test:///default list --all` (libvirt's built-in test driver: no
# libvirtd needed). Times the same list over the whole fleet with PAIRED runs (every round runs every
# method once, in turn) and prints medians and the ratios of issue 13's targets:
#   cold   ./virtdeck -i INV --parallel N list          (a fresh JVM and N fresh SSH connections)
#   warm   the same list with `virtdeck agent` holding the connections (when this build has an agent)
#   native the cold list with the libvirt native transport (virt-ssh-helper), when it works here
#   pssh   parallel-ssh -p N (fresh connections)
#   ansible  ansible all -f N -m command, pipelining on, no ControlPersist (cold)
#   floor  one OpenSSH ControlMaster per host started beforehand, then all N `ssh -S` at once
# CPU is user+sys of the measured process tree (/usr/bin/time, which counts every waited-for
# descendant); held connections (ControlMasters, the agent) are reported apart as "holder CPU".
# All sshds, masters and the agent are stopped by a trap, also on failure or Ctrl-C.
# Usage: bench/fleet.sh [--install] [N] [ROUNDS]     (defaults 10 and 5)
#   --install  apt-get install the missing tools (openssh-server, libvirt-clients, pssh,
#              ansible-core); without it a method whose tool is missing is skipped with a message.
# Env: METHODS="cold warm native pssh ansible floor" (a subset), KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

install=0
if [[ ${1:-} == --install ]]; then install=1; shift; fi
n=${1:-10}
rounds=${2:-5}
methods=${METHODS:-cold warm native pssh ansible floor}
sshd=/usr/sbin/sshd

have() { command -v "$1" >/dev/null 2>&1; }
need_pkg() { # need_pkg BINARY PACKAGE...: true when BINARY is there (installing it with --install)
    local bin=$1; shift
    have "$bin" && return 0
    if ((install)); then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null && have "$bin" && return 0
        echo "fleet: installing $* failed" >&2
    fi
    return 1
}
need_pkg "$sshd" openssh-server || { echo "fleet: no $sshd (run with --install)" >&2; exit 2; }
need_pkg virsh libvirt-clients || { echo "fleet: no virsh (run with --install)" >&2; exit 2; }
need_pkg /usr/bin/time time || { echo "fleet: no /usr/bin/time (run with --install)" >&2; exit 2; }
skip=""
need_pkg parallel-ssh pssh || skip="$skip pssh"
if ! have ansible; then
    if ((install)) && apt-cache show ansible-core >/dev/null 2>&1; then need_pkg ansible ansible-core || true
    else need_pkg ansible ansible || true; fi
fi
have ansible || skip="$skip ansible"
[[ -f tui/target/virtdeck.jar ]] || { echo "fleet: build the jar first: mvn -q -o package -DskipTests" >&2; exit 2; }

tmp=$(mktemp -d /tmp/vd-fleet.XXXXXX)
pids=()
agent_started=0
cleanup() {
    set +e
    if ((agent_started)); then ./virtdeck agent stop >/dev/null 2>&1; fi
    for s in "$tmp"/cm/*; do [[ -S $s ]] && ssh -S "$s" -O exit x >/dev/null 2>&1; done
    # a listener's per-connection children outlive it until their client goes: end those first
    for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    if [[ -n ${KEEP:-} ]]; then echo "fleet: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'echo "fleet: interrupted" >&2; exit 130' INT
trap 'echo "fleet: terminated" >&2; exit 143' TERM

# --- the fleet --------------------------------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -f "$tmp/id" -C vd-fleet
cp "$tmp/id.pub" "$tmp/authorized_keys"
mkdir -p "$tmp/cm" /run/sshd
: >"$tmp/known_hosts"; : >"$tmp/pssh-hosts"
port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=()
# below the kernel's ephemeral range (32768-60999 by default): a port chosen there can be taken
# by an outgoing connection before its sshd binds it (seen at N=100: one host refused)
p=$((20000 + RANDOM % 2000))
while ((${#ports[@]} < n)); do
    if port_free "$p"; then ports+=("$p"); fi
    p=$((p + 1))
done
for i in $(seq 1 "$n"); do
    d=$tmp/h$i; mkdir "$d"
    port=${ports[i-1]}
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_key"
    cat >"$d/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $d/host_key
PidFile none
AuthorizedKeysFile $tmp/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $(id -un)
MaxStartups 1000
MaxSessions 1000
LogLevel ERROR
EOF
    "$sshd" -D -f "$d/sshd_config" -E "$d/log" &
    pids+=($!)
    echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$d/host_key.pub")" >>"$tmp/known_hosts"
    echo "127.0.0.1:$port" >>"$tmp/pssh-hosts"
done
# ssh takes the FIRST value of an option: the ControlMaster options are added apart
base=(-i "$tmp/id" -o UserKnownHostsFile="$tmp/known_hosts" -o StrictHostKeyChecking=yes
      -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR)
sshopts=("${base[@]}" -o ControlMaster=no -o ControlPath=none)
user=$(id -un)
remote='virsh -c test:///default list --all'
# every sshd answers before anything is timed
for i in $(seq 1 "$n"); do
    port=${ports[i-1]}
    ok=0
    for _ in $(seq 1 100); do ssh "${sshopts[@]}" -p "$port" "$user@127.0.0.1" true 2>/dev/null && { ok=1; break; }; sleep 0.1; done
    ((ok)) || { echo "fleet: host $i (sshd on port $port) does not answer: $(tail -2 "$tmp/h$i/log")" >&2; exit 1; }
done
ssh "${sshopts[@]}" -p "${ports[0]}" "$user@127.0.0.1" "$remote" | grep -q running ||
    { echo "fleet: host 1 does not answer '$remote'" >&2; exit 1; }

inventory() { # inventory TRANSPORT > file
    echo "defaults: {user: $user, identity: $tmp/id, known_hosts: $tmp/known_hosts, connect_timeout: 60}"
    echo "hosts:"
    for i in $(seq 1 "$n"); do
        printf '  h%03d: {address: 127.0.0.1, port: %s, drivers: [libvirt], libvirt: {uri: "test:///default", transport: %s}}\n' \
            "$i" "${ports[i-1]}" "$1"
    done
}
inventory virsh >"$tmp/inv.yaml"
inventory native >"$tmp/inv-native.yaml"
{
    echo "[fleet]"
    for i in $(seq 1 "$n"); do printf 'h%03d ansible_host=127.0.0.1 ansible_port=%s\n' "$i" "${ports[i-1]}"; done
    echo "[all:vars]"
    echo "ansible_user=$user"
    echo "ansible_ssh_private_key_file=$tmp/id"
    echo "ansible_python_interpreter=/usr/bin/python3"
    echo "ansible_ssh_pipelining=true"
    # no ControlPersist: each run is cold, as for parallel-ssh and the cold CLI
    echo "ansible_ssh_args='-o ControlMaster=no -o ControlPath=none -o UserKnownHostsFile=$tmp/known_hosts -o BatchMode=yes'"
} >"$tmp/ansible.ini"
export ANSIBLE_LOCAL_TEMP=$tmp/ansible-tmp ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False

# --- methods: each is a function run under /usr/bin/time; exit 0 = every host answered ---------------
vd_list()  { ./virtdeck -i "$1" --parallel "$n" list >"$tmp/out" 2>&1 && [[ $(grep -c ' running ' "$tmp/out" || true) -ge $n ]]; }
# cold and native must not go through a running agent (VIRTDECK_AGENT=off = --no-agent)
m_cold()   { VIRTDECK_AGENT=off vd_list "$tmp/inv.yaml"; }
m_warm()   { vd_list "$tmp/inv.yaml"; }
m_native() { VIRTDECK_AGENT=off vd_list "$tmp/inv-native.yaml"; }
m_pssh()   { parallel-ssh -h "$tmp/pssh-hosts" -p "$n" -l "$user" -t 120 -o "$tmp/pssh-out" \
                 -x "-i $tmp/id -o UserKnownHostsFile=$tmp/known_hosts -o BatchMode=yes -o IdentitiesOnly=yes -o ControlMaster=no -o ControlPath=none" \
                 "$remote" >"$tmp/out" 2>&1; }
m_ansible() { ansible all -i "$tmp/ansible.ini" -f "$n" -m command -a "$remote" >"$tmp/out" 2>&1; }
m_floor()  {
    local i w=()
    for i in $(seq 1 "$n"); do
        ssh -S "$tmp/cm/${ports[i-1]}" -p "${ports[i-1]}" "$user@127.0.0.1" "$remote" >"$tmp/floor.$i" 2>&1 &
        w+=($!)
    done
    wait "${w[@]}"
    for i in $(seq 1 "$n"); do grep -q running "$tmp/floor.$i" || return 1; done
}
export -f vd_list m_cold m_warm m_native m_pssh m_ansible m_floor
export tmp n user remote
ports_s=${ports[*]}; export ports_s

holder_pids() { # pids of the processes holding connections for METHOD (ControlMasters, the agent)
    case $1 in
        floor) for s in "$tmp"/cm/*; do ssh -S "$s" -O check x 2>&1 | sed -n 's/.*pid=\([0-9]*\).*/\1/p'; done ;;
        warm) pgrep -u "$(id -u)" -f 'virtdeck.*agent' || true ;;
    esac
}
cpu_ticks() { # summed utime+stime (clock ticks) of the given pids
    local t=0 p f
    for p in "$@"; do
        [[ -r /proc/$p/stat ]] || continue
        f=$(sed 's/^.*) //' "/proc/$p/stat")
        set -- $f; t=$((t + ${12} + ${13}))
    done
    echo "$t"
}
run_one() { # run_one METHOD ROUND -> appends "method wall cpu holder ok" to results
    local m=$1 hp before after rc
    hp=$(holder_pids "$m" | tr '\n' ' ')
    before=$(cpu_ticks $hp)
    rc=0
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" bash -c "ports=(\$ports_s); m_$m" || rc=$?
    after=$(cpu_ticks $hp)
    read -r wall u s <"$tmp/time" || true
    [[ $wall =~ ^[0-9.]+$ ]] || { wall=$(tail -1 "$tmp/time" | cut -d' ' -f1); u=0; s=0; }
    local hz; hz=$(getconf CLK_TCK)
    echo "$m $wall $(awk -v u="$u" -v s="$s" "BEGIN {printf \"%.2f\", u + s}") $(awk -v a="$after" -v b="$before" -v h="$hz" "BEGIN {printf \"%.2f\", (a - b) / h}") $rc" >>"$tmp/results"
    if ((rc != 0)); then echo "fleet: $m failed in round $2 (exit $rc); its output:" >&2; tail -5 "$tmp/out" >&2; fi
}

# --- which methods run -------------------------------------------------------------------------------
active=()
for m in $methods; do
    case $m in
        pssh|ansible) if [[ " $skip " == *" $m "* ]]; then
                echo "$m: skipped ($( [[ $m == pssh ]] && echo parallel-ssh || echo ansible) not installed; run with --install)"
                continue; fi ;;
        # an older picocli prints the top-level usage (exit 0) for an unknown `agent --help`
        warm) if ! ./virtdeck agent --help 2>&1 | grep -q 'Usage: virtdeck agent'; then
                echo "warm: n/a (no agent in this build)"; continue; fi ;;
        native) if ! bash -c m_native; then
                echo "native: n/a (the native transport cannot list test:///default here: $(grep -m1 '^virtdeck:' "$tmp/out" || grep -m1 -i 'error\|fail\|unsupported' "$tmp/out" || tail -1 "$tmp/out"))"
                continue; fi ;;
    esac
    active+=("$m")
done

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "tools: $(ssh -V 2>&1), $(virsh --version | sed 's/^/virsh /'), $(java -version 2>&1 | head -1)$( have parallel-ssh && echo ", parallel-ssh $(parallel-ssh --version 2>&1)")$( have ansible && echo ", $(ansible --version 2>/dev/null | sed -n 1p)")"
echo "fleet: $n sshd on 127.0.0.1 ports ${ports[0]}..${ports[n-1]}, each answering '$remote'; $rounds rounds, methods in turn: ${active[*]}"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for m in "${active[@]}"; do
    case $m in
        floor) # setsid: a backgrounding ssh -f master signals its parent's process group (seen: exit 130)
               for i in $(seq 1 "$n"); do
                   setsid -f ssh "${base[@]}" -o ControlMaster=yes -o ControlPath="$tmp/cm/${ports[i-1]}" \
                       -o ControlPersist=3600 -fN -p "${ports[i-1]}" "$user@127.0.0.1" </dev/null >/dev/null 2>&1
               done
               for i in $(seq 1 "$n"); do
                   for _ in $(seq 1 300); do
                       ssh -S "$tmp/cm/${ports[i-1]}" -O check x >/dev/null 2>&1 && break; sleep 0.1
                   done
               done
               bash -c "ports=(\$ports_s); m_floor" >/dev/null ;;   # untimed warm-up
        warm)  ./virtdeck -i "$tmp/inv.yaml" agent start >"$tmp/agent.out" 2>&1 ||
                   { echo "fleet: agent start failed: $(tail -3 "$tmp/agent.out")" >&2; exit 1; }
               agent_started=1
               # a failed warm-up is reported, not fatal: the timed rounds count their own failures
               m_warm || echo "fleet: warm-up list failed: $(grep -m3 '^virtdeck:' "$tmp/out" || tail -3 "$tmp/out")" >&2 ;;
    esac
done

: >"$tmp/results"
for r in $(seq 1 "$rounds"); do
    for m in "${active[@]}"; do run_one "$m" "$r"; done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ------------------------------------------------------------------------------------------
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v m="$1" -v c="$2" '$1 == m && $5 == 0 {print $c}' "$tmp/results"; }
declare -A wall cpu
printf '\n%-8s %10s %10s %10s %8s %s\n' method "wall med" "cpu med" "holder" "ok" "walls (s)"
for m in "${active[@]}"; do
    wall[$m]=$(col "$m" 2 | median); cpu[$m]=$(col "$m" 3 | median)
    ok=$(awk -v m="$m" '$1 == m && $5 == 0' "$tmp/results" | wc -l)
    printf '%-8s %9ss %9ss %9ss %5s/%s %s\n' "$m" "${wall[$m]}" "${cpu[$m]}" "$(col "$m" 4 | median)" "$ok" "$rounds" \
        "$(awk -v m="$m" '$1 == m {printf "%s ", $2}' "$tmp/results")"
done
ratio() { # ratio A B TARGET
    local a=${wall[$1]:-} b=${wall[$2]:-}
    if [[ -z $a || -z $b || $a == - || $b == - ]]; then printf '%-16s n/a\n' "$1/$2"; return; fi
    printf '%-16s %.2fx  (target <= %s)\n' "$1/$2" "$(echo "scale=4; $a / $b" | bc)" "$3"
}
echo
echo "ratios of median wall times (issue 13 targets):"
ratio cold pssh 0.3x
ratio cold ansible 0.1x
ratio warm floor 1.5x
ratio native pssh "-"

# Shared by lab/setup.sh and lab/xen/build.sh, which lab/test.sh runs AT THE SAME TIME: both may
# install packages and both need the lab's client key, so those two steps are serialized here.
# Source it; the caller defines log() and die().

# True if a process with this exact command name runs (pure bash: procps may not be installed yet).
proc_running() {
    local c n
    for c in /proc/[0-9]*/comm; do read -r n <"$c" 2>/dev/null && [[ $n == "$1" ]] && return 0; done
    return 1
}

# _lab_missing PKG...: prints the ones dpkg does not list as installed.
_lab_missing() {
    local ok p
    ok=$(dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' "$@" 2>/dev/null | sed -n 's/^ii *//p' || true)
    for p in "$@"; do grep -qx "$p" <<<"$ok" || echo "$p"; done
}

# lab_apt_install PKG...: installs the ones not yet installed. Our own callers queue on one lock
# (apt-get's lock timeout covers dpkg's lock, not the package lists' lock of `apt-get update`);
# a foreign apt/dpkg (e.g. an unattended upgrade) is waited for, bounded.
lab_apt_install() {
    local missing=() fd waited=0
    mapfile -t missing < <(_lab_missing "$@")
    ((${#missing[@]} == 0)) && return 0
    exec {fd}>/run/virtdeck-lab-apt.lock
    if ! flock -n "$fd"; then
        log "packages: waiting for the other lab script's apt run"
        flock -w 1800 "$fd" || die "another lab script held /run/virtdeck-lab-apt.lock for 30 min"
    fi
    while proc_running apt-get || proc_running apt || proc_running dpkg; do
        ((waited == 0)) && log "packages: waiting for a running apt/dpkg to finish"
        ((waited++ < 900)) || die "apt/dpkg still busy after 15 min"
        sleep 1
    done
    mapfile -t missing < <(_lab_missing "$@")
    if ((${#missing[@]} > 0)); then
        log "packages: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
        log "packages: installed"
    fi
    exec {fd}>&-
}

# lab_client_key DIR: the lab's client key pair DIR/id_ed25519[.pub], created once. Locked so
# two scripts starting together cannot write a mismatched pair.
lab_client_key() {
    local dir=$1 fd
    mkdir -p "$dir"
    exec {fd}>"$dir/.client-key.lock"
    flock -w 60 "$fd" || die "cannot lock $dir/.client-key.lock"
    [[ -f $dir/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C virtdeck-lab-client -f "$dir/id_ed25519"
    [[ -f $dir/id_ed25519.pub ]] || ssh-keygen -y -f "$dir/id_ed25519" >"$dir/id_ed25519.pub"
    chmod 0600 "$dir/id_ed25519"
    exec {fd}>&-
}

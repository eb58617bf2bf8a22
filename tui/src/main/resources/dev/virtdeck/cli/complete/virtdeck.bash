# bash completion for virtdeck: source it (source <(virtdeck completion bash)) or install it
# as /usr/share/bash-completion/completions/virtdeck. The candidates come from
# `virtdeck __complete`, which reads the inventory and the VM-name cache, never a host.
_virtdeck() {
    local prog=${COMP_WORDS[0]}
    [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
    type -P -- "$prog" >/dev/null 2>&1 || prog=virtdeck
    local -a out
    # the line up to the cursor, split and unquoted by virtdeck itself: COMP_WORDS splits at ':'
    mapfile -t out < <("$prog" __complete bash "$COMP_WORDBREAKS" "${COMP_LINE:0:COMP_POINT}" 2>/dev/null)
    case ${out[0]-} in
    files)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]}")
        ;;
    words*)
        [[ ${out[0]} == *nospace* ]] && compopt -o nospace 2>/dev/null
        # raw: names with spaces, quotes, globs: readline quotes them (and their common prefix)
        [[ ${out[0]} == *raw* ]] && compopt -o filenames 2>/dev/null
        COMPREPLY=("${out[@]:1}")  # else already quoted for the shell
        ;;
    *)
        COMPREPLY=()
        ;;
    esac
    return 0
}
complete -F _virtdeck virtdeck

#compdef virtdeck
# zsh completion for virtdeck: put it in a directory of $fpath as _virtdeck, or
# source <(virtdeck completion zsh) after compinit. The candidates come from
# `virtdeck __complete`, which reads the inventory and the VM-name cache, never a host.
_virtdeck() {
    local prog=${words[1]}
    (( $+commands[$prog] )) || [[ -x $prog ]] || prog=virtdeck
    local -a out
    out=("${(@f)$("$prog" __complete zsh "$LBUFFER" 2>/dev/null)}")
    case ${out[1]-} in
    files)
        _files
        ;;
    words*)
        local -a cands
        cands=("${(@)out[2,-1]}")
        (( ${#cands} )) || return 1
        if [[ ${out[1]} == *nospace* ]]; then
            compadd -S '' -- "${cands[@]}"   # zsh quotes them itself
        else
            compadd -- "${cands[@]}"
        fi
        ;;
    *)
        return 1
        ;;
    esac
}
if [[ ${funcstack[1]-} == _virtdeck ]]; then
    _virtdeck "$@"       # autoloaded from $fpath
else
    compdef _virtdeck virtdeck
fi

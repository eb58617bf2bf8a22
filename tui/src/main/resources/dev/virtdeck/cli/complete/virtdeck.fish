# fish completion for virtdeck: source it (virtdeck completion fish | source) or install it as
# /usr/share/fish/vendor_completions.d/virtdeck.fish. The candidates come from
# `virtdeck __complete`, which reads the inventory and the VM-name cache, never a host.
function __virtdeck_complete
    set -l prog (commandline -opc)[1]
    command -q -- $prog; or set prog virtdeck
    command -q -- $prog; or return
    set -l out ($prog __complete fish (commandline -cp) 2>/dev/null)
    test (count $out) -gt 0; or return
    switch $out[1]
        case files
            __fish_complete_path (commandline -ct)
        case 'words*'
            test (count $out) -gt 1; and printf '%s\n' $out[2..-1]
    end
end
complete -c virtdeck -f -a '(__virtdeck_complete)'

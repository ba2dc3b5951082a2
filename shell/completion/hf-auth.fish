# SPDX-License-Identifier: Apache-2.0
# hf-auth completion for fish: subcommands, options, option values and
# stored token names for hf-auth and the hook's hf-switch (hf-login and
# hf-logout wrap `hf-auth login` and `logout` and complete as those do).
# Installed in fish's vendor_completions.d (loaded when hf-auth is first
# completed); `hf-auth completion fish` prints it; `hf-auth init fish`
# prints it after the hook.  fish quotes what it inserts, inside an opened
# quote too, so no name is ever run as code.

set -g __hfa_comp_bin '@HF_AUTH@'

function __hfa_names
    $__hfa_comp_bin list --format names 2>/dev/null
end

begin
    set -l subs login logout switch list ls token whoami status init completion
    complete -c hf-auth -f
    complete -c hf-auth -n "not __fish_seen_subcommand_from $subs" -a "$subs"
    complete -c hf-auth -n "not __fish_seen_subcommand_from $subs" -l help -l version
    complete -c hf-auth -n "__fish_seen_subcommand_from $subs" -l help
    complete -c hf-auth -n '__fish_seen_subcommand_from switch' -a '(__hfa_names)'
    complete -c hf-auth -n '__fish_seen_subcommand_from switch logout' -l token-name -x -a '(__hfa_names)'
    complete -c hf-auth -n '__fish_seen_subcommand_from switch login' -l add-to-git-credential -l no-add-to-git-credential
    complete -c hf-auth -n '__fish_seen_subcommand_from switch' -l export -x -a 'bash zsh sh fish'
    complete -c hf-auth -n '__fish_seen_subcommand_from login' -l token -x
    complete -c hf-auth -n '__fish_seen_subcommand_from login' -l token-stdin -l force -l no-force
    complete -c hf-auth -n '__fish_seen_subcommand_from list ls token whoami' -l format -x -a 'table json quiet'
    complete -c hf-auth -n '__fish_seen_subcommand_from status' -l format -x -a 'table json'
    complete -c hf-auth -n '__fish_seen_subcommand_from list ls token whoami status' -l json
    complete -c hf-auth -n '__fish_seen_subcommand_from list ls token whoami' -l quiet
    complete -c hf-auth -n '__fish_seen_subcommand_from status token' -l check
    complete -c hf-auth -n '__fish_seen_subcommand_from init completion; and test (count (commandline -opc)) -eq 2' -a 'bash zsh fish'
    complete -c hf-switch -f -a '(__hfa_names)'
    complete -c hf-switch -l token-name -x -a '(__hfa_names)'
    complete -c hf-switch -l add-to-git-credential -l no-add-to-git-credential -l help
end

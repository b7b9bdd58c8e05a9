# bash completion for policydiff
#
# Install: source this file from ~/.bashrc, or copy it to
# /usr/share/bash-completion/completions/policydiff (bash-completion loads it
# on demand).  Subcommands and their options are read from `policydiff --help`
# and `policydiff COMMAND --help` (so new ones complete without editing this
# file), policy names from `policydiff [-C DIR] list`.

_policydiff_commands=""
declare -A _policydiff_options 2>/dev/null || true

# The subcommands, from the command list of `policydiff --help`.
_policydiff_list_commands() {
    if [[ -z $_policydiff_commands ]]; then
        _policydiff_commands=$("$1" --help 2>/dev/null |
            awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
        [[ -n $_policydiff_commands ]] || _policydiff_commands="normalize init add list remove
import-ota record log show diff check fetch backfill"
    fi
    # shellcheck disable=SC2086 # split on purpose: one command a line
    printf '%s\n' $_policydiff_commands
}

# The long options of one subcommand, from its --help.
_policydiff_list_options() {
    local bin=$1 cmd=$2
    if [[ -z ${_policydiff_options[$cmd]:-} ]]; then
        _policydiff_options[$cmd]="$("$bin" "$cmd" --help 2>/dev/null |
            grep -oE -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ') --help"
    fi
    # shellcheck disable=SC2086 # split on purpose: one option a line
    printf '%s\n' ${_policydiff_options[$cmd]}
}

# Policy names of the store (-C DIR honoured).
_policydiff_names() {
    local bin=$1 dir=$2
    if [[ -n $dir ]]; then
        "$bin" -C "$dir" list 2>/dev/null | cut -f1
    else
        "$bin" list 2>/dev/null | cut -f1
    fi
}

_policydiff() {
    local cur prev bin=${COMP_WORDS[0]} dir="" cmd="" i npos=0
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # global options, then the subcommand
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -C)
            dir=${COMP_WORDS[i + 1]}
            dir=${dir/#\~/$HOME}
            ((i++))
            ;;
        -*) ;;
        *)
            cmd=${COMP_WORDS[i]}
            break
            ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $prev == -C ]]; then
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        elif [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "-C --help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_policydiff_list_commands "$bin")" -- "$cur")
        fi
        return 0
    fi

    # values of options
    case $prev in
    --format)
        case $cmd in
        check) mapfile -t COMPREPLY < <(compgen -W "text markdown json github" -- "$cur") ;;
        diff) mapfile -t COMPREPLY < <(compgen -W "text json markdown html" -- "$cur") ;;
        *) mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur") ;;
        esac
        return 0
        ;;
    --fail-on | --severity) mapfile -t COMPREPLY < <(compgen -W "none low medium high" -- "$cur") && return 0 ;;
    --category)
        mapfile -t COMPREPLY < <(compgen -W "collection use sharing sale retention security user-rights tracking children international policy-change contact ai other disputes content-license liability termination payment" -- "$cur")
        return 0
        ;;
    --color | --colour) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur") && return 0 ;;
    --every) mapfile -t COMPREPLY < <(compgen -W "day week month" -- "$cur") && return 0 ;;
    --via) mapfile -t COMPREPLY < <(compgen -W "live wayback file" -- "$cur") && return 0 ;;
    --as) mapfile -t COMPREPLY < <(compgen -W "html markdown" -- "$cur") && return 0 ;;
    --from | --to | --at | --since | --until | --date)
        mapfile -t COMPREPLY < <(compgen -W "now $(date +%Y-%m-%d)" -- "$cur")
        return 0
        ;;
    --report | --recipe)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    --notify-command)
        mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        return 0
        ;;
    --select | --remove | --url | --webhook | --wayback | --wayback-url | --source | \
        --summary | --wayback-ts | --name | --jobs | --retries | --timeout | --max-size | \
        --host-delay | --rate | --shard | --base-url)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_policydiff_list_options "$bin" "$cmd")" -- "$cur")
        return 0
    fi

    # positional arguments: count those before the cursor
    for ((i = i + 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --select | --remove | --recipe | --url | --as | --format | --fail-on | --color | \
            --colour | --from | --to | --at | --since | --until | --date | --report | \
            --notify-command | --webhook | --wayback | --wayback-url | --source | --via | \
            --summary | --wayback-ts | --name | --every | --jobs | --retries | --timeout | \
            --max-size | --host-delay | --rate | --shard | --severity | --category | --base-url)
            ((i++))
            ;;
        -*) ;;
        *) ((npos++)) ;;
        esac
    done
    case $cmd in
    check | fetch)
        mapfile -t COMPREPLY < <(compgen -W "$(_policydiff_names "$bin" "$dir")" -- "$cur")
        ;;
    remove | show | log | backfill | feed)
        ((npos == 0)) && mapfile -t COMPREPLY < <(compgen -W "$(_policydiff_names "$bin" "$dir")" -- "$cur")
        ;;
    record)
        if ((npos == 0)); then
            mapfile -t COMPREPLY < <(compgen -W "$(_policydiff_names "$bin" "$dir")" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        ;;
    diff)
        # files, or a policy name (diff NAME --from WHEN --to WHEN)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur"; compgen -W "$(_policydiff_names "$bin" "$dir")" -- "$cur")
        ;;
    normalize | import-ota)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        ;;
    init)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        ;;
    esac
    return 0
}

complete -o filenames -o bashdefault -F _policydiff policydiff

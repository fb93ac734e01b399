# bash completion for blsreport (installed as
# share/bash-completion/completions/blsreport). The option list is checked
# against --help by tests/e2e_docs.sh.
_blsreport()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        --fail-on) COMPREPLY=($(compgen -W "never mismatch stale" -- "$cur")); return ;;
        --paper) COMPREPLY=($(compgen -W "a4 letter" -- "$cur")); return ;;
        --diagnostics) COMPREPLY=($(compgen -W "text github" -- "$cur")); return ;;
        --json-findings) COMPREPLY=($(compgen -W "all errors none" -- "$cur")); return ;;
        -o|--output-dir|--charts-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --json|--sarif|--baseline|--extract-claims) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -j|--jobs) COMPREPLY=($(compgen -W "1 2" -- "$cur")); return ;;
        --select|--wage-period|--author|--company|--max-diagnostics) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-o --output-dir --json --json-findings --no-xlsx --no-pdf
            --per-document --extract-claims --fail-on --select --paper -j --jobs
            --charts-dir --wage-period --author --company --diagnostics --max-diagnostics
            --sarif --baseline --list-rules --progress -q --quiet -v --verbose -h --help
            -V --version" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _blsreport blsreport

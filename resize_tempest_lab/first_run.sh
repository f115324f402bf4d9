#!/usr/bin/env bash
# The README's first command as a newcomer runs it, by phase: a clean clone,
# empty installer and schema caches, `pip install tox` into a new virtualenv,
# then `tox -e cloud`, timed to the first test result.
#
#   resize-tempest-lab first-run [--cached] [--regex REGEX]
#
# --cached keeps this machine's uv cache and schema cache (a second run).
# MariaDB and RabbitMQ must already be installed (their apt-get is not
# timed).  Prints one line per phase, in seconds from the start.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
regex='resize_tempest_plugin\.tests\.scenario\.test_resize_faults\.ResizeFailureTest\.test_scheduling_failure'
cached=0
while [ $# -gt 0 ]; do
    case $1 in
        --cached) cached=1 ;;
        --regex) regex=$2; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$cached" = 0 ]; then
    export UV_CACHE_DIR=$work/uv-cache XDG_CACHE_HOME=$work/cache
    export PIP_NO_CACHE_DIR=1
fi
git clone -q "$top" "$work/clone"
cd "$work/clone"

start=$(date +%s.%N)
stamp() { python3 -c "print('%6.1f  %s' % ($(date +%s.%N) - $start, '$1'))"; }

python3 -m venv "$work/tox-venv"
"$work/tox-venv/bin/pip" install -q 'tox>=4'
stamp 'pip install tox'
# tox prints "cloud: commands[0]>" once the environment is built; the
# cloud prints "cloud ready"; tempest prints a line per test.
"$work/tox-venv/bin/tox" -e cloud -- run --no-audit --regex "$regex" 2>&1 |
    while IFS= read -r line; do
        case $line in
            *'cloud: commands[0]>'*) stamp 'tox environment built' ;;
            'cloud ready'*) stamp "cloud up (${line#cloud ready in })" ;;
            *' ... ok'*|*' ... FAILED'*|*' ... SKIPPED'*)
                stamp 'first test result'; break ;;
        esac
    done || true
"$work/tox-venv/bin/tox" -qq -e cloud -- down >/dev/null 2>&1 || true

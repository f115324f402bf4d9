#!/usr/bin/env bash
# Benchmark the embedded cloud (resize-tempest-cloud) on this machine:
# cold install, `up` with schema migration, `up` from the schema cache,
# `down`, and the peak memory of the cloud's processes during both `up`s
# and a short idle.
#
#   resize-tempest-lab cloud-bench [--skip-install] [--venv DIR]
#       [--state-dir DIR] [--computes N] [--base-port PORT] [--idle SEC]
#
# Without --skip-install the virtualenv (default
# ~/.cache/resize-tempest-plugin/benchmark-venv) is recreated
# and the Debian packages are installed if missing (root only). Prints a
# table and writes benchmark.json into the state dir.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
venv=${XDG_CACHE_HOME:-$HOME/.cache}/resize-tempest-plugin/benchmark-venv
state=${RESIZE_CLOUD_DIR:-$top/.resize-cloud}
skip_install=0
idle=20
up_args=()

while [ $# -gt 0 ]; do
    case $1 in
        --skip-install) skip_install=1 ;;
        --venv) venv=$2; shift ;;
        --state-dir) state=$2; shift ;;
        --computes|--base-port) up_args+=("$1" "$2"); shift ;;
        --idle) idle=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

now() { date +%s.%N; }
since() { python3 -c "print(round($(now) - $1, 1))"; }

install_s=None
apt_s=None
if [ "$skip_install" = 0 ]; then
    if ! PATH=$PATH:/usr/sbin command -v mariadbd >/dev/null ||
            [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "run: sudo apt-get install -y mariadb-server rabbitmq-server" >&2
            exit 1
        fi
        t0=$(now)
        DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server \
            rabbitmq-server >/dev/null || {
            apt-get update >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y \
                mariadb-server rabbitmq-server >/dev/null; }
        apt_s=$(since "$t0")
    fi
    t0=$(now)
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$top/requirements.txt" \
        -r "$top/cloud-requirements.txt" -e "$top"
    install_s=$(since "$t0")
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "no virtualenv at $venv (drop --skip-install or pass --venv)" >&2
    exit 1
fi

cloud() { "$venv/bin/python" -m resize_tempest_cloud.cli \
              --state-dir "$state" "$@"; }
mkdir -p "$state"
cloud down >/dev/null

# An empty schema cache of our own: the first up migrates, the second
# restores the dump the first one wrote.
schema_cache=$(mktemp -d)
stop_file=$schema_cache/stop
memory_json=$schema_cache/memory.json
"$venv/bin/python" -m resize_tempest_cloud.memory \
    --state-dir "$state" --stop-file "$stop_file" >"$memory_json" &
sampler=$!
cleanup() {
    touch "$stop_file"
    wait "$sampler" 2>/dev/null || true
    rm -rf "$schema_cache"
}
trap cleanup EXIT

t0=$(now)
XDG_CACHE_HOME=$schema_cache cloud up "${up_args[@]}" >/dev/null
up_migrate_s=$(since "$t0")
t0=$(now)
cloud down >/dev/null
down_first_s=$(since "$t0")

t0=$(now)
XDG_CACHE_HOME=$schema_cache cloud up "${up_args[@]}" >/dev/null
up_cached_s=$(since "$t0")
sleep "$idle"    # an idle window for the memory sampler, not a wait
touch "$stop_file"
wait "$sampler"
t0=$(now)
cloud down >/dev/null
down_s=$(since "$t0")
leftover=$("$venv/bin/python" -c "
from resize_tempest_cloud import layout, procs
print(len(procs.tagged(layout.Layout('$state').cloud_id)))")

python3 - "$state/benchmark.json" "$memory_json" <<PY
import json, os, sys
memory = json.load(open(sys.argv[2]))
result = {
    'cpus': os.cpu_count(),
    'mem_total_gb': round(os.sysconf('SC_PAGE_SIZE') *
                          os.sysconf('SC_PHYS_PAGES') / 2 ** 30, 1),
    'up_args': '${up_args[*]:-}',
    'apt_install_s': $apt_s,
    'venv_install_s': $install_s,
    'up_with_migration_s': $up_migrate_s,
    'down_after_first_up_s': $down_first_s,
    'up_cached_schema_s': $up_cached_s,
    'down_s': $down_s,
    'idle_window_s': $idle,
    'peak_rss_mb': memory['rss_mb'],
    'peak_pss_mb': memory['pss_mb'],
    'processes_at_peak': memory['processes'],
    'processes_left_after_down': $leftover,
}
json.dump(result, open(sys.argv[1], 'w'), indent=2)
for key, value in result.items():
    print('%-28s %s' % (key, '-' if value is None else value))
print('%-28s %s' % ('json', sys.argv[1]))
PY
[ "$leftover" = 0 ]

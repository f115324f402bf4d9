#!/usr/bin/env bash
# The Placement fault proxy's cost on the scenarios: on a running embedded
# cloud, run the same scenarios with Nova's services reaching Placement
# through the proxy and directly, alternately, and print the min, median
# and max wall time of each route.
#
#   resize-tempest-lab proxy-cost [--runs N] [--state-dir DIR]
#       [--regex REGEX]
#
# The Placement fault scenarios need the proxy, so the default regex
# leaves them out.  Each route change rewrites [placement]
# endpoint_override of the conductor, the scheduler and every compute and
# restarts them; the proxy route is restored on exit.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
state=${RESIZE_CLOUD_DIR:-$top/.resize-cloud}
runs=3
regex='resize_tempest_plugin\.tests\.scenario\.(?!test_placement_faults)'

while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift ;;
        --state-dir) state=$2; shift ;;
        --regex) regex=$2; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

cloud() { resize-tempest-cloud --state-dir "$state" "$@"; }
cloud status >/dev/null || {
    echo "no running cloud in $state: run resize-tempest-cloud up" >&2
    exit 1; }
confs=("$state"/etc/nova/compute*.conf "$state/etc/nova/conductor.conf"
       "$state/etc/nova/scheduler.conf")
saved=$state/proxy-cost
mkdir -p "$saved"
cp "${confs[@]}" "$saved/"
placement=$(python3 -c "import json, sys
from resize_tempest_cloud import layout
base = json.load(open(sys.argv[1]))['base_port']
print(layout.ports_for(base)['placement'])" "$state/cloud.json")
services=(nova-conductor nova-scheduler)
for conf in "$state"/etc/nova/compute*.conf; do
    services+=("$(basename "$conf" .conf)")
done

route() {
    for conf in "${confs[@]}"; do
        cp "$saved/$(basename "$conf")" "$conf"
        if [ "$1" = direct ]; then
            sed -i "s#^endpoint_override = .*#endpoint_override = http://127.0.0.1:$placement#" "$conf"
        fi
    done
    cloud restart "${services[@]}" >/dev/null
}
trap 'route proxy' EXIT

declare -A times
for run in $(seq "$runs"); do
    for how in proxy direct; do
        route "$how"
        t0=$(date +%s.%N)
        code=0
        cloud run --keep --no-audit --regex "$regex" \
            >"$saved/run-$run-$how.log" 2>&1 || code=$?
        took=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
        if [ "$code" != 0 ]; then
            echo "run $run ($how) failed: $saved/run-$run-$how.log" >&2
            exit 1
        fi
        times[$how]="${times[$how]:-} $took"
        echo "run $run, $how: $took s"
    done
done
for how in proxy direct; do
    python3 -c "import statistics, sys
values = sorted(map(float, sys.argv[2:]))
print('%-6s min %.1f  median %.1f  max %.1f s (%d runs)' % (
    sys.argv[1], values[0], statistics.median(values), values[-1],
    len(values)))" "$how" ${times[$how]}
done

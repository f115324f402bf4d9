#!/bin/bash
#
# Shell unit test of devstack/plugin.sh and devstack/settings.
#
# Runs the plugin the way devstack does (settings sourced, then
# "plugin.sh <mode> <phase>" sourced, with errexit on) but with devstack's
# functions (iniset, iniget, pip_install, async_wait, safe_chown,
# set_tempest_venv_constraints, is_service_enabled, trueorfalse, warn, die,
# sudo, ...) replaced by recorders that append their
# arguments to a log, and asserts on the recorded calls.  Nova is a stub
# package in a temporary directory, so the shim module the plugin writes
# into nova/virt is real and, when python can import oslo.config and
# oslo.log, is imported the way Nova loads a compute driver.
#
# Usage: bash devstack/tests/test_plugin_sh_unit.sh
# The last line of the output is "N passed, N failed"; the exit status is
# non-zero when any assertion failed.

set -o nounset

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEVSTACK_DIR=$(dirname "$TESTS_DIR")
REPO_DIR=$(dirname "$DEVSTACK_DIR")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

CALLS=$WORK/calls.log
OUTPUT=$WORK/output.log
NOVA_LIB=$WORK/nova-lib
TEMPEST_VENV=$WORK/tempest/.tox/tempest
SHIM=$NOVA_LIB/nova/virt/resize_fault.py
PASSED=0
FAILED=0
PHASE_RC=0

# The catalogue's stages, read independently of plugin.sh.
ALL_STAGES=$(cd "$REPO_DIR" && python3 -c \
    'from resize_tempest_plugin import faults; print(",".join(faults.STAGE_NAMES))')


# Recorders standing in for devstack's functions
# ----------------------------------------------

function iniset {
    echo "iniset $*" >> "$CALLS"
}

# Only nova.conf's allow_resize_to_same_host and weight_classes are ever
# read; their values come from FAKE_ALLOW_RESIZE_TO_SAME_HOST and
# FAKE_WEIGHT_CLASSES.
function iniget {
    echo "iniget $*" >> "$CALLS"
    if [[ "$1" == "$NOVA_CONF" && "$2" == "DEFAULT" &&
            "$3" == "allow_resize_to_same_host" ]]; then
        echo "${FAKE_ALLOW_RESIZE_TO_SAME_HOST:-}"
    elif [[ "$1" == "$NOVA_CONF" && "$2" == "filter_scheduler" &&
            "$3" == "weight_classes" ]]; then
        echo "${FAKE_WEIGHT_CLASSES:-}"
    fi
}

function pip_install {
    echo "pip_install venv=${PIP_VIRTUAL_ENV:-} $*" >> "$CALLS"
}

function setup_develop {
    echo "setup_develop $*" >> "$CALLS"
}

function async_wait {
    echo "async_wait $*" >> "$CALLS"
}

function safe_chown {
    echo "safe_chown $*" >> "$CALLS"
}

# devstack writes the constraints tempest's venv was built with (master's
# upper-constraints by default) into the file it is given.
function set_tempest_venv_constraints {
    echo "set_tempest_venv_constraints $*" >> "$CALLS"
    echo "# tempest venv constraints" > "$1"
}

# As devstack's: "nova" stands for any n-* service.
function is_service_enabled {
    local service
    for service in "$@"; do
        if [[ ",$ENABLED_SERVICES," == *",$service,"* ]] ||
                [[ "$service" == "nova" && ",$ENABLED_SERVICES," == *",n-"* ]]; then
            return 0
        fi
    done
    return 1
}

# Same answers as devstack's trueorfalse.
function trueorfalse {
    local default=$1
    local value=${!2:-}
    case "$value" in
        1 | [yY]es | YES | [tT]rue | TRUE) echo True ;;
        0 | [nN]o | NO | [fF]alse | FALSE) echo False ;;
        *) echo "$default" ;;
    esac
}

function echo_summary {
    :
}

function warn {
    echo "warn $*" >> "$CALLS"
}

function enable_service {
    echo "enable_service $*" >> "$CALLS"
    ENABLED_SERVICES+=",$1"
}

function run_process {
    echo "run_process $*" >> "$CALLS"
}

function stop_process {
    echo "stop_process $*" >> "$CALLS"
}

# As lib/nova's: the configuration file of the conductor of cell N.
function conductor_conf {
    echo "$WORK/etc/nova/nova_cell$1.conf"
}

# devstack's die exits stack.sh; the plugin returns 1 right after it.
function die {
    echo "die $*" >> "$CALLS"
    return 1
}

# Root only to make a fake compute's state directory, owned by the stack
# user; anything else fails.
function sudo {
    echo "sudo $*" >> "$CALLS"
    [[ "$*" == "install -d -o $STACK_USER "* ]]
}


# Harness
# -------

# make_fake_nova - a stub nova package: the fault driver needs
# nova.exception and nova.virt.fake.FakeDriverWithoutFakeNodes.
function make_fake_nova {
    rm -rf "$NOVA_LIB"
    mkdir -p "$NOVA_LIB/nova/virt"
    : > "$NOVA_LIB/nova/__init__.py"
    : > "$NOVA_LIB/nova/virt/__init__.py"
    cat > "$NOVA_LIB/nova/exception.py" <<'EOF'
class NovaException(Exception):
    def __init__(self, message=None, **kwargs):
        super().__init__(message or repr(kwargs))


class ResizeError(NovaException):
    pass


class VirtualInterfaceCreateException(NovaException):
    pass


class MigrationPreCheckError(NovaException):
    pass
EOF
    : > "$NOVA_LIB/nova/objects.py"
    cat > "$NOVA_LIB/nova/virt/fake.py" <<'EOF'
class FakeDriverWithoutFakeNodes(object):
    def __init__(self, virtapi, read_only=False):
        self.virtapi = virtapi
EOF
}

# devstack_environment [NAME=VALUE ...] - the variables devstack defines
# before it sources a plugin, as on a single node with libvirt and tempest,
# then the NAME=VALUE changes.
function devstack_environment {
    DEST=$WORK/opt
    TEMPEST_DIR=$WORK/tempest
    TEMPEST_CONFIG=$WORK/tempest.conf
    TEMPEST_PLUGINS=""
    NOVA_CONF=$WORK/etc/nova/nova.conf
    # shellcheck disable=SC2034  # devstack defines it; the plugin must not write it
    NOVA_CPU_CONF=$WORK/etc/nova/nova-cpu.conf
    NOVA_STATE_PATH=$WORK/opt/data/nova
    HOSTNAME=node
    STACK_USER=stack
    NOVA_BIN_DIR=$WORK/no-such-bin
    VIRT_DRIVER=libvirt
    ENABLED_SERVICES=key,n-api,n-cond,n-sch,n-cpu,placement-api,g-api,tempest
    RESIZE_TEMPEST_PLUGIN_DIR=$REPO_DIR
    RESIZE_FAULT_NOVA_PYTHON=python3
    export PYTHONPATH=$NOVA_LIB
    local assignment
    for assignment in "$@"; do
        declare -g "$assignment"
    done
}

# run_plugin MODE PHASE [NAME=VALUE ...] - source settings and then
# plugin.sh MODE PHASE, as devstack does, in a subshell with errexit, on a
# devstack-like environment changed by the NAME=VALUE arguments.  Calls go
# to $CALLS, output to $OUTPUT, the status to $PHASE_RC.
function run_plugin {
    local mode=$1 phase=$2
    shift 2
    : > "$CALLS"
    (
        set -o errexit
        devstack_environment "$@"
        # shellcheck source=devstack/settings
        source "$DEVSTACK_DIR/settings"
        # shellcheck source=devstack/plugin.sh
        source "$DEVSTACK_DIR/plugin.sh" "$mode" "$phase"
    ) > "$OUTPUT" 2>&1
    PHASE_RC=$?
}

# check DESCRIPTION COMMAND... - one assertion.
function check {
    local description=$1
    shift
    if "$@"; then
        PASSED=$((PASSED + 1))
        echo "ok      $description"
    else
        FAILED=$((FAILED + 1))
        echo "FAILED  $description"
        echo "        calls:"
        sed 's/^/          /' "$CALLS"
        if [[ -s "$OUTPUT" ]]; then
            echo "        output:"
            sed 's/^/          /' "$OUTPUT"
        fi
    fi
}

function called {
    grep -qxF -- "$1" "$CALLS"
}

function not_called {
    ! grep -qF -- "$1" "$CALLS"
}

function succeeded {
    [[ "$PHASE_RC" -eq 0 ]]
}

function failed {
    [[ "$PHASE_RC" -ne 0 ]]
}

function no_calls {
    [[ ! -s "$CALLS" ]]
}

# called_before FIRST THEN - FIRST is recorded, and before any line
# starting with THEN.
function called_before {
    local first later
    first=$(grep -nxF -- "$1" "$CALLS" | head -n 1 | cut -d: -f1)
    later=$(grep -nF -- "$2" "$CALLS" | head -n 1 | cut -d: -f1)
    [[ -n "$first" && ( -z "$later" || "$first" -lt "$later" ) ]]
}

# make_tempest_venv - a tempest virtualenv whose pip records its arguments.
function make_tempest_venv {
    mkdir -p "$TEMPEST_VENV/bin"
    printf '#!/bin/bash\necho "tempest-venv-pip $*" >> "%s"\n' "$CALLS" \
        > "$TEMPEST_VENV/bin/pip"
    chmod +x "$TEMPEST_VENV/bin/pip"
}

# installed_in_tempest_venv - pip of tempest's venv installed the plugin
# with the constraints devstack built that venv with.
function installed_in_tempest_venv {
    grep -q "^set_tempest_venv_constraints " "$CALLS" &&
        grep -qE "^tempest-venv-pip install -c [^ ]+ $REPO_DIR\$" "$CALLS"
}

function recorded_compute_driver {
    sed -n "s|^iniset $WORK/etc/nova/nova.conf DEFAULT compute_driver ||p" \
        "$CALLS"
}

# nova_loads_driver NAME - import nova.virt.<module> and get the class the
# way nova.virt.driver.load_compute_driver does for compute_driver = NAME.
function nova_loads_driver {
    local name=$1
    PYTHONPATH="$NOVA_LIB:$REPO_DIR" python3 - "$name" > "$OUTPUT" 2>&1 <<'EOF'
import importlib
import sys

from nova.virt import fake

module_name, _, class_name = sys.argv[1].rpartition('.')
driver = getattr(importlib.import_module('nova.virt.' + module_name),
                 class_name)
assert issubclass(driver, fake.FakeDriverWithoutFakeNodes), driver
EOF
}


# Tests
# -----

echo "== sourcing plugin.sh without a mode runs nothing"
: > "$CALLS"
(
    # shellcheck source=devstack/plugin.sh
    source "$DEVSTACK_DIR/plugin.sh"
) > "$OUTPUT" 2>&1
PHASE_RC=$?
check "sourcing succeeds" succeeded
check "no devstack function called" no_calls

echo "== VIRT_DRIVER=fake: the fault driver is deployed"
make_fake_nova
run_plugin stack install VIRT_DRIVER=fake
check "install succeeds" succeeded
check "plugin installed into Nova's environment without its requirements" \
    called "pip_install venv= --no-deps -e $REPO_DIR"
check "not with setup_develop (it pulls tempest in, unconstrained)" \
    not_called "setup_develop"
check "egg-info given back to the stack user" \
    grep -q "^safe_chown -R stack $REPO_DIR/" "$CALLS"
check "nothing installed into tempest's venv at install" \
    not_called "tempest-venv-pip"
check "shim module written into nova/virt" test -f "$SHIM"
check "shim imports the fault driver" grep -qxF \
    "from resize_tempest_nova.fault_driver import *  # noqa" "$SHIM"
check "no sudo needed for a writable nova/virt" not_called "sudo"

run_plugin stack post-config VIRT_DRIVER=fake
check "post-config succeeds" succeeded
check "waits for devstack's background nova.conf writes before its own" \
    called_before "async_wait configure_neutron_nova" \
    "iniset $WORK/etc/nova/nova.conf"
check "compute_driver set in nova.conf" called \
    "iniset $WORK/etc/nova/nova.conf DEFAULT compute_driver resize_fault.FaultInjectingDriver"
check "driver namespace set in nova.conf" called \
    "iniset $WORK/etc/nova/nova.conf resize_fault extra_spec_namespace resize_fault"
check "absent nova-cpu.conf is not created" not_called "nova-cpu.conf"
check "no warning with the fake driver" not_called "warn"
if python3 -c 'import oslo_config, oslo_log, oslo_serialization' \
        2> /dev/null; then
    check "nova loads compute_driver through the shim" \
        nova_loads_driver "$(recorded_compute_driver)"
else
    echo "skip    nova loads compute_driver through the shim" \
        "(python3 lacks oslo.config, oslo.log or oslo.serialization)"
fi

check "the computes' resource task runs every 10 s" called \
    "iniset $WORK/etc/nova/nova.conf DEFAULT update_resources_interval 10"
check "nova.conf gets the first NUMA cells" called \
    "iniset $WORK/etc/nova/nova.conf resize_fault numa_cells 2"
check "first-choice weigher after Nova's weighers" called \
    "iniset $WORK/etc/nova/nova.conf filter_scheduler weight_classes nova.scheduler.weights.all_weighers,resize_tempest_nova.first_choice.FirstChoiceWeigher"
check "no fake compute files without NOVA_FAKE_CONF" not_called "nova-fake"

run_plugin stack post-config VIRT_DRIVER=fake \
    "NOVA_FAKE_CONF=$WORK/etc/nova/nova-fake.conf" NUMBER_FAKE_NOVA_COMPUTE=3
check "fake compute 1 reports two NUMA cells" called \
    "iniset $WORK/etc/nova/nova-fake.conf-1 resize_fault numa_cells 2"
check "fake compute 2 reports one NUMA cell" called \
    "iniset $WORK/etc/nova/nova-fake.conf-2 resize_fault numa_cells 1"
check "fake compute 3 repeats the last word" called \
    "iniset $WORK/etc/nova/nova-fake.conf-3 resize_fault numa_cells 1"
for index in 1 2 3; do
    check "fake compute $index has its own state_path (compute_id)" called \
        "iniset $WORK/etc/nova/nova-fake.conf-$index DEFAULT state_path $WORK/opt/data/nova/node$index"
    check "fake compute $index state_path made for the stack user" called \
        "sudo install -d -o stack $WORK/opt/data/nova/node$index"
done

run_plugin stack post-config VIRT_DRIVER=fake \
    "NOVA_FAKE_CONF=$WORK/etc/nova/nova-fake.conf" NUMBER_FAKE_NOVA_COMPUTE=2 \
    "RESIZE_FAULT_NUMA_CELLS=3 2 1"
check "RESIZE_FAULT_NUMA_CELLS word 1" called \
    "iniset $WORK/etc/nova/nova-fake.conf-1 resize_fault numa_cells 3"
check "RESIZE_FAULT_NUMA_CELLS word 2" called \
    "iniset $WORK/etc/nova/nova-fake.conf-2 resize_fault numa_cells 2"

run_plugin stack post-config VIRT_DRIVER=fake "RESIZE_FAULT_NUMA_CELLS=2 x"
check "bad RESIZE_FAULT_NUMA_CELLS fails the phase" failed
check "bad RESIZE_FAULT_NUMA_CELLS dies naming the variable" \
    grep -q "^die .*RESIZE_FAULT_NUMA_CELLS='2 x' must be whole numbers" \
    "$CALLS"
check "bad RESIZE_FAULT_NUMA_CELLS: numa_cells not written" \
    not_called "numa_cells"
run_plugin stack post-config VIRT_DRIVER=fake "RESIZE_FAULT_NUMA_CELLS= "
check "blank RESIZE_FAULT_NUMA_CELLS fails the phase" failed
run_plugin stack post-config VIRT_DRIVER=fake RESIZE_FAULT_NUMA_CELLS=9
check "RESIZE_FAULT_NUMA_CELLS above 8 fails the phase" failed

run_plugin stack post-config VIRT_DRIVER=fake FAKE_WEIGHT_CLASSES=my.Weigher
check "existing weighers kept, ours appended" called \
    "iniset $WORK/etc/nova/nova.conf filter_scheduler weight_classes my.Weigher,resize_tempest_nova.first_choice.FirstChoiceWeigher"
run_plugin stack post-config VIRT_DRIVER=fake \
    FAKE_WEIGHT_CLASSES=nova.scheduler.weights.all_weighers,resize_tempest_nova.first_choice.FirstChoiceWeigher
check "weigher not added twice" not_called \
    "iniset $WORK/etc/nova/nova.conf filter_scheduler"

mkdir -p "$WORK/etc/nova"
: > "$WORK/etc/nova/nova-cpu.conf"
run_plugin stack post-config VIRT_DRIVER=fake
check "existing nova-cpu.conf not written (devstack rebuilds it from nova.conf)" \
    not_called "nova-cpu.conf"
rm -f "$WORK/etc/nova/nova-cpu.conf"

make_tempest_venv
run_plugin stack test-config VIRT_DRIVER=fake
check "test-config succeeds" succeeded
check "first-choice weigher announced to tempest" called \
    "iniset $WORK/tempest.conf resize_fault first_choice_weigher True"
check "plugin installed into tempest's venv with its constraints" \
    installed_in_tempest_venv
check "not with this branch's constraints (pip_install)" \
    not_called "pip_install"
check "catalogue read: portable and driver stages" \
    grep -qE '^scheduling,(.+,)?finish_resize(,|$)' <<< "$ALL_STAGES"
check "available_stages lists every stage" called \
    "iniset $WORK/tempest.conf resize_fault available_stages $ALL_STAGES"
check "enabled written" called \
    "iniset $WORK/tempest.conf resize_fault enabled True"
check "extra_spec_namespace written" called \
    "iniset $WORK/tempest.conf resize_fault extra_spec_namespace resize_fault"
check "reports written where the job collects them" called \
    "iniset $WORK/tempest.conf resize_fault report_dir $WORK/tempest/resize_fault_reports"
check "nova untouched at test-config" not_called "compute_driver"
check "crashed fake computes restarted by their devstack unit" called \
    "iniset $WORK/tempest.conf resize_fault compute_restart_command $REPO_DIR/devstack/fake-compute.sh restart node {host}"
check "fake computes stopped by their devstack unit" called \
    "iniset $WORK/tempest.conf resize_fault compute_stop_command $REPO_DIR/devstack/fake-compute.sh stop node {host}"
check "fake computes killed by their devstack unit" called \
    "iniset $WORK/tempest.conf resize_fault compute_kill_command $REPO_DIR/devstack/fake-compute.sh kill node {host}"
check "controller services killed by their devstack units" called \
    "iniset $WORK/tempest.conf resize_fault service_kill_command $REPO_DIR/devstack/nova-service.sh kill {service}"
check "controller services restarted by their devstack units" called \
    "iniset $WORK/tempest.conf resize_fault service_restart_command $REPO_DIR/devstack/nova-service.sh restart {service}"
check "casts dropped in the computes' vhost" called \
    "iniset $WORK/tempest.conf resize_fault drop_casts_command $REPO_DIR/devstack/drop-compute-casts.sh $WORK/etc/nova/nova-cpu.conf {host}"
check "the resource task awaited one second past its interval" called \
    "iniset $WORK/tempest.conf resize_fault resource_task_wait 11"

run_plugin clean ""
check "clean succeeds" succeeded
check "clean removes the shim" test ! -e "$SHIM"

echo "== VIRT_DRIVER=libvirt: portable stage only"
make_fake_nova
run_plugin stack install VIRT_DRIVER=libvirt
check "install succeeds" succeeded
check "nothing installed into Nova's environment" not_called "pip_install"
check "no shim module" test ! -e "$SHIM"

run_plugin stack post-config VIRT_DRIVER=libvirt
check "post-config succeeds" succeeded
check "compute_driver left alone" not_called "compute_driver"
check "nova.conf untouched" not_called "nova.conf"
check "no wait when nothing is written" not_called "async_wait"

run_plugin stack test-config VIRT_DRIVER=libvirt
check "test-config succeeds" succeeded
check "no first-choice weigher without the fault driver" called \
    "iniset $WORK/tempest.conf resize_fault first_choice_weigher False"
check "available_stages is scheduling only" called \
    "iniset $WORK/tempest.conf resize_fault available_stages scheduling"
check "plugin still installed into tempest's venv" installed_in_tempest_venv
check "no restart command without fake computes" \
    not_called "compute_restart_command"

echo "== RESIZE_FAULT_DRIVER=True with libvirt: deployed, with a warning"
run_plugin stack post-config VIRT_DRIVER=libvirt RESIZE_FAULT_DRIVER=True
check "compute_driver set" called \
    "iniset $WORK/etc/nova/nova.conf DEFAULT compute_driver resize_fault.FaultInjectingDriver"
check "warns that libvirt is replaced" grep -q "^warn .*VIRT_DRIVER=libvirt" \
    "$CALLS"

echo "== RESIZE_FAULT_DRIVER=False with the fake driver: not deployed"
make_fake_nova
run_plugin stack install VIRT_DRIVER=fake RESIZE_FAULT_DRIVER=False
check "nothing installed into Nova's environment" not_called "pip_install"
check "no shim module" test ! -e "$SHIM"
run_plugin stack post-config VIRT_DRIVER=fake RESIZE_FAULT_DRIVER=False
check "compute_driver left alone" not_called "compute_driver"
run_plugin stack test-config VIRT_DRIVER=fake RESIZE_FAULT_DRIVER=False
check "available_stages is scheduling only" called \
    "iniset $WORK/tempest.conf resize_fault available_stages scheduling"

echo "== fake driver on a node without nova-compute (tempest node)"
make_fake_nova
run_plugin stack install VIRT_DRIVER=fake ENABLED_SERVICES=n-api,tempest
check "nothing installed into Nova's environment" not_called "pip_install"
check "no shim module" test ! -e "$SHIM"
run_plugin stack post-config VIRT_DRIVER=fake ENABLED_SERVICES=n-api,tempest
check "compute_driver left alone" not_called "compute_driver"
run_plugin stack test-config VIRT_DRIVER=fake ENABLED_SERVICES=n-api,tempest
check "no first-choice weigher without nova-scheduler here" called \
    "iniset $WORK/tempest.conf resize_fault first_choice_weigher False"
check "available_stages still lists every stage" called \
    "iniset $WORK/tempest.conf resize_fault available_stages $ALL_STAGES"

echo "== resize_to_same_host follows nova.conf"
run_plugin stack test-config FAKE_ALLOW_RESIZE_TO_SAME_HOST=True
check "nova True: True" called \
    "iniset $WORK/tempest.conf resize_fault resize_to_same_host True"
check "read from nova.conf" called \
    "iniget $WORK/etc/nova/nova.conf DEFAULT allow_resize_to_same_host"
run_plugin stack test-config FAKE_ALLOW_RESIZE_TO_SAME_HOST=false
check "nova false: False" called \
    "iniset $WORK/tempest.conf resize_fault resize_to_same_host False"
run_plugin stack test-config FAKE_ALLOW_RESIZE_TO_SAME_HOST=
check "nova unset: False" called \
    "iniset $WORK/tempest.conf resize_fault resize_to_same_host False"
run_plugin stack test-config FAKE_ALLOW_RESIZE_TO_SAME_HOST=True \
    RESIZE_FAULT_SAME_HOST=False
check "RESIZE_FAULT_SAME_HOST=False overrides nova" called \
    "iniset $WORK/tempest.conf resize_fault resize_to_same_host False"
check "nova.conf not read when overridden" not_called "iniget"

echo "== settings written as given"
run_plugin stack test-config VIRT_DRIVER=fake \
    RESIZE_FAULT_STAGES=scheduling,finish_resize RESIZE_FAULT_ENABLED=False \
    RESIZE_FAULT_NAMESPACE=gate_fault RESIZE_FAULT_SOURCE_HOST=compute1 \
    RESIZE_FAULT_DEST_HOST=compute2
check "available_stages from RESIZE_FAULT_STAGES" called \
    "iniset $WORK/tempest.conf resize_fault available_stages scheduling,finish_resize"
check "enabled False" called \
    "iniset $WORK/tempest.conf resize_fault enabled False"
check "namespace in tempest.conf" called \
    "iniset $WORK/tempest.conf resize_fault extra_spec_namespace gate_fault"
check "source_host written" called \
    "iniset $WORK/tempest.conf resize_fault source_host compute1"
check "dest_host written" called \
    "iniset $WORK/tempest.conf resize_fault dest_host compute2"
check "unset alternate_host left out" not_called "alternate_host"
run_plugin stack post-config VIRT_DRIVER=fake RESIZE_FAULT_NAMESPACE=gate_fault
check "namespace in nova.conf" called \
    "iniset $WORK/etc/nova/nova.conf resize_fault extra_spec_namespace gate_fault"
run_plugin stack test-config
check "source_host left out by default" not_called "source_host"
check "dest_host left out by default" not_called "dest_host"

echo "== tempest's own TEMPEST_PLUGINS, tempest disabled, no tempest venv"
run_plugin stack test-config "TEMPEST_PLUGINS=/opt/stack/other $REPO_DIR/"
check "no second install when TEMPEST_PLUGINS has the plugin" \
    not_called "tempest-venv-pip"
check "tempest.conf still written" called \
    "iniset $WORK/tempest.conf resize_fault available_stages scheduling"
run_plugin stack test-config ENABLED_SERVICES=n-cpu
check "tempest disabled: succeeds" succeeded
check "tempest disabled: nothing done" no_calls
rm -rf "$TEMPEST_VENV"
run_plugin stack test-config
check "missing tempest venv fails the phase" failed
check "missing tempest venv dies naming the variable" \
    grep -q "^die .*RESIZE_FAULT_TEMPEST_VENV" "$CALLS"
check "missing tempest venv: tempest.conf not written" not_called "iniset"

echo "== Nova's python cannot import nova"
make_fake_nova
rm -rf "$NOVA_LIB/nova"
run_plugin stack install VIRT_DRIVER=fake
check "install fails" failed
check "dies naming Nova's python" grep -q "^die .*nova.virt package of python3" \
    "$CALLS"

echo "== the Placement fault proxy"
PROXY_ENV=(VIRT_DRIVER=fake "NOVA_FAKE_CONF=$WORK/etc/nova/nova-fake.conf"
           NUMBER_FAKE_NOVA_COMPUTE=2 SERVICE_HOST=10.0.0.5
           RESIZE_FAULT_PLACEMENT_PROXY=True)
run_plugin stack post-config "${PROXY_ENV[@]}"
check "post-config with the proxy succeeds" succeeded
check "the proxy's service enabled by the settings" called \
    "enable_service resize-placement-proxy"
check "the proxy started from Nova's python, in front of Placement" called \
    "run_process resize-placement-proxy $(command -v python3) -m resize_tempest_proxy.server --listen 10.0.0.5:18778 --upstream http://10.0.0.5/placement"
check "nova.conf's services share one path named by both topics" called \
    "iniset $WORK/etc/nova/nova.conf placement endpoint_override http://10.0.0.5:18778/svc/conductor+scheduler"
check "the cell conductor has its own path" called \
    "iniset $WORK/etc/nova/nova_cell1.conf placement endpoint_override http://10.0.0.5:18778/svc/conductor"
check "each fake compute has the path of its host" called \
    "iniset $WORK/etc/nova/nova-fake.conf-2 placement endpoint_override http://10.0.0.5:18778/svc/compute.node2"
check "nova.conf written after devstack's background writes" called_before \
    "async_wait configure_neutron_nova" "iniset $WORK/etc/nova/nova.conf placement"
run_plugin stack post-config RESIZE_FAULT_PLACEMENT_PROXY=True SERVICE_HOST=10.0.0.5
check "the proxy without fake computes fails" failed
check "it dies naming VIRT_DRIVER=fake" grep -q "^die .*VIRT_DRIVER=fake" "$CALLS"
check "nothing started then" not_called "run_process"
run_plugin stack post-config "${PROXY_ENV[@]}" PLACEMENT_SERVICE_PROTOCOL=https
check "the proxy in front of https Placement fails" failed
check "it dies naming tls-proxy" grep -q "^die .*disable tls-proxy" "$CALLS"
run_plugin stack post-config VIRT_DRIVER=fake "NOVA_FAKE_CONF=$WORK/etc/nova/nova-fake.conf"
check "no proxy unless asked for" not_called "resize-placement-proxy"
make_tempest_venv
run_plugin stack test-config "${PROXY_ENV[@]}" "TEMPEST_PLUGINS=$REPO_DIR"
check "tempest told where the proxy's control API is" called \
    "iniset $WORK/tempest.conf resize_fault placement_proxy_url http://10.0.0.5:18778/control"
run_plugin unstack "" "${PROXY_ENV[@]}"
check "unstack stops the proxy" called "stop_process resize-placement-proxy"

echo "== fake-compute.sh: host name to devstack unit"
mkdir -p "$WORK/bin"
printf '#!/bin/sh\necho "sudo $*" >> "%s"\n' "$CALLS" > "$WORK/bin/sudo"
chmod +x "$WORK/bin/sudo"
function fake_compute {
    : > "$CALLS"
    PATH="$WORK/bin:$PATH" "$DEVSTACK_DIR/fake-compute.sh" "$@" \
        > "$OUTPUT" 2>&1
    PHASE_RC=$?
}
fake_compute restart node node12
check "fake compute 12 restarted by its unit" called \
    "sudo systemctl restart devstack@n-cpu-12.service"
fake_compute stop node node3
check "fake compute 3 stopped by its unit" called \
    "sudo systemctl stop devstack@n-cpu-3.service"
fake_compute kill node node2
check "fake compute 2 killed with SIGKILL by its unit" called \
    "sudo systemctl kill --signal=SIGKILL devstack@n-cpu-2.service"
fake_compute restart node other3
check "a host of another node is refused" failed
check "nothing restarted for another node" no_calls
fake_compute restart node node
check "the node itself is no fake compute" failed
fake_compute start node node1
check "an unknown action is refused" failed
check "nothing done for an unknown action" no_calls

echo "== nova-service.sh: controller service to devstack units"
function nova_service {
    : > "$CALLS"
    PATH="$WORK/bin:$PATH" "$DEVSTACK_DIR/nova-service.sh" "$@" \
        > "$OUTPUT" 2>&1
    PHASE_RC=$?
}
nova_service kill nova-conductor
check "every conductor unit killed with SIGKILL" called \
    "sudo systemctl kill --signal=SIGKILL devstack@n-*cond*.service"
nova_service restart nova-scheduler
check "the scheduler unit restarted" called \
    "sudo systemctl restart devstack@n-sch.service"
nova_service kill nova-api
check "a service that is not a controller's is refused" failed
check "nothing killed for it" no_calls

echo "== drop-compute-casts.sh: both queues of the host, in its vhost"
cat > "$WORK/bin/sudo" <<SUDO
#!/bin/bash
echo "sudo \$*" >> "$CALLS"
if [[ "\$*" == *list_queues* ]]; then
    printf 'compute.node1\t2\ncompute-alt.node1\t1\ncompute.node10\t7\n'
fi
SUDO
printf '[DEFAULT]\ntransport_url = rabbit://stackrabbit:pw@10.0.0.1:5672/nova_cell1\n' \
    > "$WORK/nova-cpu.conf"
: > "$CALLS"
DROPPED=$(PATH="$WORK/bin:$PATH" "$DEVSTACK_DIR/drop-compute-casts.sh" \
    "$WORK/nova-cpu.conf" node1 2> "$OUTPUT")
PHASE_RC=$?
check "drop-compute-casts succeeds" succeeded
check "prints how many it dropped" test "$DROPPED" = 3
check "purges compute.node1 in the computes' vhost" called \
    "sudo rabbitmqctl -q purge_queue -p nova_cell1 compute.node1"
check "purges compute-alt.node1" called \
    "sudo rabbitmqctl -q purge_queue -p nova_cell1 compute-alt.node1"
check "leaves another host's queue" not_called "compute.node10"

echo "$PASSED passed, $FAILED failed"
[[ "$FAILED" -eq 0 ]]

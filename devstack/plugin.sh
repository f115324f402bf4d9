#!/bin/bash
#
# resize-tempest-plugin: devstack plugin
#
# Enable it in local.conf with:
#
#   [[local|localrc]]
#   enable_plugin resize-tempest-plugin https://opendev.org/openstack/resize-tempest-plugin
#
# What each phase does (settings: devstack/settings):
#
#   stack install      when the fault driver is deployed on this node
#                      (RESIZE_FAULT_DRIVER, default True with VIRT_DRIVER=fake):
#                      install the plugin, without its requirements, into
#                      Nova's python environment and
#                      put the one-line shim nova/virt/resize_fault.py into
#                      Nova's virt package, since Nova imports compute drivers
#                      only as nova.virt.<name>.  With RESIZE_FAULT_DRIVER and
#                      nova-scheduler on this node, the plugin is installed
#                      for the first-choice weigher too.
#   stack post-config  after devstack's background Nova configuration is
#                      done: when the fault driver is deployed,
#                      compute_driver and [resize_fault] extra_spec_namespace
#                      and numa_cells in nova.conf (numa_cells and
#                      state_path per fake compute); with nova-scheduler,
#                      the first-choice weigher added to [filter_scheduler]
#                      weight_classes.
#                      With RESIZE_FAULT_PLACEMENT_PROXY: start the
#                      Placement fault proxy and point each Nova service's
#                      [placement] endpoint_override at its path of it.
#   stack test-config  when tempest is enabled: install the plugin into
#                      tempest's virtualenv (which exists only from this phase
#                      on; unless TEMPEST_PLUGINS does) and write the [resize_fault] options of
#                      $TEMPEST_CONFIG.
#   unstack            stop the Placement fault proxy.
#   clean              remove the shim module from Nova's virt package.
#
# Everything is in functions; the phase dispatch at the end only runs when
# devstack passes a mode, so the functions can be sourced on their own (see
# devstack/tests/test_plugin_sh_unit.sh).

# Save trace setting
_RESIZE_FAULT_XTRACE=$(set +o | grep xtrace)
set +o xtrace

# The compute driver as nova.conf names it, and the module that makes it
# importable under that name.
RESIZE_FAULT_COMPUTE_DRIVER=resize_fault.FaultInjectingDriver
RESIZE_FAULT_SHIM_NAME=resize_fault.py
RESIZE_FAULT_DRIVER_MODULE=resize_tempest_nova.fault_driver
# Nova's own weighers, and the one that lets a flavor name the host tried
# first (the reschedule scenario).
RESIZE_FAULT_NOVA_WEIGHERS=nova.scheduler.weights.all_weighers
RESIZE_FAULT_WEIGHER=resize_tempest_nova.first_choice.FirstChoiceWeigher


# Functions
# ---------

# resize_fault_driver_deployed - succeed when this node's nova-compute
# services run the fault driver.
function resize_fault_driver_deployed {
    [[ "$RESIZE_FAULT_DRIVER" == "True" ]] && is_service_enabled n-cpu
}

# resize_fault_scheduler_deployed - whether this node's nova-scheduler
# runs the first-choice weigher (with the fault driver setting on).
function resize_fault_scheduler_deployed {
    [[ "$RESIZE_FAULT_DRIVER" == "True" ]] && is_service_enabled n-sch
}

# resize_fault_numa_cells INDEX - print the host NUMA cells of compute
# INDEX (1-based) from RESIZE_FAULT_NUMA_CELLS; fail on a value that is
# not a whole number from 0 to 8 (the fault driver's range).
function resize_fault_numa_cells {
    local index=$1
    local -a cells
    read -r -a cells <<< "$RESIZE_FAULT_NUMA_CELLS"
    local cell
    for cell in "${cells[@]}"; do
        if [[ ! "$cell" =~ ^[0-8]$ ]]; then
            cells=()
            break
        fi
    done
    if (( ${#cells[@]} == 0 )); then
        die $LINENO "resize-tempest-plugin: RESIZE_FAULT_NUMA_CELLS='$RESIZE_FAULT_NUMA_CELLS' must be whole numbers from 0 to 8, e.g. '2 1'"
        return 1
    fi
    if (( index > ${#cells[@]} )); then
        index=${#cells[@]}
    fi
    echo "${cells[$((index - 1))]}"
}

# resize_fault_nova_python - print the python interpreter of Nova.
function resize_fault_nova_python {
    if [[ -n "$RESIZE_FAULT_NOVA_PYTHON" ]]; then
        echo "$RESIZE_FAULT_NOVA_PYTHON"
    elif [[ -n "${NOVA_BIN_DIR:-}" && -x "$NOVA_BIN_DIR/python3" ]]; then
        echo "$NOVA_BIN_DIR/python3"
    else
        echo python3
    fi
}

# resize_fault_nova_virt_dir - print the directory of the nova.virt package
# that Nova's python imports.
function resize_fault_nova_virt_dir {
    local python
    python=$(resize_fault_nova_python)
    "$python" -c 'import os, nova.virt; print(os.path.dirname(nova.virt.__file__))'
}

# resize_fault_stage_names all|portable - print the stages of the fault
# catalogue (resize_tempest_plugin/faults.py), comma separated.  The
# catalogue only uses the standard library, so any python 3 reads it.
function resize_fault_stage_names {
    local which=$1
    local attribute=STAGE_NAMES
    if [[ "$which" == "portable" ]]; then
        attribute=PORTABLE_STAGE_NAMES
    fi
    PYTHONPATH="$RESIZE_TEMPEST_PLUGIN_DIR" "${PYTHON:-python3}" -c \
        "from resize_tempest_plugin import faults; print(','.join(faults.$attribute))"
}

# resize_fault_available_stages - print [resize_fault] available_stages.
function resize_fault_available_stages {
    if [[ -n "$RESIZE_FAULT_STAGES" ]]; then
        echo "$RESIZE_FAULT_STAGES"
    elif [[ "$RESIZE_FAULT_DRIVER" == "True" ]]; then
        resize_fault_stage_names all
    else
        resize_fault_stage_names portable
    fi
}

# resize_fault_same_host - print True or False: [resize_fault]
# resize_to_same_host, following nova.conf unless RESIZE_FAULT_SAME_HOST
# says otherwise.
function resize_fault_same_host {
    local same_host=$RESIZE_FAULT_SAME_HOST
    if [[ -z "$same_host" ]]; then
        same_host=$(iniget "$NOVA_CONF" DEFAULT allow_resize_to_same_host)
    fi
    trueorfalse False same_host
}

# install_resize_fault_shim - make the fault driver importable by Nova as
# nova.virt.resize_fault.
function install_resize_fault_shim {
    local virt_dir shim
    if ! virt_dir=$(resize_fault_nova_virt_dir) || [[ ! -d "$virt_dir" ]]; then
        die $LINENO "resize-tempest-plugin: cannot find the nova.virt package of $(resize_fault_nova_python)"
        return 1
    fi
    shim="$virt_dir/$RESIZE_FAULT_SHIM_NAME"
    echo_summary "Installing the resize fault driver shim $shim"
    local content
    content="# Installed by the devstack plugin of resize-tempest-plugin: Nova loads
# compute drivers only as nova.virt.<name>, so this module makes
# compute_driver = $RESIZE_FAULT_COMPUTE_DRIVER work.
from $RESIZE_FAULT_DRIVER_MODULE import *  # noqa"
    if [[ -w "$virt_dir" ]]; then
        printf '%s\n' "$content" > "$shim"
    else
        printf '%s\n' "$content" | sudo tee "$shim" > /dev/null
    fi
}

# remove_resize_fault_shim - undo install_resize_fault_shim.
function remove_resize_fault_shim {
    local virt_dir
    if virt_dir=$(resize_fault_nova_virt_dir 2> /dev/null) &&
            [[ -f "$virt_dir/$RESIZE_FAULT_SHIM_NAME" ]]; then
        rm -f "$virt_dir/$RESIZE_FAULT_SHIM_NAME" ||
            sudo rm -f "$virt_dir/$RESIZE_FAULT_SHIM_NAME"
    fi
}

# install_resize_fault_nova_side - install the plugin's source tree into
# Nova's environment without its requirements: the Nova side
# (resize_tempest_nova) needs only Nova and the oslo libraries already
# there, while the plugin's own requirement on tempest is not in
# upper-constraints and would pull the newest tempest in unconstrained.
function install_resize_fault_nova_side {
    pip_install --no-deps -e "$RESIZE_TEMPEST_PLUGIN_DIR"
    # Without a global virtualenv pip runs as root: give the egg-info back.
    safe_chown -R "$STACK_USER" "$RESIZE_TEMPEST_PLUGIN_DIR"/*.egg-info 2> /dev/null || true
}

# install_resize_fault_driver - stack install: the plugin and the shim into
# Nova's environment, when the fault driver is deployed here.
function install_resize_fault_driver {
    if resize_fault_driver_deployed; then
        echo_summary "Installing resize-tempest-plugin for nova-compute"
        install_resize_fault_nova_side
        install_resize_fault_shim
    elif resize_fault_scheduler_deployed; then
        echo_summary "Installing resize-tempest-plugin for nova-scheduler"
        install_resize_fault_nova_side
    fi
}

# resize_fault_wait_for_nova_config - wait for devstack's background
# configuration of Nova for Neutron (stack.sh starts configure_neutron_nova
# with async_runfunc before the post-config phase and waits for it only
# after), so that this plugin's iniset of $NOVA_CONF, an unlocked
# read-modify-write, cannot race with it.  A second wait is harmless.
function resize_fault_wait_for_nova_config {
    if is_service_enabled nova && declare -F async_wait > /dev/null; then
        async_wait configure_neutron_nova
    fi
}

# configure_resize_fault_driver - stack post-config: make nova-compute load
# the fault driver.  devstack rebuilds nova-cpu.conf from nova.conf when it
# starts the computes (start_nova_compute copies it), so the options go
# into nova.conf, after devstack's background writes to it are done.  Fake
# compute i also reads $NOVA_FAKE_CONF-i, last: there it gets its own NUMA
# cells and its own state_path, where Nova keeps the compute node's
# identity (compute_id), which the fault driver, a
# FakeDriverWithoutFakeNodes, reads.  devstack gives each fake compute its
# own state_path only from 2026.1 on; before, they would share one.
function configure_resize_fault_driver {
    if ! resize_fault_driver_deployed; then
        return 0
    fi
    if [[ "$VIRT_DRIVER" != "fake" ]]; then
        warn $LINENO "resize-tempest-plugin: the fault driver is a fake driver; it replaces VIRT_DRIVER=$VIRT_DRIVER"
    fi
    echo_summary "Configuring nova-compute to run the resize fault driver"
    local cells
    cells=$(resize_fault_numa_cells 1) || return 1
    resize_fault_wait_for_nova_config
    iniset "$NOVA_CONF" DEFAULT compute_driver "$RESIZE_FAULT_COMPUTE_DRIVER"
    iniset "$NOVA_CONF" resize_fault extra_spec_namespace "$RESIZE_FAULT_NAMESPACE"
    iniset "$NOVA_CONF" resize_fault numa_cells "$cells"
    if [[ -n "$RESIZE_FAULT_RESOURCES_INTERVAL" ]]; then
        iniset "$NOVA_CONF" DEFAULT update_resources_interval "$RESIZE_FAULT_RESOURCES_INTERVAL"
    fi
    if [[ "$VIRT_DRIVER" == "fake" && -n "${NOVA_FAKE_CONF:-}" ]]; then
        local index state_path
        for index in $(seq 1 "${NUMBER_FAKE_NOVA_COMPUTE:-1}"); do
            cells=$(resize_fault_numa_cells "$index") || return 1
            state_path="$NOVA_STATE_PATH/${HOSTNAME}${index}"
            if ! sudo install -d -o "$STACK_USER" "$state_path"; then
                die $LINENO "resize-tempest-plugin: cannot create $state_path for fake compute $index"
                return 1
            fi
            iniset "${NOVA_FAKE_CONF}-${index}" DEFAULT state_path "$state_path"
            iniset "${NOVA_FAKE_CONF}-${index}" resize_fault numa_cells "$cells"
        done
    fi
}

# configure_resize_fault_scheduler - stack post-config: nova-scheduler runs
# the first-choice weigher after Nova's own weighers.
function configure_resize_fault_scheduler {
    if ! resize_fault_scheduler_deployed; then
        return 0
    fi
    resize_fault_wait_for_nova_config
    local weighers
    weighers=$(iniget "$NOVA_CONF" filter_scheduler weight_classes)
    weighers=${weighers:-$RESIZE_FAULT_NOVA_WEIGHERS}
    if [[ ",$weighers," != *",$RESIZE_FAULT_WEIGHER,"* ]]; then
        echo_summary "Adding the first-choice weigher to nova-scheduler"
        iniset "$NOVA_CONF" filter_scheduler weight_classes \
            "$weighers,$RESIZE_FAULT_WEIGHER"
    fi
    iniset "$NOVA_CONF" resize_fault extra_spec_namespace "$RESIZE_FAULT_NAMESPACE"
}

# resize_fault_proxy_deployed - succeed when this node runs the Placement
# fault proxy.
function resize_fault_proxy_deployed {
    [[ "$RESIZE_FAULT_PLACEMENT_PROXY" == "True" ]] &&
        is_service_enabled resize-placement-proxy
}

function resize_fault_proxy_base {
    echo "http://$SERVICE_HOST:$RESIZE_FAULT_PLACEMENT_PROXY_PORT"
}

# configure_resize_fault_proxy - stack post-config: start the Placement
# fault proxy and point Nova's services at it, each at a path named by
# its RPC topic so that a rule can name the service.  devstack's
# nova-scheduler, super conductor and nova-api all read nova.conf: their
# path names both topics, and the proxy matches a rule for either (the
# rules tell their requests apart by method and path).  A cell
# conductor reads its own file; fake compute i reads $NOVA_FAKE_CONF-i
# last.  It runs from Nova's environment, where the install phase put the
# plugin with the fault driver.
function configure_resize_fault_proxy {
    if ! resize_fault_proxy_deployed; then
        return 0
    fi
    if [[ "$VIRT_DRIVER" != "fake" || -z "${NOVA_FAKE_CONF:-}" ]] ||
            ! resize_fault_driver_deployed; then
        die $LINENO "resize-tempest-plugin: the Placement fault proxy needs the fault driver on fake computes (VIRT_DRIVER=fake): each gets its own path of it in its fake compute file"
        return 1
    fi
    if [[ "${PLACEMENT_SERVICE_PROTOCOL:-http}" != "http" ]]; then
        die $LINENO "resize-tempest-plugin: the Placement fault proxy forwards plain http only; Placement is served over $PLACEMENT_SERVICE_PROTOCOL (disable tls-proxy)"
        return 1
    fi
    echo_summary "Starting the Placement fault proxy"
    local base python index cell
    base=$(resize_fault_proxy_base)
    # systemd wants an absolute path.
    python=$(command -v "$(resize_fault_nova_python)")
    resize_fault_wait_for_nova_config
    iniset "$NOVA_CONF" placement endpoint_override "$base/svc/conductor+scheduler"
    if declare -F conductor_conf > /dev/null; then
        for cell in $(seq 1 "${NOVA_NUM_CELLS:-1}"); do
            iniset "$(conductor_conf "$cell")" placement endpoint_override "$base/svc/conductor"
        done
    fi
    for index in $(seq 1 "${NUMBER_FAKE_NOVA_COMPUTE:-1}"); do
        iniset "${NOVA_FAKE_CONF}-${index}" placement endpoint_override \
            "$base/svc/compute.${HOSTNAME}${index}"
    done
    run_process resize-placement-proxy "$python -m resize_tempest_proxy.server --listen $SERVICE_HOST:$RESIZE_FAULT_PLACEMENT_PROXY_PORT --upstream http://${PLACEMENT_SERVICE_HOST:-$SERVICE_HOST}/placement"
}

# install_resize_tempest_plugin - install the plugin where tempest runs,
# unless devstack's own TEMPEST_PLUGINS already does.
function install_resize_tempest_plugin {
    local plugin
    for plugin in ${TEMPEST_PLUGINS:-}; do
        if [[ "${plugin%/}" == "${RESIZE_TEMPEST_PLUGIN_DIR%/}" ]]; then
            return 0
        fi
    done
    if [[ ! -d "$RESIZE_FAULT_TEMPEST_VENV" ]]; then
        die $LINENO "resize-tempest-plugin: no tempest virtualenv at $RESIZE_FAULT_TEMPEST_VENV (set RESIZE_FAULT_TEMPEST_VENV)"
        return 1
    fi
    echo_summary "Installing resize-tempest-plugin into $RESIZE_FAULT_TEMPEST_VENV"
    # The constraints tempest's virtualenv was built with, as devstack's own
    # install_tempest_plugins uses them: master's upper-constraints unless
    # TEMPEST_VENV_UPPER_CONSTRAINTS names others, not this branch's.
    local constraints
    constraints=$(mktemp -t resize_fault_u_c.XXXXXXXXXX)
    set_tempest_venv_constraints "$constraints"
    local status=0
    "$RESIZE_FAULT_TEMPEST_VENV/bin/pip" install -c "$constraints" "$RESIZE_TEMPEST_PLUGIN_DIR" || status=$?
    rm -f "$constraints"
    return $status
}

# configure_resize_tempest_plugin - stack test-config: the [resize_fault]
# options of tempest.conf.
function configure_resize_tempest_plugin {
    local stages same_host option value
    if ! stages=$(resize_fault_available_stages) || [[ -z "$stages" ]]; then
        die $LINENO "resize-tempest-plugin: cannot read the fault catalogue in $RESIZE_TEMPEST_PLUGIN_DIR"
        return 1
    fi
    same_host=$(resize_fault_same_host)
    echo_summary "Configuring tempest for resize-tempest-plugin"
    iniset "$TEMPEST_CONFIG" resize_fault enabled "$RESIZE_FAULT_ENABLED"
    iniset "$TEMPEST_CONFIG" resize_fault available_stages "$stages"
    iniset "$TEMPEST_CONFIG" resize_fault extra_spec_namespace "$RESIZE_FAULT_NAMESPACE"
    iniset "$TEMPEST_CONFIG" resize_fault resize_to_same_host "$same_host"
    # Absolute, so the job collects the reports (zuul_copy_output).
    iniset "$TEMPEST_CONFIG" resize_fault report_dir "$TEMPEST_DIR/resize_fault_reports"
    local first_choice=False
    if resize_fault_scheduler_deployed; then
        first_choice=True
    fi
    iniset "$TEMPEST_CONFIG" resize_fault first_choice_weigher "$first_choice"
    if resize_fault_driver_deployed && [[ "$VIRT_DRIVER" == "fake" ]]; then
        # The crash scenarios restart the fake compute that crashed; the
        # lost-cast scenarios stop one and drop what is cast to it.
        iniset "$TEMPEST_CONFIG" resize_fault compute_restart_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/fake-compute.sh restart $HOSTNAME {host}"
        iniset "$TEMPEST_CONFIG" resize_fault compute_stop_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/fake-compute.sh stop $HOSTNAME {host}"
        iniset "$TEMPEST_CONFIG" resize_fault compute_kill_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/fake-compute.sh kill $HOSTNAME {host}"
        iniset "$TEMPEST_CONFIG" resize_fault drop_casts_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/drop-compute-casts.sh $NOVA_CPU_CONF {host}"
        # The scenarios that kill a controller service while its Placement
        # request is held (they need the proxy too).
        iniset "$TEMPEST_CONFIG" resize_fault service_kill_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/nova-service.sh kill {service}"
        iniset "$TEMPEST_CONFIG" resize_fault service_restart_command \
            "$RESIZE_TEMPEST_PLUGIN_DIR/devstack/nova-service.sh restart {service}"
    fi
    if resize_fault_driver_deployed && [[ -n "$RESIZE_FAULT_RESOURCES_INTERVAL" ]]; then
        iniset "$TEMPEST_CONFIG" resize_fault resource_task_wait \
            "$((RESIZE_FAULT_RESOURCES_INTERVAL + 1))"
    fi
    if resize_fault_proxy_deployed; then
        iniset "$TEMPEST_CONFIG" resize_fault placement_proxy_url \
            "$(resize_fault_proxy_base)/control"
    fi
    for option in source_host dest_host alternate_host; do
        case $option in
            source_host) value=$RESIZE_FAULT_SOURCE_HOST ;;
            dest_host) value=$RESIZE_FAULT_DEST_HOST ;;
            alternate_host) value=$RESIZE_FAULT_ALTERNATE_HOST ;;
        esac
        if [[ -n "$value" ]]; then
            iniset "$TEMPEST_CONFIG" resize_fault "$option" "$value"
        fi
    done
}


# Dispatcher
# ----------

if [[ "${1:-}" == "stack" ]]; then
    case "${2:-}" in
        install)
            install_resize_fault_driver
            ;;
        post-config)
            configure_resize_fault_driver
            configure_resize_fault_scheduler
            configure_resize_fault_proxy
            ;;
        test-config)
            if is_service_enabled tempest; then
                install_resize_tempest_plugin
                configure_resize_tempest_plugin
            fi
            ;;
    esac
elif [[ "${1:-}" == "unstack" ]]; then
    if resize_fault_proxy_deployed; then
        stop_process resize-placement-proxy
    fi
elif [[ "${1:-}" == "clean" ]]; then
    remove_resize_fault_shim
fi

# Restore xtrace
$_RESIZE_FAULT_XTRACE

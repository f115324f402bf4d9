# Copyright 2026 The resize-tempest-plugin Authors.
#
#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

"""The plugin's configuration options and the checks across them.

Each option's own constraints are in its oslo.config type (choices,
bounds, patterns); validate() adds only what involves several options or
tempest's own [compute] options.
"""

import dataclasses
import typing

from oslo_config import cfg
from oslo_config import types

from resize_tempest_plugin import faults

GROUP_NAME = 'resize_fault'

resize_fault_group = cfg.OptGroup(
    name=GROUP_NAME,
    title='Resize fault scenarios',
    help='Options of the scenarios that make a move of a server fail at a '
         'chosen stage and check Placement allocations.')

ResizeFaultGroup = [
    cfg.BoolOpt('enabled',
                default=True,
                help='Whether the resize fault scenarios run at all. Set to '
                     'False to skip every test of this plugin.'),
    cfg.ListOpt('available_stages',
                item_type=types.String(choices=faults.STAGE_NAMES),
                default=list(faults.PORTABLE_STAGE_NAMES),
                help='Fault stages the target cloud can inject. The portable '
                     'stage (%s) needs nothing deployed; the compute-side '
                     'stages (%s) need the fault driver as the compute '
                     'driver of every nova-compute. Scenarios of stages not '
                     'listed here are skipped.' % (
                         ', '.join(faults.PORTABLE_STAGE_NAMES),
                         ', '.join(name for name in faults.STAGE_NAMES
                                   if name not in
                                   faults.PORTABLE_STAGE_NAMES))),
    cfg.StrOpt('extra_spec_namespace',
               default=faults.DEFAULT_NAMESPACE,
               regex=r'^[A-Za-z0-9_.-]+$',
               help='Flavor extra-spec namespace the fault driver and the '
                    'first-choice weigher read (<namespace>:stage, '
                    '<namespace>:host, <namespace>:once, '
                    '<namespace>:first_choice): letters, digits, "_", "." '
                    'or "-". Must match their setting in nova.conf.'),
    cfg.StrOpt('source_host',
               help='Compute host to boot the servers on. If unset, the '
                    'host the scheduler picks is the source.'),
    cfg.StrOpt('dest_host',
               help='Compute host to move the servers to. If unset, the '
                    'first enabled compute host (by name) other than the '
                    'source.'),
    cfg.StrOpt('alternate_host',
               help='Third compute host, for scenarios that need an '
                    'alternate destination. If unset, one is picked from '
                    'the enabled compute hosts.'),
    cfg.BoolOpt('resize_to_same_host',
                default=False,
                help='Whether the cloud allows resizing to the same host '
                     '(nova.conf [DEFAULT] allow_resize_to_same_host). '
                     'Same-host scenarios are skipped otherwise.'),
    cfg.BoolOpt('first_choice_weigher',
                default=False,
                help='Whether nova-scheduler runs this plugin\'s '
                     'FirstChoiceWeigher (nova.conf [filter_scheduler] '
                     'weight_classes), which lets a flavor name the host '
                     'tried first. The reschedule scenario is skipped '
                     'otherwise.'),
    cfg.StrOpt('compute_restart_command',
               help='Command that restarts the nova-compute service of a '
                    'host, with {host} standing for the host name, run '
                    'where tempest runs; the test then waits until the '
                    'compute API shows the service reported anew. The '
                    'crash scenarios and the evacuation scenario that '
                    'waits for the source to start again need it and are '
                    'skipped without it; a delete that Nova leaves stuck '
                    'is cleaned up with it. The devstack plugin sets it '
                    'for its fake computes.'),
    cfg.StrOpt('compute_stop_command',
               help='Command that stops the nova-compute service of a host '
                    '({host}) until compute_restart_command starts it '
                    'again. With drop_casts_command, the lost-cast '
                    'scenarios need it and are skipped without it.'),
    cfg.StrOpt('compute_kill_command',
               help='Command that kills the nova-compute service of a host '
                    '({host}) on the spot, with SIGKILL (no graceful stop), '
                    'until compute_restart_command starts it again. The '
                    'scenario that kills a compute while the fault proxy '
                    'holds its Placement request needs it and is skipped '
                    'without it.'),
    cfg.StrOpt('drop_casts_command',
               help='Command that drops the messages waiting in the RPC '
                    'queues of the stopped nova-compute of a host ({host}: '
                    'compute.<host>, and compute-alt.<host> since Nova '
                    '34) and prints how many it dropped, e.g. with '
                    'rabbitmqctl purge_queue. The lost-cast scenarios need '
                    'it.'),
    cfg.StrOpt('service_kill_command',
               help='Command that kills a controller service of Nova '
                    '({service}: nova-conductor or nova-scheduler) on the '
                    'spot, with SIGKILL (no graceful stop), until '
                    'service_restart_command starts it again. The '
                    'scenarios that kill a service while the fault proxy '
                    'holds its Placement request need both and are skipped '
                    'without them.'),
    cfg.StrOpt('service_restart_command',
               help='Command that starts a controller service of Nova '
                    '({service}: nova-conductor or nova-scheduler) again '
                    'and returns once it runs.'),
    cfg.URIOpt('placement_proxy_url',
               schemes=['http', 'https'],
               help='The control API of the Placement fault proxy '
                    '(resize-tempest-placement-proxy, e.g. '
                    'http://127.0.0.1:24309/control) through which Nova\'s '
                    'conductor, scheduler and computes reach Placement. The '
                    'Placement fault scenarios need it and are skipped '
                    'without it.'),
    cfg.IntOpt('timeout',
               min=1,
               help='Seconds to wait for a server or migration to reach '
                    'its expected status. Defaults to [compute] '
                    'build_timeout.'),
    cfg.IntOpt('resource_task_wait',
               default=60,
               min=0,
               help='Seconds within which nova-compute\'s periodic '
                    'resource task runs on every host (nova.conf [DEFAULT] '
                    'update_resources_interval, 60 by default). After a '
                    'crashed nova-compute started again, a move is judged '
                    'once this long has passed or as soon as it is right.'),
    cfg.IntOpt('rpc_timeout',
               default=60,
               min=1,
               help='Seconds after which a Nova service gives up an RPC '
                    'call whose receiver died (nova.conf [DEFAULT] '
                    'rpc_response_timeout, 60 by default). A crash in a '
                    'stage that answers such a call (the live-migration '
                    'checks, pre_live_migration, post_live_migration_at_'
                    'destination), and a move whose scheduler was killed '
                    'while it claimed, are judged up to this much later.'),
    cfg.IntOpt('stuck_timeout',
               default=30,
               min=1,
               help='Seconds a server being deleted may show no change at '
                    'all (status, task state, last update) before the '
                    'delete is judged stuck, with the allocation table, '
                    'instead of waiting for timeout.'),
    cfg.IntOpt('move_stuck_timeout',
               default=60,
               min=1,
               help='Seconds a moving server may show no change at all '
                    '(its status, task state and last update, its '
                    'migrations, the events of its newest instance action) '
                    'before the move is judged stuck, with the allocation '
                    'table, instead of waiting for timeout. Keep it above '
                    'the longest quiet step of the cloud\'s moves (a disk '
                    'copy).'),
    cfg.FloatOpt('poll_interval',
                 min=0.01,
                 help='Longest pause in seconds between two polls of a '
                      'server or migration. A wait that follows its request '
                      'polls after 0.4, 0.8, 1.3 and 2 intervals, then '
                      'every interval. Defaults to [compute] '
                      'build_interval; at most timeout.'),
    cfg.BoolOpt('known_defects_fail',
                default=False,
                help='Whether a known Nova defect (see the known defects '
                     'page of the docs) fails its test like any other '
                     'problem. By default the test reports it as an '
                     'expected failure naming the defect, and as an '
                     'unexpected success once Nova no longer shows it.'),
    cfg.StrOpt('report_dir',
               default='resize_fault_reports',
               regex=r'\S',
               help='Directory (relative to the working directory unless '
                    'absolute) where each scenario writes its allocation '
                    'report as JSON and text.'),
]


def list_opts():
    """The plugin's options, for oslo-config-generator and the docs."""
    return [(resize_fault_group, ResizeFaultGroup)]


class InvalidOption(ValueError):
    """An option of the [resize_fault] group has an invalid value."""

    def __init__(self, option, value, accepted):
        self.option = option
        super().__init__('[%s] %s = %r is invalid; accepted values: %s'
                         % (GROUP_NAME, option, value, accepted))


@dataclasses.dataclass(frozen=True)
class ResizeFaultSettings:
    """The validated [resize_fault] options."""

    enabled: bool
    stages: typing.Tuple[faults.FaultStage, ...]
    extra_spec_namespace: str
    source_host: typing.Optional[str]
    dest_host: typing.Optional[str]
    alternate_host: typing.Optional[str]
    resize_to_same_host: bool
    first_choice_weigher: bool
    compute_restart_command: typing.Optional[str]
    compute_stop_command: typing.Optional[str]
    compute_kill_command: typing.Optional[str]
    service_kill_command: typing.Optional[str]
    service_restart_command: typing.Optional[str]
    drop_casts_command: typing.Optional[str]
    placement_proxy_url: typing.Optional[str]
    timeout: int
    poll_interval: float
    known_defects_fail: bool
    stuck_timeout: int
    move_stuck_timeout: int
    resource_task_wait: int
    rpc_timeout: int
    report_dir: str

    def stage_available(self, name):
        return any(stage.name == name for stage in self.stages)


def _value(group, option):
    """An option's value; a value its type refuses names the option."""
    try:
        return getattr(group, option)
    except (cfg.ConfigFileValueError, ValueError) as error:
        raise InvalidOption(option, '?', str(error))


def validate(group, build_timeout=300, build_interval=1):
    """Validate the [resize_fault] options and return them as settings.

    :param group: the option group, e.g. ``CONF.resize_fault``.
    :param build_timeout: [compute] build_timeout, the default timeout.
    :param build_interval: [compute] build_interval, the default
        poll_interval.
    :raises InvalidOption: naming the option and the accepted values.
    """
    values = {opt.name: _value(group, opt.name) for opt in ResizeFaultGroup}
    timeout = values['timeout'] or build_timeout
    poll_interval = values['poll_interval'] or build_interval
    if not 0 < poll_interval <= timeout:
        raise InvalidOption('poll_interval', poll_interval,
                            'a number of seconds above 0 and at most '
                            'timeout (%s)' % timeout)
    seen = {}
    for option in ('source_host', 'dest_host', 'alternate_host'):
        host = values[option]
        if host and host in seen:
            raise InvalidOption(option, host,
                                'a host other than %s' % seen[host])
        if host:
            seen[host] = option
    return ResizeFaultSettings(
        enabled=values['enabled'],
        stages=tuple(faults.STAGES_BY_NAME[name] for name in
                     dict.fromkeys(values['available_stages'])),
        extra_spec_namespace=values['extra_spec_namespace'],
        source_host=values['source_host'] or None,
        dest_host=values['dest_host'] or None,
        alternate_host=values['alternate_host'] or None,
        resize_to_same_host=values['resize_to_same_host'],
        first_choice_weigher=values['first_choice_weigher'],
        compute_restart_command=values['compute_restart_command'] or None,
        compute_stop_command=values['compute_stop_command'] or None,
        compute_kill_command=values['compute_kill_command'] or None,
        service_kill_command=values['service_kill_command'] or None,
        service_restart_command=values['service_restart_command'] or None,
        drop_casts_command=values['drop_casts_command'] or None,
        placement_proxy_url=values['placement_proxy_url'] or None,
        timeout=timeout,
        poll_interval=poll_interval,
        known_defects_fail=values['known_defects_fail'],
        stuck_timeout=values['stuck_timeout'],
        move_stuck_timeout=values['move_stuck_timeout'],
        resource_task_wait=values['resource_task_wait'],
        rpc_timeout=values['rpc_timeout'],
        report_dir=values['report_dir'])

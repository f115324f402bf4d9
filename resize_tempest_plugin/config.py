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

"""The plugin's configuration options and their validation."""

import dataclasses
import re
import typing

from oslo_config import cfg

from resize_tempest_plugin import faults

GROUP_NAME = 'resize_fault'

resize_fault_group = cfg.OptGroup(
    name=GROUP_NAME,
    title='Resize fault scenarios',
    help='Options of the scenarios that make a resize or cold migration '
         'fail at a chosen stage and check Placement allocations.')

ResizeFaultGroup = [
    cfg.BoolOpt('enabled',
                default=True,
                help='Whether the resize fault scenarios run at all. Set to '
                     'False to skip every test of this plugin.'),
    cfg.ListOpt('available_stages',
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
               help='Flavor extra-spec namespace the fault driver and the '
                    'first-choice weigher read (<namespace>:stage, '
                    '<namespace>:host, <namespace>:once, '
                    '<namespace>:first_choice). Must match their setting '
                    'in nova.conf.'),
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
    cfg.IntOpt('timeout',
               default=300,
               help='Seconds to wait for a server or migration to reach '
                    'its expected status.'),
    cfg.FloatOpt('poll_interval',
                 default=1.0,
                 help='Longest pause in seconds between two polls of a '
                      'server or migration. Polling starts faster and backs '
                      'off to this value.'),
    cfg.StrOpt('report_dir',
               default='resize_fault_reports',
               help='Directory (relative to the working directory unless '
                    'absolute) where each scenario writes its allocation '
                    'report as JSON and text.'),
]


def list_opts():
    """The plugin's options, for oslo-config-generator and the docs."""
    return [(resize_fault_group, ResizeFaultGroup)]


_NAMESPACE_PATTERN = re.compile(r'^[A-Za-z0-9_.-]+$')


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
    timeout: int
    poll_interval: float
    report_dir: str

    def stage_available(self, name):
        return any(stage.name == name for stage in self.stages)


def validate(group):
    """Validate the [resize_fault] options and return them as settings.

    :param group: the option group, e.g. ``CONF.resize_fault``.
    :raises InvalidOption: naming the option and the accepted values.
    """
    stage_names = [name.strip() for name in group.available_stages
                   if name.strip()]
    for name in stage_names:
        if name not in faults.STAGES_BY_NAME:
            raise InvalidOption('available_stages', name,
                                ', '.join(faults.STAGE_NAMES))
    namespace = group.extra_spec_namespace
    if not namespace or not _NAMESPACE_PATTERN.match(namespace):
        raise InvalidOption('extra_spec_namespace', namespace,
                            'a non-empty name of letters, digits, "_", "." '
                            'or "-" (no ":")')
    if group.timeout is None or group.timeout < 1:
        raise InvalidOption('timeout', group.timeout,
                            'a whole number of seconds, at least 1')
    if (group.poll_interval is None or
            not 0 < group.poll_interval <= group.timeout):
        raise InvalidOption('poll_interval', group.poll_interval,
                            'a number of seconds above 0 and at most '
                            'timeout')
    hosts = {'source_host': group.source_host,
             'dest_host': group.dest_host,
             'alternate_host': group.alternate_host}
    seen = {}
    for option, host in hosts.items():
        if host and host in seen:
            raise InvalidOption(option, host,
                                'a host other than %s' % seen[host])
        if host:
            seen[host] = option
    if not group.report_dir:
        raise InvalidOption('report_dir', group.report_dir,
                            'a directory path')
    return ResizeFaultSettings(
        enabled=group.enabled,
        stages=tuple(faults.STAGES_BY_NAME[name]
                     for name in dict.fromkeys(stage_names)),
        extra_spec_namespace=namespace,
        source_host=group.source_host or None,
        dest_host=group.dest_host or None,
        alternate_host=group.alternate_host or None,
        resize_to_same_host=group.resize_to_same_host,
        first_choice_weigher=group.first_choice_weigher,
        timeout=group.timeout,
        poll_interval=group.poll_interval,
        report_dir=group.report_dir)

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

"""Options of the Nova-side pieces, read from nova.conf [resize_fault].

The fault driver (nova-compute) and the first-choice weigher
(nova-scheduler) register them; tempest never imports this module.
"""

from oslo_config import cfg

from resize_tempest_plugin import faults

GROUP = 'resize_fault'

OPTS = [
    cfg.StrOpt('extra_spec_namespace',
               default=faults.DEFAULT_NAMESPACE,
               help='Flavor extra-spec namespace that names the fault to '
                    'inject (<namespace>:stage, :host, :once, :kind) and '
                    'the host to try first (<namespace>:first_choice).'),
    cfg.IntOpt('numa_cells',
               default=0, min=0, max=8,
               help='Host NUMA cells the fault driver reports. 0 reports '
                    'none, as Nova\'s fake driver does. A destination with '
                    'fewer cells than a flavor\'s hw:numa_nodes rejects '
                    'that flavor in its resize claim: the claim stage.'),
    cfg.FloatOpt('first_choice_weight_multiplier',
                 default=1e9,
                 help='Weight the first-choice weigher gives the host that '
                      'a flavor names with <namespace>:first_choice. The '
                      'default is a thousand times the largest default '
                      'multiplier of Nova\'s weighers (the build failure '
                      'weigher\'s, 1e6), so it outweighs them all at their '
                      'defaults.'),
    cfg.IntOpt('hold_timeout',
               default=300, min=1,
               help='Seconds a held stage (<namespace>:kind = hold) blocks '
                    'at most, when the test does not release it; then the '
                    'stage goes on.'),
    cfg.FloatOpt('hold_poll_interval',
                 default=0.5, min=0.1,
                 help='Seconds between two looks of a held stage at '
                      'Placement (the release trait).'),
]


def register(conf=None):
    """Register the options (once) and return the option group."""
    conf = conf or cfg.CONF
    conf.register_opts(OPTS, group=GROUP)
    return getattr(conf, GROUP)


def list_opts():
    return [(GROUP, OPTS)]

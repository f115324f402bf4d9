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

"""A scheduler weigher that puts the host a flavor names first.

A resize cannot name its destination, and among the hosts that pass the
filters Nova's own weighers order them by free resources, which
concurrent tests change.  The reschedule scenario needs to know which
host the scheduler tries first and which is the alternate: the new
flavor names the first with <namespace>:first_choice = <host>, and this
weigher gives that host a weight no other weigher reaches.  Flavors
without the extra spec are weighed as if the weigher were not there.

Enable it next to Nova's weighers in nova.conf::

    [filter_scheduler]
    weight_classes = nova.scheduler.weights.all_weighers,
        resize_tempest_nova.first_choice.FirstChoiceWeigher
"""

from nova.scheduler import weights
from oslo_config import cfg

from resize_tempest_nova import options as nova_options
from resize_tempest_plugin import faults

CONF = cfg.CONF
nova_options.register(CONF)


class FirstChoiceWeigher(weights.BaseHostWeigher):
    """Weighs 1 the host named by <namespace>:first_choice, others 0."""

    def weight_multiplier(self, host_state):
        return CONF.resize_fault.first_choice_weight_multiplier

    def _weigh_object(self, host_state, request_spec):
        if not request_spec.obj_attr_is_set('flavor'):
            return 0.0
        wanted = faults.first_choice_host(
            request_spec.flavor.extra_specs,
            CONF.resize_fault.extra_spec_namespace)
        return 1.0 if wanted and wanted == host_state.host else 0.0

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

"""A Nova fake virt driver that fails where a flavor's extra specs say.

It behaves as Nova's ``FakeDriverWithoutFakeNodes`` unless the flavor of
the move carries ``<namespace>:stage`` (see resize_tempest_plugin.faults),
in which case the driver method of that stage raises the exception a real
driver raises at that point.  Nova loads drivers only as
``nova.virt.<name>``: run nova-compute through
``resize_tempest_plugin.virt.nova_compute`` (or place a module in Nova's
virt package that imports this one) and set
``compute_driver = resize_fault.FaultInjectingDriver``.
"""

from nova import exception
from nova.virt import fake
from oslo_config import cfg
from oslo_log import log as logging

from resize_tempest_plugin import faults
from resize_tempest_plugin.virt import injector

LOG = logging.getLogger(__name__)
CONF = cfg.CONF

fault_driver_opts = [
    cfg.StrOpt('extra_spec_namespace',
               default=faults.DEFAULT_NAMESPACE,
               help='Flavor extra-spec namespace that names the fault to '
                    'inject (<namespace>:stage, :host, :once).'),
]
CONF.register_opts(fault_driver_opts, group='resize_fault')


def _move_flavor(instance, flavor=None):
    """The flavor the move goes to: it carries the fault's extra specs."""
    if instance.obj_attr_is_set('new_flavor') and instance.new_flavor:
        return instance.new_flavor
    return flavor or instance.flavor


class FaultInjectingDriver(fake.FakeDriverWithoutFakeNodes):
    """Fake driver that raises at the stage the move's flavor names."""

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        self._injector = injector.FaultInjector(
            CONF.host, CONF.resize_fault.extra_spec_namespace)

    def _maybe_fail(self, driver_method, instance, flavor=None):
        stage = self._injector.fault_for(
            driver_method, _move_flavor(instance, flavor).extra_specs,
            instance.uuid)
        if stage is None:
            return
        LOG.warning('Injecting fault at stage %(stage)s: %(method)s raises '
                    '%(exc)s on host %(host)s',
                    {'stage': stage.name, 'method': driver_method,
                     'exc': stage.exception, 'host': CONF.host},
                    instance=instance)
        raise getattr(exception, stage.exception)(
            reason='fault injected at stage %s on host %s'
                   % (stage.name, CONF.host))

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   *args, **kwargs):
        self._maybe_fail('migrate_disk_and_power_off', instance, flavor)
        return super().migrate_disk_and_power_off(
            context, instance, dest, flavor, *args, **kwargs)

    def finish_migration(self, context, migration, instance, *args,
                         **kwargs):
        self._maybe_fail('finish_migration', instance)
        return super().finish_migration(context, migration, instance,
                                        *args, **kwargs)

    def confirm_migration(self, context, migration, instance, *args,
                          **kwargs):
        self._maybe_fail('confirm_migration', instance)
        return super().confirm_migration(context, migration, instance,
                                         *args, **kwargs)

    def finish_revert_migration(self, context, instance, *args, **kwargs):
        self._maybe_fail('finish_revert_migration', instance)
        return super().finish_revert_migration(context, instance, *args,
                                               **kwargs)

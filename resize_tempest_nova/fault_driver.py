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
driver raises at that point or, with ``<namespace>:kind = crash``, kills
its own nova-compute on the spot (SIGKILL: no handler, no ``finally``
runs), once per server and stage, after it created the trait
``faults.crashed_trait(<server>)`` in Placement so that a test sees the
crash through the API.  With ``kind = hold`` the driver method blocks
until the test creates ``faults.release_trait(<server>)`` or (a live
migration) an operator aborts it, then goes on as the fake driver does; it
creates ``faults.held_trait(<server>)`` once it holds.  With nova.conf
``[resize_fault] numa_cells`` set it also reports that many host NUMA
cells, so that a destination's resize claim rejects a flavor asking for
more guest NUMA nodes.  Nova loads
drivers only as ``nova.virt.<name>``: run nova-compute through
``resize_tempest_nova.nova_compute`` (or place a module in Nova's
virt package that imports this one) and set
``compute_driver = resize_fault.FaultInjectingDriver``.
"""

import os
import signal

from nova import exception
from nova import objects
from nova.virt import fake
from oslo_config import cfg
from oslo_log import log as logging
from oslo_serialization import jsonutils

from resize_tempest_nova import hold
from resize_tempest_nova import host_numa
from resize_tempest_nova import injector
from resize_tempest_nova import options as nova_options
from resize_tempest_plugin import faults

LOG = logging.getLogger(__name__)
CONF = cfg.CONF
nova_options.register(CONF)
SMALL_PAGE_KB = 4


def _move_flavor(instance, flavor=None):
    """The flavor the move goes to: it carries the fault's extra specs."""
    if instance.obj_attr_is_set('new_flavor') and instance.new_flavor:
        return instance.new_flavor
    return flavor or instance.flavor


def _numa_topology(layout):
    """A NUMATopology object of the cells of a host_numa layout."""
    return objects.NUMATopology(cells=[
        objects.NUMACell(
            id=cell.id, socket=0, cpuset=set(cell.cpus), pcpuset=set(),
            memory=cell.memory_mb, cpu_usage=0, memory_usage=0,
            pinned_cpus=set(), siblings=[{cpu} for cpu in sorted(cell.cpus)],
            # Small pages only, as a host without huge pages reports them.
            mempages=[objects.NUMAPagesTopology(
                size_kb=SMALL_PAGE_KB, total=cell.memory_mb * 1024 //
                SMALL_PAGE_KB, used=0, reserved=0)],
            network_metadata=objects.NetworkMetadata(physnets=set(),
                                                     tunneled=False))
        for cell in layout])


class FaultInjectingDriver(fake.FakeDriverWithoutFakeNodes):
    """Fake driver that raises at the stage the move's flavor names."""

    def __init__(self, virtapi, read_only=False):
        super().__init__(virtapi, read_only)
        self._injector = injector.FaultInjector(
            CONF.host, CONF.resize_fault.extra_spec_namespace)
        # Servers whose held live migration an operator aborted.
        self._aborted = set()

    def get_available_resource(self, nodename):
        """The fake driver's resources, plus [resize_fault] numa_cells.

        The cells go into the host NUMA topology the resize claim checks
        and, as a libvirt host reports them, into cpu_info's topology.
        """
        resources = super().get_available_resource(nodename)
        cells = CONF.resize_fault.numa_cells
        if not resources or not cells:
            return resources
        resources['numa_topology'] = _numa_topology(
            host_numa.split_host(cells, self.vcpus, self.memory_mb)
        )._to_json()
        cpu_info = jsonutils.loads(resources['cpu_info'])
        cpu_info.setdefault('topology', {})['cells'] = cells
        resources['cpu_info'] = jsonutils.dumps(cpu_info)
        return resources

    def update_provider_tree(self, provider_tree, nodename, allocations=None):
        """The fake driver's inventory, and the trait that names us."""
        super().update_provider_tree(provider_tree, nodename, allocations)
        provider_tree.add_traits(nodename, faults.DRIVER_TRAIT)

    def _fault(self, driver_method, instance, flavor=None):
        """The faults.FaultRequest that fires in this call, or None."""
        return self._injector.fault_for(
            driver_method, _move_flavor(instance, flavor).extra_specs,
            instance.uuid, instance.task_state, instance.vm_state)

    def _maybe_fail(self, driver_method, instance, flavor=None):
        """Raise, crash or hold where the move's flavor says.

        :returns: why a held stage ended (hold.RELEASED...), or None.
        """
        request = self._fault(driver_method, instance, flavor)
        if request is None:
            return None
        stage = request.stage
        if request.kind == faults.CRASH:
            self._crash(driver_method, instance, stage)
            return None
        if request.kind == faults.HOLD:
            return self._hold(driver_method, instance, stage)
        LOG.warning('Injecting fault at stage %(stage)s: %(method)s raises '
                    '%(exc)s on host %(host)s',
                    {'stage': stage.name, 'method': driver_method,
                     'exc': stage.exception, 'host': CONF.host},
                    instance=instance)
        raise getattr(exception, stage.exception)(
            reason='fault injected at stage %s on host %s'
                   % (stage.name, CONF.host))

    def _crash(self, driver_method, instance, stage):
        """Kill this nova-compute, once per server and stage.

        A marker in the state path remembers the crash, so the restarted
        service goes on as the fake driver if the stage runs again.
        """
        marker = os.path.join(CONF.state_path, 'resize_fault',
                              '%s.%s.crashed' % (instance.uuid, stage.name))
        if os.path.exists(marker):
            return
        os.makedirs(os.path.dirname(marker), exist_ok=True)
        with open(marker, 'w'):
            pass
        # Only a crash needs Placement: imported here, not with the driver.
        from nova.scheduler.client import report
        trait = faults.crashed_trait(instance.uuid)
        report.report_client_singleton().put('/traits/%s' % trait, None,
                                             version='1.6')
        LOG.warning('Injecting fault at stage %(stage)s: %(method)s kills '
                    'nova-compute on host %(host)s (pid %(pid)d)',
                    {'stage': stage.name, 'method': driver_method,
                     'host': CONF.host, 'pid': os.getpid()},
                    instance=instance)
        os.kill(os.getpid(), signal.SIGKILL)

    def _hold(self, driver_method, instance, stage):
        """Block until released or the move aborted."""
        # Only a hold needs Placement: imported here, not with the driver.
        from nova.scheduler.client import report
        placement = report.report_client_singleton()
        placement.put('/traits/%s' % faults.held_trait(instance.uuid), None,
                      version='1.6')
        LOG.warning('Holding stage %(stage)s: %(method)s waits on host '
                    '%(host)s', {'stage': stage.name,
                                 'method': driver_method, 'host': CONF.host},
                    instance=instance)
        release = '/traits/%s' % faults.release_trait(instance.uuid)
        reason = hold.wait(
            released=lambda: placement.get(
                release, version='1.6').status_code == 204,
            aborted=lambda: instance.uuid in self._aborted,
            timeout=CONF.resize_fault.hold_timeout,
            interval=CONF.resize_fault.hold_poll_interval)
        self._aborted.discard(instance.uuid)
        LOG.warning('Stage %(stage)s held on host %(host)s goes on: '
                    '%(reason)s', {'stage': stage.name, 'host': CONF.host,
                                   'reason': reason}, instance=instance)
        return reason

    # Resize and cold migration.

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

    # Methods that also run outside moves: the stage's task and vm states
    # tell the move apart (see FaultStage.fires_in).

    def spawn(self, context, instance, *args, **kwargs):
        self._maybe_fail('spawn', instance)
        return super().spawn(context, instance, *args, **kwargs)

    def destroy(self, context, instance, *args, **kwargs):
        self._maybe_fail('destroy', instance)
        return super().destroy(context, instance, *args, **kwargs)

    # Live migration.

    def check_can_live_migrate_destination(self, context, instance, *args,
                                           **kwargs):
        self._maybe_fail('check_can_live_migrate_destination', instance)
        data = super().check_can_live_migrate_destination(
            context, instance, *args, **kwargs)
        request = faults.parse_fault_request(
            _move_flavor(instance).extra_specs, self._injector.namespace)
        if request and request.stage.unshared_instance_path:
            # Nova rolls back the destination only when the instance path
            # is not shared.
            data.is_shared_instance_path = False
        return data

    def check_can_live_migrate_source(self, context, instance, *args,
                                      **kwargs):
        self._maybe_fail('check_can_live_migrate_source', instance)
        return super().check_can_live_migrate_source(context, instance,
                                                     *args, **kwargs)

    def pre_live_migration(self, context, instance, *args, **kwargs):
        self._maybe_fail('pre_live_migration', instance)
        return super().pre_live_migration(context, instance, *args,
                                          **kwargs)

    def live_migration(self, context, instance, dest, post_method,
                       recover_method, block_migration=False,
                       migrate_data=None):
        request = self._fault('live_migration', instance)
        stage = request.stage if request else None
        if (stage is not None and request.kind == faults.RAISE and
                (stage.settles_by_recovery or stage.reached_through)):
            # A real driver reports a failed migration through the
            # recover callback; Nova then rolls the migration back.
            LOG.warning('Injecting fault at stage %(stage)s: live_migration '
                        'reports a failure on host %(host)s',
                        {'stage': stage.name, 'host': CONF.host},
                        instance=instance)
            recover_method(context, instance, dest, migrate_data)
            return
        if self._maybe_fail('live_migration', instance) == hold.ABORTED:
            # As libvirt reports a migration job an operator cancelled.
            recover_method(context, instance, dest, migrate_data,
                           migration_status='cancelled')
            return
        return super().live_migration(
            context, instance, dest, post_method, recover_method,
            block_migration, migrate_data)

    def live_migration_abort(self, instance):
        """Abort a held live migration of the instance (see _hold)."""
        self._aborted.add(instance.uuid)
        return super().live_migration_abort(instance)

    def post_live_migration(self, context, instance, *args, **kwargs):
        self._maybe_fail('post_live_migration', instance)
        return super().post_live_migration(context, instance, *args,
                                           **kwargs)

    def post_live_migration_at_destination(self, context, instance, *args,
                                           **kwargs):
        self._maybe_fail('post_live_migration_at_destination', instance)
        return super().post_live_migration_at_destination(
            context, instance, *args, **kwargs)

    def rollback_live_migration_at_destination(self, context, instance,
                                               *args, **kwargs):
        self._maybe_fail('rollback_live_migration_at_destination', instance)
        return super().rollback_live_migration_at_destination(
            context, instance, *args, **kwargs)

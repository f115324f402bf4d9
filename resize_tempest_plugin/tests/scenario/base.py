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

"""Mechanics of the resize fault scenarios.

A scenario boots a server, moves it so that the move fails at a stage of
the fault catalogue, and then judges the server, its migration record and
the Placement allocations of both consumers against the catalogue's end
state, and finally that deleting the server leaves nothing behind.

A judgement has four steps: observe (the API calls), expect and compare
(pure, in common/judge.py) and report (the allocation report and, on a
mismatch, one failure with the table).
"""

import dataclasses
import datetime
import functools
import shlex
import subprocess

from oslo_log import log as logging
from tempest import config
from tempest.lib.common import api_version_utils
from tempest.lib.common.utils import data_utils
from tempest.lib.common.utils import test_utils
from tempest.lib import exceptions as lib_exc
from tempest import test

from resize_tempest_plugin.common import claim_hosts
from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import pinning
from resize_tempest_plugin.common import report
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import config as resize_config
from resize_tempest_plugin import faults

CONF = config.CONF
LOG = logging.getLogger(__name__)

# Seconds from a settled server and migration to the end of the instance
# action event that ends the operation: Nova ends it right after saving
# them, so a longer wait means the event will not come.
EVENT_TIMEOUT = 30
# The label of the judgement after the server is deleted.
DELETED = 'deleted'


def needs_stage(stage_name):
    """Skip the test unless [resize_fault] available_stages lists it.

    The test receives the catalogue's FaultStage as its first argument.
    """
    faults.get_stage(stage_name)  # an unknown name fails at import

    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            return func(self, self.require_stage(stage_name), *args,
                        **kwargs)
        wrapper.stage = stage_name
        return wrapper
    return decorator


class ResizeFaultScenarioTest(test.BaseTestCase):
    """Base class: hosts, providers, flavors, servers and judgements."""

    credentials = ['primary', 'admin']
    min_compute_nodes = 2
    # 2.53: hypervisor ids are compute node (resource provider) uuids;
    # 2.56: cold migration to a named host; 2.59: migration uuids; 2.61:
    # flavors show their extra specs (the allocation rules read them).
    compute_min_microversion = '2.61'
    compute_max_microversion = api_version_utils.LATEST_MICROVERSION
    # 1.6: traits, for pinning moves to hosts.
    placement_min_microversion = pinning.PLACEMENT_MICROVERSION
    placement_max_microversion = api_version_utils.LATEST_MICROVERSION

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not CONF.service_available.nova:
            raise cls.skipException('Nova is not available: '
                                    '[service_available] nova = False.')
        try:
            cls.settings = resize_config.validate(
                CONF.resize_fault, CONF.compute.build_timeout,
                CONF.compute.build_interval)
        except resize_config.InvalidOption as error:
            raise lib_exc.InvalidConfiguration(str(error))
        if not cls.settings.enabled:
            raise cls.skipException('Resize fault scenarios are disabled: '
                                    '[resize_fault] enabled = False.')
        if not CONF.compute_feature_enabled.resize:
            raise cls.skipException(
                'Resize is not available: set [compute-feature-enabled] '
                'resize = True if the cloud allows it.')
        if CONF.compute.min_compute_nodes < cls.min_compute_nodes:
            raise cls.skipException(
                'Needs %d compute hosts but [compute] min_compute_nodes = '
                '%d; raise it if the cloud has more hosts.'
                % (cls.min_compute_nodes, CONF.compute.min_compute_nodes))
        api_version_utils.check_skip_with_microversion(
            cls.compute_min_microversion, cls.compute_max_microversion,
            CONF.compute.min_microversion, CONF.compute.max_microversion)
        api_version_utils.check_skip_with_microversion(
            cls.placement_min_microversion, cls.placement_max_microversion,
            CONF.placement.min_microversion, CONF.placement.max_microversion)

    @classmethod
    def setup_clients(cls):
        super().setup_clients()
        cls.servers_client = cls.os_primary.servers_client
        cls.admin_servers_client = cls.os_admin.servers_client
        cls.admin_flavors_client = cls.os_admin.flavors_client
        cls.admin_migrations_client = cls.os_admin.migrations_client
        cls.admin_services_client = cls.os_admin.services_client
        cls.admin_hypervisor_client = cls.os_admin.hypervisor_client
        cls.resource_providers_client = (
            cls.os_admin.resource_providers_client)
        cls.allocations_client = (
            cls.os_admin.resize_placement.AllocationsClient())
        cls.ledger = ledger.AllocationLedger(cls.os_admin.placement_client,
                                             cls.allocations_client)

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.setup_api_microversion_fixture(
            compute_microversion=api_version_utils.select_request_microversion(
                cls.compute_min_microversion, CONF.compute.min_microversion),
            placement_microversion=(
                api_version_utils.select_request_microversion(
                    cls.placement_min_microversion,
                    CONF.placement.min_microversion)))
        cls.providers = cls._compute_providers()
        if len(cls.providers) < cls.min_compute_nodes:
            raise cls.skipException(
                'Needs %d enabled and up nova-compute hosts with a Placement '
                'resource provider; found %d: %s.' % (
                    cls.min_compute_nodes, len(cls.providers),
                    ', '.join(sorted(cls.providers)) or 'none'))
        for option in ('source_host', 'dest_host', 'alternate_host'):
            host = getattr(cls.settings, option)
            if host and host not in cls.providers:
                raise lib_exc.InvalidConfiguration(
                    '[resize_fault] %s = %s is not an enabled and up '
                    'nova-compute host outside [compute] '
                    'target_hosts_to_avoid; usable hosts: %s'
                    % (option, host, ', '.join(sorted(cls.providers))))
        cls.base_flavor = cls.admin_flavors_client.show_flavor(
            CONF.compute.flavor_ref)['flavor']

    @staticmethod
    def _avoided(host):
        """Whether [compute] target_hosts_to_avoid excludes ``host``."""
        pattern = CONF.compute.target_hosts_to_avoid
        return bool(pattern) and pattern in host

    @classmethod
    def _compute_providers(cls):
        """{host: resource provider uuid} of usable nova-computes.

        Usable: enabled, up, and not excluded by [compute]
        target_hosts_to_avoid.
        """
        services = cls.admin_services_client.list_services(
            binary='nova-compute')['services']
        hosts = {service['host'] for service in services
                 if service['status'] == 'enabled' and
                 service['state'] == 'up' and
                 not cls._avoided(service['host'])}
        hypervisors = cls.admin_hypervisor_client.list_hypervisors(
            detail=True)['hypervisors']
        providers = {}
        cls.numa_cells = {}
        for hypervisor in hypervisors:
            host = hypervisor['service']['host']
            if host in hosts:
                if host in providers:
                    raise lib_exc.InvalidConfiguration(
                        'Host %s has more than one compute node; the '
                        'scenarios need one node per host.' % host)
                providers[host] = hypervisor['id']
                cls.numa_cells[host] = claim_hosts.host_numa_cells(
                    hypervisor)
        cls.fault_driver_hosts = set()
        list_traits = (
            cls.resource_providers_client.list_resource_provider_traits)
        try:
            for host, uuid in providers.items():
                if faults.DRIVER_TRAIT in list_traits(uuid)['traits']:
                    cls.fault_driver_hosts.add(host)
        except lib_exc.EndpointNotFound:
            raise cls.skipException(
                'No Placement endpoint in the service catalog (type %r, '
                '[placement] catalog_type); the scenarios need Placement.'
                % CONF.placement.catalog_type)
        return providers

    def setUp(self):
        super().setUp()
        self._settled = {}
        # Known Nova defects ({name: failure message}) this test saw, and
        # those expected at a judgement that did not show them.
        self._defects_seen = {}
        self._defects_absent = set()

    # Preconditions of single tests.

    def require_stage(self, stage_name):
        """The stage, if listed; a listed stage needs its fault driver.

        The fault driver marks its compute node providers with
        faults.DRIVER_TRAIT, so a missing driver is an error at once
        instead of a move that never fails.
        """
        stage = faults.get_stage(stage_name)
        if not self.settings.stage_available(stage_name):
            raise self.skipException(
                'Fault stage %s is not available: deploy the fault driver '
                '(resize_tempest_nova.fault_driver.FaultInjectingDriver) on '
                'every nova-compute and add %s to [resize_fault] '
                'available_stages.' % (stage_name, stage_name))
        lacking = sorted(set(self.providers) - self.fault_driver_hosts)
        if stage.needs_fault_driver and lacking:
            raise lib_exc.InvalidConfiguration(
                '[resize_fault] available_stages lists %s, but nova-compute '
                'on %s does not run the fault driver (its resource provider '
                'lacks the trait %s): set compute_driver = '
                'resize_fault.FaultInjectingDriver there (see the fault '
                'driver page of the docs), or list only the portable stage '
                '(%s).' % (stage_name, ', '.join(lacking), faults.DRIVER_TRAIT,
                           ', '.join(faults.PORTABLE_STAGE_NAMES)))
        return stage

    def require_claim_hosts(self, rejecting, accepting=0):
        """Hosts for the claim stage (see claim_hosts.choose).

        :returns: a claim_hosts.ClaimHosts.
        """
        self.require_stage('claim')
        filters = CONF.compute_feature_enabled.scheduler_enabled_filters
        if 'all' in filters or 'NUMATopologyFilter' in filters:
            raise self.skipException(
                'The scheduler checks NUMA fit ([compute-feature-enabled] '
                'scheduler_enabled_filters has NUMATopologyFilter), so no '
                'destination\'s claim gets the flavor to reject: remove the '
                'filter from nova.conf [filter_scheduler] enabled_filters '
                'and from that option to run the claim scenarios.')
        try:
            return claim_hosts.choose(
                self.numa_cells, rejecting, accepting,
                source_host=self.settings.source_host,
                dest_host=self.settings.dest_host,
                alternate_host=self.settings.alternate_host)
        except claim_hosts.NoSuitableHosts as reason:
            raise self.skipException(
                '%s The embedded cloud has what the claim scenarios need '
                '(--computes 3).' % reason)

    def require_first_choice_weigher(self):
        if not self.settings.first_choice_weigher:
            raise self.skipException(
                'The reschedule scenario needs to know which host the '
                'scheduler tries first: add resize_tempest_nova.'
                'first_choice.FirstChoiceWeigher to nova.conf '
                '[filter_scheduler] weight_classes and set [resize_fault] '
                'first_choice_weigher = True.')

    def rand_name(self, kind):
        """A name ``tempest cleanup`` recognises as ours."""
        return data_utils.rand_name(
            prefix=CONF.resource_name_prefix,
            name='%s-%s' % (self.__class__.__name__, kind))

    # Resources, each cleaned up even when the test fails.

    def grow_for_numa_nodes(self, numa_nodes):
        """The smallest ``grow`` whose VCPUs and RAM split over the nodes."""
        base = self.base_flavor
        for grow in range(1, 2 * numa_nodes + 1):
            if not ((base['vcpus'] + grow) % numa_nodes or
                    (base['ram'] + 64 * grow) % numa_nodes):
                return grow
        raise lib_exc.InvalidConfiguration(
            'No flavor grown from [compute] flavor_ref splits evenly over '
            '%d guest NUMA nodes.' % numa_nodes)

    def create_flavor(self, extra_specs=None, grow=0):
        """A public flavor sized like [compute] flavor_ref plus ``grow``.

        Each step of ``grow`` adds one VCPU, 64 MiB and 1 GiB, so that the
        amounts of every resource class tell the flavors apart.
        """
        base = self.base_flavor
        flavor = self.admin_flavors_client.create_flavor(
            name=self.rand_name('flavor'),
            vcpus=base['vcpus'] + grow, ram=base['ram'] + 64 * grow,
            disk=base['disk'] + grow, id=data_utils.rand_uuid())['flavor']
        self.addCleanup(test_utils.call_and_ignore_notfound_exc,
                        self.admin_flavors_client.delete_flavor,
                        flavor['id'])
        if extra_specs:
            self.admin_flavors_client.set_flavor_extra_spec(
                flavor['id'], **extra_specs)
        return self.admin_flavors_client.show_flavor(flavor['id'])['flavor']

    def boot_server(self, flavor):
        """Boot a server of the primary project with no network.

        :returns: (server, the host it landed on)
        """
        server = self.servers_client.create_server(
            name=self.rand_name('server'),
            imageRef=CONF.compute.image_ref, flavorRef=flavor['id'],
            networks='none')['server']
        # Cleanups run last-in first-out: the server goes first, then any
        # allocation it or its migrations left behind.
        self.addCleanup(self._delete_server_and_leftovers, server['id'])
        server = self.wait_for_server(server['id'], 'ACTIVE')
        return server, self.host_of(server)

    def _delete_server(self, server_id):
        try:
            self.admin_servers_client.delete_server(server_id)
        except lib_exc.NotFound:
            return
        waiters.wait_for_server_deleted(
            self.admin_servers_client, server_id, self.settings.timeout,
            self.settings.poll_interval)

    def _delete_server_and_leftovers(self, server_id):
        """Delete the server, then what a broken cloud left behind.

        The migrations are listed first: Nova hides them once their server
        is deleted.  The test itself has already judged the leak by then;
        this only lets the next test start clean.
        """
        consumers = [server_id] + self._migration_uuids(server_id)
        self._delete_server(server_id)
        for consumer in self.ledger.consumers_view(consumers).consumers():
            test_utils.call_and_ignore_notfound_exc(
                self.allocations_client.delete_allocations, consumer)

    def destination_for(self, source, same_host=False):
        """The host a move from ``source`` goes to."""
        if same_host:
            return source
        dest = self.settings.dest_host
        if dest and dest != source:
            return dest
        return sorted(host for host in self.providers if host != source)[0]

    def pin_to(self, host, specs=None):
        """Extra specs that leave the scheduler only ``host`` to pick.

        A trait of this test's own goes onto the host's resource provider
        until the test ends.  Given the specs of an earlier pin, the same
        trait goes onto ``host`` too, so either host qualifies.
        """
        placement = self.os_admin.placement_client
        if specs:
            (key,) = specs
            trait = key.split(':', 1)[1]
        else:
            trait = pinning.new_trait_name()
            placement.create_trait(trait)
            # Runs after every provider let go of the trait (LIFO).
            self.addCleanup(placement.delete_trait, trait)
        pinning.add_trait(self.resource_providers_client,
                          self.providers[host], trait)
        self.addCleanup(pinning.remove_trait, self.resource_providers_client,
                        self.providers[host], trait)
        return pinning.required(trait)

    def source_pin(self):
        """Extra specs pinning a boot to [resize_fault] source_host."""
        if self.settings.source_host:
            return self.pin_to(self.settings.source_host)
        return {}

    # Observations.

    def wait_for_server(self, server_id, status):
        server = waiters.wait_for_server_status(
            self.admin_servers_client, server_id, status,
            self.settings.timeout, self.settings.poll_interval)
        self._record_settled('server', server['updated'])
        return server

    def wait_for_migration(self, server_id, *statuses):
        migration = waiters.wait_for_migration_status(
            self.admin_migrations_client, server_id, statuses,
            self.settings.timeout, self.settings.poll_interval)
        self._record_settled('migration', migration['updated_at'])
        return migration

    def _record_settled(self, what, updated_at):
        """When the API says ``what`` last changed, and when we noticed.

        The reports keep both, so a benchmark can tell the polling delay.
        """
        self._settled[what] = {
            'updated_at': updated_at,
            'noticed_at': datetime.datetime.now(
                datetime.timezone.utc).isoformat()}

    @staticmethod
    def host_of(server):
        return server['OS-EXT-SRV-ATTR:host']

    def action_events(self, server_id, newest_only=False):
        """The events of the server's instance actions, oldest first.

        :param newest_only: only those of the newest action (the move,
            confirm or revert under way).
        """
        events = []
        # Nova lists the newest action first; start times have whole
        # seconds, so they cannot tell a resize from its quick revert.
        actions = self.admin_servers_client.list_instance_actions(
            server_id)['instanceActions']
        for action in actions[:1] if newest_only else actions[::-1]:
            shown = self.admin_servers_client.show_instance_action(
                server_id, action['request_id'])['instanceAction']
            for event in sorted(shown.get('events') or [],
                                key=lambda each: each['start_time']):
                events.append(judge.ActionEvent(
                    action['action'], event['event'], event.get('host'),
                    event.get('result')))
        return events

    def assert_tried_hosts(self, server_id, hosts):
        """The move's prep_resize ran on exactly ``hosts``.

        A destination that rejects a rescheduled move leaves no error
        behind except this event: it shows the scheduler tried it.
        """
        tried = {event.host for event in self.action_events(server_id)
                 if event.action in ('resize', 'migrate') and
                 event.event == 'compute_prep_resize'}
        self.assertEqual(
            set(hosts), tried,
            'hosts whose prep_resize ran for the move of %s (the first '
            'choice comes from the first-choice weigher: check nova.conf '
            '[filter_scheduler] weight_classes)' % server_id)

    def _migrations(self, server_id):
        return self.admin_migrations_client.list_migrations(
            instance_uuid=server_id)['migrations']

    def _migration_uuids(self, server_id):
        return [migration['uuid']
                for migration in self._migrations(server_id)]

    # Moves.

    def start_resize(self, extra_specs=None, same_host=False, stage=None):
        """Boot, then resize to a bigger flavor pinned to the destination.

        :param stage: the faults.FaultStage the move is to fail at.
        :returns: the judge.Move under way.
        """
        old = self.create_flavor(self.source_pin())
        server, source = self.boot_server(old)
        specs = dict(extra_specs or {})
        specs.update(self.pin_to(self.destination_for(source, same_host)))
        new = self.create_flavor(specs, grow=1)
        self.servers_client.resize_server(server['id'], new['id'])
        return judge.Move(server['id'], source,
                          {faults.OLD: old, faults.NEW: new},
                          stage=stage.name if stage else None)

    def resize_to_verify(self, extra_specs=None, same_host=False,
                         stage=None):
        """Resize (see start_resize) and judge VERIFY_RESIZE.

        :returns: the judge.Move.
        """
        move = self.start_resize(extra_specs, same_host, stage)
        self.wait_and_judge(move, faults.VERIFY_RESIZE_STATE,
                            label='verify_resize')
        return move

    def fail_resize(self, stage, same_host=False):
        """Resize so that the move fails at ``stage``; judge the end.

        :returns: (the judge.Move, the allocations seen)
        """
        specs = stage.extra_specs(self.settings.extra_spec_namespace)
        if stage.operation == faults.RESIZE:
            move = self.start_resize(specs, same_host, stage)
        else:
            move = self.resize_to_verify(specs, same_host, stage)
            if stage.operation == faults.CONFIRM:
                self.servers_client.confirm_resize_server(move.server_id)
            else:
                self.servers_client.revert_resize_server(move.server_id)
        return move, self.wait_and_judge(move, stage.end_state, stage)

    def fail_cold_migration(self, stage):
        """Cold-migrate a server so that the move fails at ``stage``.

        The flavor carries the fault and stays the same on both sides.

        :returns: (the judge.Move, the allocations seen)
        """
        pin = self.source_pin()
        flavor = self.create_flavor(dict(
            stage.extra_specs(self.settings.extra_spec_namespace), **pin))
        server, source = self.boot_server(flavor)
        dest = self.destination_for(source)
        if pin:
            # The flavor must still fit the destination.
            self.pin_to(dest, pin)
        self.admin_servers_client.migrate_server(server['id'], host=dest)
        move = judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.COLD_MIGRATION, stage=stage.name)
        return move, self.wait_and_judge(move, stage.end_state, stage)

    def start_claim_resize(self, rejecting, accepting=0):
        """Resize to a flavor the claims of ``rejecting`` hosts reject.

        The new flavor is pinned to the rejecting and accepting hosts, so
        the scheduler's alternates are exactly those; with accepting hosts
        it names the first rejecting host as the first choice.

        :returns: (the judge.Move, claim_hosts.ClaimHosts); the move's
            alternate is the accepting host, if there is one.
        """
        hosts = self.require_claim_hosts(rejecting, accepting)
        if accepting:
            self.require_first_choice_weigher()
        stage = faults.get_stage('claim')
        old = self.create_flavor(self.pin_to(hosts.source))
        server, _ = self.boot_server(old)
        specs = stage.extra_specs(numa_nodes=hosts.numa_nodes)
        pin = None
        for host in hosts.rejecting + hosts.accepting:
            pin = self.pin_to(host, pin)
        specs.update(pin)
        if accepting:
            specs[faults.first_choice_spec(
                self.settings.extra_spec_namespace)] = hosts.rejecting[0]
        new = self.create_flavor(
            specs, grow=self.grow_for_numa_nodes(hosts.numa_nodes))
        self.servers_client.resize_server(server['id'], new['id'])
        move = judge.Move(server['id'], hosts.source,
                          {faults.OLD: old, faults.NEW: new},
                          alternate=(hosts.accepting or (None,))[0],
                          stage=stage.name)
        return move, hosts

    def fail_claim(self, rejecting):
        """Resize so that every destination's claim rejects it; judge.

        Judges the claim stage's end state, that prep_resize ran on each
        rejecting host, and that deleting the server leaves nothing.
        """
        move, hosts = self.start_claim_resize(rejecting)
        stage = faults.get_stage('claim')
        self.wait_and_judge(move, stage.end_state, stage, server_first=True)
        self.assert_tried_hosts(move.server_id, hosts.rejecting)
        self.assert_nothing_left_after_delete(move, hosts.rejecting[0])

    def move_hosts(self, count):
        """A source and ``count`` other hosts, [resize_fault] ones first."""
        source = self.settings.source_host or sorted(self.providers)[0]
        others = sorted(host for host in self.providers if host != source)
        preferred = [host for host in (self.settings.dest_host,
                                       self.settings.alternate_host)
                     if host in others]
        hosts = list(dict.fromkeys(preferred + others))[:count]
        if len(hosts) < count:
            raise self.skipException(
                'Needs %d compute hosts besides the source; found %d.'
                % (count, len(hosts)))
        return source, hosts

    def boot_on_source(self, source, extra_specs=None):
        """Boot a server pinned to ``source``, to move it from there.

        :returns: (server, flavor, pin specs), the pin to extend to the
            hosts the move may go to.
        """
        pin = self.pin_to(source)
        flavor = self.create_flavor(dict(extra_specs or {}, **pin))
        server, host = self.boot_server(flavor)
        if host != source:
            self.fail('Server %s was pinned to %s but booted on %s.'
                      % (server['id'], source, host))
        return server, flavor, pin

    def start_live_migration(self, stage=None, named=True, candidates=1,
                             first_refuses=False):
        """Boot on a source, then live-migrate the server.

        :param stage: the faults.FaultStage the move is to fail at.
        :param named: name the destination, or let the scheduler choose
            among the candidate hosts (the flavor is pinned to them).
        :param candidates: how many hosts the move may go to.
        :param first_refuses: the fault fires on the first candidate only,
            which the first-choice weigher puts first.
        :returns: (the judge.Move, the candidate hosts, first first).
        """
        source, hosts = self.move_hosts(candidates)
        specs = {}
        if stage is not None:
            specs = stage.extra_specs(
                self.settings.extra_spec_namespace,
                host=hosts[0] if first_refuses else None)
        if first_refuses:
            self.require_first_choice_weigher()
            specs[faults.first_choice_spec(
                self.settings.extra_spec_namespace)] = hosts[0]
        server, flavor, pin = self.boot_on_source(source, specs)
        for host in hosts:
            self.pin_to(host, pin)
        self.admin_servers_client.live_migrate_server(
            server['id'], host=hosts[0] if named else None,
            block_migration='auto')
        move = judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          alternate=hosts[1] if first_refuses else None,
                          kind=faults.LIVE_MIGRATION,
                          stage=stage.name if stage else None)
        return move, hosts

    def fail_live_migration(self, stage, named=True):
        """Live-migrate so that the move fails at ``stage``; judge the end.

        :returns: (the judge.Move, the allocations seen)
        """
        move, _ = self.start_live_migration(stage, named=named)
        return move, self.wait_and_judge(move, stage.end_state, stage)

    def shelve_offloaded(self, stage=None):
        """Boot on a source, shelve, and judge the offloaded server.

        The cloud must offload at once (nova.conf [DEFAULT]
        shelved_offload_time = 0, the default).

        :returns: the judge.Move.
        """
        specs = (stage.extra_specs(self.settings.extra_spec_namespace)
                 if stage else {})
        source, _ = self.move_hosts(0)
        server, flavor, _ = self.boot_on_source(source, specs)
        self.servers_client.shelve_server(server['id'])
        move = judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.SHELVE,
                          stage=stage.name if stage else None)
        if stage is not None and stage.operation == faults.SHELVE:
            return move
        self.wait_and_judge(move, faults.SHELVED_OFFLOADED_STATE,
                            label='shelved_offloaded')
        return move

    def fail_shelve(self, stage):
        """Shelve so that the offload fails at ``stage``; judge the end."""
        move = self.shelve_offloaded(stage)
        return move, self.wait_and_judge(move, stage.end_state, stage)

    def fail_unshelve(self, stage):
        """Unshelve an offloaded server so that it fails at ``stage``."""
        move = dataclasses.replace(self.shelve_offloaded(stage),
                                   kind=faults.UNSHELVE)
        self.servers_client.unshelve_server(move.server_id)
        return move, self.wait_and_judge(move, stage.end_state, stage)

    def force_down(self, host):
        """Force the nova-compute of ``host`` down until the test ends.

        The cleanup puts it back up even when the test fails (restarting
        it first where an evacuation waits for it, see restore_service).
        """
        (service,) = self.admin_services_client.list_services(
            host=host, binary='nova-compute')['services']
        try:
            self.admin_services_client.update_service(service['id'],
                                                      forced_down=True)
        except lib_exc.Forbidden as refused:
            raise self.skipException(
                'The cloud refuses to force nova-compute on %s down (%s); '
                'the evacuation scenarios need it.' % (host, refused))
        self.addCleanup(self.restore_service, service['id'], host)
        return service['id']

    def restore_service(self, service_id, host):
        """Un-force a compute; restart it first if Nova insists.

        Nova refuses while an evacuation from the host waits for its
        nova-compute to start again and clean up.
        """
        try:
            self.admin_services_client.update_service(service_id,
                                                      forced_down=False)
            return
        except lib_exc.BadRequest:
            if not self.settings.compute_restart_command:
                raise
        self.restart_compute(host)
        waiters.poll_until(
            lambda: self._try_unforce(service_id), self.settings.timeout,
            self.settings.poll_interval,
            'nova-compute on %s to be allowed back up' % host)

    def _try_unforce(self, service_id):
        try:
            self.admin_services_client.update_service(service_id,
                                                      forced_down=False)
        except lib_exc.BadRequest:
            return None
        return True

    def restart_compute(self, host):
        """Restart nova-compute on ``host`` ([resize_fault] command)."""
        command = self.settings.compute_restart_command.format(host=host)
        try:
            subprocess.run(shlex.split(command), check=True,
                           timeout=self.settings.timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except subprocess.CalledProcessError as failed:
            self.fail('[resize_fault] compute_restart_command %r failed '
                      'with %d: %s' % (command, failed.returncode,
                                       failed.stdout[-500:]))

    def start_evacuation(self, stage=None, candidates=1):
        """Boot on a source, force its compute down, evacuate the server.

        :param candidates: how many hosts the evacuation may go to (0: no
            host can take it).
        :returns: the judge.Move.
        """
        source, hosts = self.move_hosts(candidates)
        specs = (stage.extra_specs(self.settings.extra_spec_namespace)
                 if stage else {})
        server, flavor, pin = self.boot_on_source(source, specs)
        for host in hosts:
            self.pin_to(host, pin)
        self.force_down(source)
        self.admin_servers_client.evacuate_server(server['id'])
        return judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.EVACUATION,
                          stage=stage.name if stage else None)

    def wait_and_judge(self, move, end_state, stage=None, label='',
                       server_first=False):
        """Wait for the end state to settle, then judge it.

        Waits for the migration and the server (the server first when the
        move goes through several migration statuses on its way, as a
        reschedule does), then for the event that ends the operation.

        :param stage: the faults.FaultStage whose failure is judged.
        :returns: the allocations seen, for later comparisons.
        """
        try:
            self._wait_for_end_state(move, end_state, server_first)
        except (waiters.ServerErrored, waiters.MigrationErrored) as final:
            # The server or its migration settled where the end state can
            # no longer come: judge what it shows now, table and all.
            LOG.info('Judging at once: %s', final)
            return self.assert_end_state(move, end_state, stage, label)
        if stage:
            last_event, result = stage.failed_event, 'Error'
        else:
            last_event, result = end_state.settled_by, None
        if last_event:
            waiters.wait_for_event_finished(
                lambda: self.action_events(move.server_id,
                                           newest_only=True),
                last_event, min(self.settings.timeout, EVENT_TIMEOUT),
                self.settings.poll_interval, result=result)
        return self.assert_end_state(move, end_state, stage, label)

    def _wait_for_end_state(self, move, end_state, server_first):
        if end_state.migration_status is None:
            self.wait_for_server(move.server_id, end_state.server_status)
        elif server_first:
            self.wait_for_server(move.server_id, end_state.server_status)
            self.wait_for_migration(move.server_id,
                                    end_state.migration_status)
        else:
            self.wait_for_migration(move.server_id,
                                    end_state.migration_status)
            self.wait_for_server(move.server_id, end_state.server_status)

    # Judgements: observe, expect, compare, report.

    def observe(self, server_id):
        """What the APIs show of the server, its migrations and consumers.

        :returns: a judge.Observation.
        """
        server = self.admin_servers_client.show_server(server_id)['server']
        migrations = tuple(self._migrations(server_id))
        allocations = self.ledger.view(
            list(self.providers.values()),
            [server_id] + [each['uuid'] for each in migrations])
        return judge.Observation(server, migrations,
                                 tuple(self.action_events(server_id)),
                                 allocations)

    def assert_end_state(self, move, end_state, stage=None, label=''):
        """Judge server, migration and allocations against ``end_state``.

        Every mismatch is gathered into one failure that shows the
        allocation table and the server's fault.

        :returns: the allocations seen, for later comparisons.
        """
        observation = self.observe(move.server_id)
        if (observation.migration is None and
                end_state.migration_status is not None):
            self.fail('Server %s has no migration record after the move.'
                      % move.server_id)
        expectation = judge.expect(end_state, move, observation,
                                   self.providers, stage)
        problems = judge.compare(expectation, observation)
        self.report(move, observation, expectation, problems, stage, label)
        return observation.allocations

    def report(self, move, observation, expectation, problems, stage=None,
               label=''):
        """Write the allocation report; judge the problems (see _verdict)."""
        migration = observation.migration or {}
        names = self._names(judge.sides(move, observation), move.server_id,
                            [each['uuid'] for each in
                             observation.migrations])
        facts = {'stage': move.stage, 'step': label,
                 'server': move.server_id,
                 'server_status': observation.server['status'],
                 'server_host': observation.host,
                 'fault': observation.fault,
                 'migration': migration.get('uuid'),
                 'migration_status': migration.get('status'),
                 'source': move.source, 'dest': migration.get('dest_compute'),
                 'migrations': [(each['uuid'], each['dest_compute'],
                                 each['status'])
                                for each in observation.migrations],
                 'events': [str(event) for event in observation.events],
                 'settled': dict(self._settled),
                 'problems': [str(problem) for problem in problems]}
        report_path = report.write_report(
            self.settings.report_dir, self._report_name(label), facts,
            expectation.allocations, observation.allocations, names)
        self._verdict(move, label, problems, '%s\n%s\nserver fault: %s\n'
                      'report: %s' % (
                          self._problem_list(label, problems),
                          ledger.format_table(expectation.allocations,
                                              observation.allocations,
                                              names),
                          observation.fault, report_path))

    def _report_name(self, label):
        return '%s%s' % (self.id(), '.' + label if label else '')

    @staticmethod
    def _problem_list(label, problems):
        lines = ['After %s:' % (label or 'the move')]
        lines.extend(' - %s' % problem for problem in problems)
        return '\n'.join(lines)

    def _verdict(self, move, label, problems, message):
        """Fail on problems, unless they are a known Nova defect.

        A known defect (faults.KNOWN_DEFECTS) is kept for the end of the
        test, which reports it as an expected failure; with [resize_fault]
        known_defects_fail it fails at once like any other problem.
        """
        defect = (faults.known_defect(move.kind, move.stage, label)
                  if move.stage else None)
        if defect is None:
            if problems:
                self.fail(message)
            return
        if not problems:
            self._defects_absent.add(defect.name)
            return
        beyond = [problem for problem in problems
                  if problem.check not in defect.checks]
        if beyond or self.settings.known_defects_fail:
            self.fail('%s\n(known Nova defect %s shows here%s)' % (
                message, defect.name,
                '; the problems go beyond it' if beyond else ''))
        self._defects_seen.setdefault(defect.name, message)

    def conclude_known_defects(self):
        """Report the known Nova defects this test saw, by name.

        Seen: an expected failure.  Expected but not seen: an unexpected
        success, so a fixed Nova is noticed.
        """
        seen = self._defects_seen
        absent = sorted(self._defects_absent - set(seen))
        if seen:
            self.expectFailure(
                'known Nova defect %s (doc/source/known-defects.rst)'
                % ', '.join(sorted(seen)), self.fail,
                '\n\n'.join(seen.values()))
        elif absent and not self.settings.known_defects_fail:
            self.expectFailure(
                'known Nova defect %s did not show: if Nova is fixed, '
                'remove it from resize_tempest_plugin.faults.KNOWN_DEFECTS'
                % ', '.join(absent), lambda: None)

    def assert_nothing_left_after_delete(self, move, dest=None):
        """Delete the server; none of its consumers may hold anything.

        The last step of every scenario: it also reports the known Nova
        defects the test saw.
        """
        migration_uuids = self._migration_uuids(move.server_id)
        self._delete_server(move.server_id)
        actual = self.ledger.view(list(self.providers.values()),
                                  [move.server_id] + migration_uuids)
        problems = []
        if actual:
            problems.append(judge.Problem(
                judge.ALLOCATIONS, 'allocations left after the server was '
                'deleted (leak)'))
        names = self._names({faults.SOURCE: move.source, faults.DEST: dest},
                            move.server_id, migration_uuids)
        self._verdict(move, DELETED, problems, '%s\n%s' % (
            self._problem_list(DELETED, problems),
            ledger.format_table(ledger.Snapshot(), actual, names)))
        self.conclude_known_defects()

    def _names(self, sides, server_id, migration_uuids):
        providers = {}
        for side, host in sides.items():
            if host in self.providers:
                label = '%s %s' % (side, host)
                uuid = self.providers[host]
                providers[uuid] = (label if uuid not in providers
                                   else providers[uuid] + '=' + label)
        for host, uuid in self.providers.items():
            providers.setdefault(uuid, host)
        consumers = {server_id: 'instance'}
        consumers.update((uuid, 'migration') for uuid in migration_uuids)
        return ledger.Names(providers, consumers)

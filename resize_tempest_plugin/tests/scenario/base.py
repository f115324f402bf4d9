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
"""

import dataclasses
import datetime
import json
import typing

from tempest import config
from tempest.lib.common import api_version_utils
from tempest.lib.common.utils import data_utils
from tempest.lib.common.utils import test_utils
from tempest.lib import exceptions as lib_exc
from tempest.lib.services.compute import base_compute_client
from tempest.lib.services.placement import base_placement_client
from tempest import test

from resize_tempest_plugin.common import claim_hosts
from resize_tempest_plugin.common import flavor_allocation
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import pinning
from resize_tempest_plugin.common import report
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import config as resize_config
from resize_tempest_plugin import faults

CONF = config.CONF

# 2.74: boot on a named host; 2.61: extra specs shown with the flavor;
# 2.59: migration uuids; 2.56: cold migrate to a named host; 2.53: the
# hypervisor id is the compute node (and resource provider) uuid.
COMPUTE_MICROVERSION = '2.74'
# Seconds from a settled server and migration to the end of the instance
# action event that ends the operation: Nova ends it right after saving
# them, so a longer wait means the event will not come.
EVENT_TIMEOUT = 30


@dataclasses.dataclass(frozen=True)
class ActionEvent:
    """One event of an instance action: what ran where, and its result."""

    action: str
    event: str
    host: typing.Optional[str]
    result: typing.Optional[str]

    def __str__(self):
        return '%s/%s@%s=%s' % (self.action, self.event, self.host,
                                self.result)


def host_numa_cells(hypervisor):
    """The host NUMA cells a hypervisor reports in cpu_info, or None."""
    cpu_info = hypervisor.get('cpu_info') or {}
    if isinstance(cpu_info, str):
        try:
            cpu_info = json.loads(cpu_info)
        except ValueError:
            return None
    cells = (cpu_info.get('topology') or {}).get('cells')
    return cells if isinstance(cells, int) and cells > 0 else None


class ResizeFaultScenarioTest(test.BaseTestCase):
    """Base class: hosts, providers, flavors, servers and judgements."""

    credentials = ['primary', 'admin']
    min_compute_nodes = 2

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not CONF.service_available.nova:
            raise cls.skipException('Nova is not available: '
                                    '[service_available] nova = False.')
        try:
            cls.settings = resize_config.validate(CONF.resize_fault)
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
            COMPUTE_MICROVERSION, 'latest', CONF.compute.min_microversion,
            CONF.compute.max_microversion)

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
        for module, name, version in (
                (base_compute_client, 'COMPUTE_MICROVERSION',
                 COMPUTE_MICROVERSION),
                (base_placement_client, 'PLACEMENT_MICROVERSION',
                 pinning.PLACEMENT_MICROVERSION)):
            cls.addClassResourceCleanup(setattr, module, name,
                                        getattr(module, name))
            setattr(module, name, version)
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
                    'nova-compute host; enabled hosts: %s'
                    % (option, host, ', '.join(sorted(cls.providers))))
        cls.base_flavor = cls.admin_flavors_client.show_flavor(
            CONF.compute.flavor_ref)['flavor']

    @classmethod
    def _compute_providers(cls):
        """{host: resource provider uuid} of enabled, up nova-computes."""
        services = cls.admin_services_client.list_services(
            binary='nova-compute')['services']
        hosts = {service['host'] for service in services
                 if service['status'] == 'enabled' and
                 service['state'] == 'up'}
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
                cls.numa_cells[host] = host_numa_cells(hypervisor)
        try:
            for uuid in providers.values():
                cls.resource_providers_client.show_resource_provider(uuid)
        except lib_exc.EndpointNotFound:
            raise cls.skipException(
                'No Placement endpoint in the service catalog (type %r, '
                '[placement] catalog_type); the scenarios need Placement.'
                % CONF.placement.catalog_type)
        return providers

    def setUp(self):
        super().setUp()
        self._settled = {}

    # Preconditions of single tests.

    def require_stage(self, stage_name):
        stage = faults.get_stage(stage_name)
        if not self.settings.stage_available(stage_name):
            raise self.skipException(
                'Fault stage %s is not available: deploy the fault driver '
                '(resize_fault.FaultInjectingDriver) on every nova-compute '
                'and add %s to [resize_fault] available_stages.'
                % (stage_name, stage_name))
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

    def require_cold_migration(self):
        if not CONF.compute_feature_enabled.cold_migration:
            raise self.skipException(
                'Cold migration is not available: set '
                '[compute-feature-enabled] cold_migration = True if the '
                'cloud allows it.')

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
            name=data_utils.rand_name(self.__class__.__name__ + '-flavor'),
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
            name=data_utils.rand_name(self.__class__.__name__ + '-server'),
            imageRef=CONF.compute.image_ref, flavorRef=flavor['id'],
            networks='none')['server']
        # Cleanups run last-in first-out: the server goes first, then any
        # allocation it or its migrations left behind.
        self.addCleanup(self._delete_leftover_allocations, server['id'])
        self.addCleanup(self._delete_server, server['id'])
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

    def _delete_leftover_allocations(self, server_id):
        """Remove what a broken cloud left, so the next test starts clean.

        The test itself has already failed on the leak by then.
        """
        consumers = [server_id] + self._migration_uuids(server_id)
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
                events.append(ActionEvent(
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

    def start_resize(self, extra_specs=None, same_host=False):
        """Boot, then resize to a bigger flavor pinned to the destination.

        :returns: (server id, source host, {OLD: flavor, NEW: flavor})
        """
        old = self.create_flavor(self.source_pin())
        server, source = self.boot_server(old)
        specs = dict(extra_specs or {})
        specs.update(self.pin_to(self.destination_for(source, same_host)))
        flavors = {faults.OLD: old,
                   faults.NEW: self.create_flavor(specs, grow=1)}
        self.servers_client.resize_server(server['id'],
                                          flavors[faults.NEW]['id'])
        return server['id'], source, flavors

    def resize_to_verify(self, extra_specs=None, same_host=False):
        """Resize (see start_resize) and judge VERIFY_RESIZE."""
        server_id, source, flavors = self.start_resize(extra_specs,
                                                       same_host)
        self.wait_and_judge(server_id, faults.VERIFY_RESIZE_STATE, source,
                            flavors, label='verify_resize')
        return server_id, source, flavors

    def fail_resize(self, stage_name, same_host=False):
        """Resize so that the move fails at ``stage_name``; judge the end.

        :returns: (server id, source host, flavors, allocations seen)
        """
        stage = self.require_stage(stage_name)
        specs = stage.extra_specs(self.settings.extra_spec_namespace)
        if stage.operation == faults.RESIZE:
            server_id, source, flavors = self.start_resize(specs, same_host)
        else:
            server_id, source, flavors = self.resize_to_verify(specs,
                                                               same_host)
            if stage.operation == faults.CONFIRM:
                self.servers_client.confirm_resize_server(server_id)
            else:
                self.servers_client.revert_resize_server(server_id)
        allocations = self.wait_and_judge(server_id, stage.end_state, source,
                                          flavors, stage)
        return server_id, source, flavors, allocations

    def start_claim_resize(self, rejecting, accepting=0):
        """Resize to a flavor the claims of ``rejecting`` hosts reject.

        The new flavor is pinned to the rejecting and accepting hosts, so
        the scheduler's alternates are exactly those; with accepting hosts
        it names the first rejecting host as the first choice.

        :returns: (server id, flavors, claim_hosts.ClaimHosts)
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
        flavors = {faults.OLD: old,
                   faults.NEW: self.create_flavor(
                       specs, grow=self.grow_for_numa_nodes(
                           hosts.numa_nodes))}
        self.servers_client.resize_server(server['id'],
                                          flavors[faults.NEW]['id'])
        return server['id'], flavors, hosts

    def fail_claim(self, rejecting):
        """Resize so that every destination's claim rejects it; judge.

        Judges the claim stage's end state, that prep_resize ran on each
        rejecting host, and that deleting the server leaves nothing.
        """
        server_id, flavors, hosts = self.start_claim_resize(rejecting)
        stage = faults.get_stage('claim')
        self.wait_and_judge(server_id, stage.end_state, hosts.source,
                            flavors, stage, server_first=True)
        self.assert_tried_hosts(server_id, hosts.rejecting)
        self.assert_nothing_left_after_delete(server_id, hosts.source,
                                              hosts.rejecting[0])

    def wait_and_judge(self, server_id, end_state, source, flavors,
                       stage=None, label='', alternate=None,
                       server_first=False):
        """Wait for the end state to settle, then judge it.

        Waits for the migration and the server (the server first when the
        move goes through several migration statuses on its way, as a
        reschedule does), then for the event that ends the operation.
        """
        if server_first:
            self.wait_for_server(server_id, end_state.server_status)
            self.wait_for_migration(server_id, end_state.migration_status)
        else:
            self.wait_for_migration(server_id, end_state.migration_status)
            self.wait_for_server(server_id, end_state.server_status)
        if stage:
            last_event, result = stage.failed_event, 'Error'
        else:
            last_event, result = end_state.settled_by, None
        if last_event:
            waiters.wait_for_event_finished(
                lambda: self.action_events(server_id, newest_only=True),
                last_event, min(self.settings.timeout, EVENT_TIMEOUT),
                self.settings.poll_interval, result=result)
        return self.assert_end_state(server_id, end_state, source, flavors,
                                     stage=stage, label=label,
                                     alternate=alternate)

    # Judgements.

    def assert_end_state(self, server_id, end_state, source, flavors,
                         stage=None, label='', alternate=None):
        """Judge server, migration and allocations against ``end_state``.

        Every mismatch is gathered into one failure that shows the
        allocation table and the server's fault.

        :param flavors: {faults.OLD: flavor, faults.NEW: flavor}.
        :param alternate: the host a rescheduled move must end on; the
            migration record must name it as its destination.
        :returns: the allocations seen, for later comparisons.
        """
        server = self.admin_servers_client.show_server(server_id)['server']
        migrations = self._migrations(server_id)
        migration_uuids = [each['uuid'] for each in migrations]
        migration = waiters.newest_migration(migrations)
        if migration is None:
            self.fail('Server %s has no migration record after the move.'
                      % server_id)
        sides = {faults.SOURCE: source, faults.DEST: migration['dest_compute']}
        if alternate:
            sides[faults.ALTERNATE] = alternate
        consumers = {'instance': server_id, 'migration': migration['uuid']}
        expected = ledger.expected_snapshot(
            end_state,
            {side: self.providers[host] for side, host in sides.items()
             if host in self.providers},
            consumers,
            {name: flavor_allocation.flavor_resources(flavor)
             for name, flavor in flavors.items()})
        actual = self.ledger.view(list(self.providers.values()),
                                  [server_id] + migration_uuids)
        names = self._names(sides, server_id, migration_uuids)

        problems = []
        expected_host = sides[end_state.server_side]
        checks = (('server status', end_state.server_status,
                   server['status']),
                  ('server host', expected_host, self.host_of(server)),
                  ('migration status', end_state.migration_status,
                   migration['status']))
        if alternate:
            checks += (('migration destination', alternate,
                        migration['dest_compute']),)
        for what, want, got in checks:
            if want != got:
                problems.append('%s: expected %s, actual %s'
                                % (what, want, got))
        fault = waiters.fault_message(server)
        if (stage is not None and stage.fault_message and
                end_state.server_status == 'ERROR' and
                stage.fault_message not in fault):
            problems.append('server fault: expected %r in %r'
                            % (stage.fault_message, fault))
        if expected != actual:
            problems.append('allocations differ from the expected end state')
        events = self.action_events(server_id)
        if (stage is not None and stage.failed_event and not any(
                event.event == stage.failed_event and
                event.result == 'Error' for event in events)):
            problems.append(
                'instance action event %s: expected a result Error, '
                'events seen: %s' % (stage.failed_event,
                                     ', '.join(map(str, events))))

        facts = {'stage': stage.name if stage else None, 'step': label,
                 'server': server_id, 'server_status': server['status'],
                 'server_host': self.host_of(server), 'fault': fault,
                 'migration': migration['uuid'],
                 'migration_status': migration['status'],
                 'source': source, 'dest': migration['dest_compute'],
                 'migrations': [(each['uuid'], each['dest_compute'],
                                 each['status']) for each in migrations],
                 'events': [str(event) for event in events],
                 'settled': dict(self._settled),
                 'problems': problems}
        report_path = report.write_report(
            self.settings.report_dir,
            '%s%s' % (self.id(), '.' + label if label else ''), facts,
            expected, actual, names)
        if problems:
            self.fail('%s\n%s\n%s\nserver fault: %s\nreport: %s' % (
                'After %s:' % (label or 'the move'),
                '\n'.join(' - %s' % problem for problem in problems),
                ledger.format_table(expected, actual, names), fault,
                report_path))
        return actual

    def assert_nothing_left_after_delete(self, server_id, source,
                                         dest=None):
        """Delete the server; neither of its consumers may hold anything."""
        migration_uuids = self._migration_uuids(server_id)
        self._delete_server(server_id)
        actual = self.ledger.view(list(self.providers.values()),
                                  [server_id] + migration_uuids)
        ledger.assert_allocations(
            ledger.Snapshot(), actual,
            self._names({faults.SOURCE: source, faults.DEST: dest},
                        server_id, migration_uuids),
            context='after the server was deleted (leak)')

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

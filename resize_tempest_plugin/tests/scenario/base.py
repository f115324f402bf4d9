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

import datetime
import functools
import json
import shlex
import subprocess

from oslo_log import log as logging
from tempest import config
from tempest.lib.common.utils import data_utils
from tempest.lib.common.utils import test_utils
from tempest.lib import exceptions as lib_exc

from resize_tempest_plugin.common import claim_hosts
from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import judgement
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import pinning
from resize_tempest_plugin.common import report
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import config as resize_config
from resize_tempest_plugin import faults
from resize_tempest_plugin.tests import base as tests_base

CONF = config.CONF
LOG = logging.getLogger(__name__)
# Why a scenario skips when the cloud lacks a move.
LIVE_MIGRATION_DISABLED = ('Live migration is not available: set '
                           '[compute-feature-enabled] live_migration = True '
                           'if the cloud allows it.')
SHELVE_DISABLED = ('Shelve is not available: set [compute-feature-enabled] '
                   'shelve = True if the cloud allows it.')

# Seconds from a settled server and migration to the end of the instance
# action event that ends the operation: Nova ends it right after saving
# them, so a longer wait means the event will not come.
EVENT_TIMEOUT = 30
# How long a judgement re-reads a move whose end no event marks
# (faults.EVENTS_ENDING_EARLY) before it judges what it sees, in seconds:
# the rest of the Nova method takes well under one.
EARLY_END_REREAD = 10
# How long a clean-up is retried while the cloud answers 5xx or not at
# all (a service restarting), in seconds.
CLEANUP_RETRY_TIMEOUT = 60
# The label of the judgement after the server is deleted.
DELETED = faults.DELETED
# The server actions whose body is an object even with no parameter.
_OBJECT_ACTIONS = ('evacuate',)


class ResizeFaultScenarioTest(tests_base.MicroversionedTest):
    """Base class: hosts, providers, flavors, servers and judgements."""

    credentials = ['primary', 'admin']
    min_compute_nodes = 2
    # 2.53: hypervisor ids are compute node (resource provider) uuids;
    # 2.56: cold migration to a named host; 2.59: migration uuids; 2.61:
    # flavors show their extra specs (the allocation rules read them).
    compute_min_microversion = '2.61'
    # 1.6: traits, for pinning moves to hosts.
    placement_min_microversion = pinning.PLACEMENT_MICROVERSION

    @classmethod
    def skip_without_options(cls, options, why):
        """Skip, naming them, unless the [resize_fault] options are set.

        :param why: what the scenarios do with them, the start of the
            message.
        """
        missing = [name for name in options
                   if not getattr(cls.settings, name)]
        if missing:
            raise cls.skipException('%s [resize_fault] %s.' % (
                why, ', '.join(missing)))

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
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
        cls.compute_versions_client = cls.os_admin.compute_versions_client

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.nova_max_microversion = cls._nova_max_microversion()
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
        # Reads and judges this test's servers (common/judgement.py).
        self.judgement = judgement.Judgement(
            self.admin_servers_client, self.admin_migrations_client,
            self.ledger, self.providers, self.settings.poll_interval,
            max_microversion=self.nova_max_microversion)
        # Known Nova defects ({name: failure message}) this test saw, and
        # those expected at a judgement that did not show them.
        self._defects_seen = {}
        self._defects_absent = set()

    # Preconditions of single tests.

    @classmethod
    def _nova_max_microversion(cls):
        """The newest compute API microversion of the cloud, e.g. '2.104'.

        It tells the Nova release apart, whose statuses after some failed
        moves differ (faults.OlderNova).
        """
        versions = cls.compute_versions_client.list_versions()['versions']
        for version in versions:
            if version['id'] == 'v2.1' and version.get('version'):
                return version['version']
        return None

    def stage_on_this_nova(self, stage_name):
        """The catalogue's stage as this cloud's Nova release ends it."""
        return faults.get_stage(stage_name).on_nova(
            self.nova_max_microversion)

    def require_stage(self, stage_name):
        """The stage, if listed; a listed stage needs its fault driver.

        The fault driver marks its compute node providers with
        faults.DRIVER_TRAIT, so a missing driver is an error at once
        instead of a move that never fails.
        """
        stage = self.stage_on_this_nova(stage_name)
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
        self.add_cleanup(test_utils.call_and_ignore_notfound_exc,
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
        self.add_cleanup(self._delete_server_and_leftovers, server['id'])
        server = self.wait_for_server(server['id'], 'ACTIVE')
        return server, self.host_of(server)

    def add_cleanup(self, func, *args):
        """addCleanup, retried while the cloud answers 5xx or not at all.

        A service restarting under the test must not make it leave its
        servers, flavors or traits behind (see waiters.retry_transient).
        """
        self.addCleanup(waiters.retry_transient,
                        functools.partial(func, *args),
                        CLEANUP_RETRY_TIMEOUT, self.settings.poll_interval)

    def _delete_server(self, server_id):
        try:
            self.admin_servers_client.delete_server(server_id)
        except lib_exc.NotFound:
            return
        self._wait_for_deleted(server_id)

    def _wait_for_deleted(self, server_id):
        """Wait until the server is gone; waiters.Stuck if it stops."""
        waiters.wait_for_server_deleted(
            self.admin_servers_client, server_id, self.settings.timeout,
            self.settings.poll_interval,
            stuck_after=self.settings.stuck_timeout)

    def _delete_stuck_server(self, server_id, stuck):
        """Delete a server whose delete Nova left stuck, as an operator.

        Nova ignores a second delete of a server already being deleted
        until the nova-compute of its host starts again: restart it, then
        delete again.
        """
        try:
            host = self.host_of(self.admin_servers_client.show_server(
                server_id)['server'])
        except lib_exc.NotFound:
            return
        if not (host and self.settings.compute_restart_command):
            raise stuck
        LOG.warning('%s: restarting nova-compute on %s to delete it',
                    stuck, host)
        self.restart_compute(host)
        self._delete_server(server_id)

    def _delete_server_and_leftovers(self, server_id):
        """Delete the server, then what a broken cloud left behind.

        The migrations are those the test saw and those listed now, before
        the delete: Nova hides them once their server is deleted.  The test
        itself has already judged any leak; this only lets the next test
        start clean.
        """
        consumers = ([server_id] + self._migration_uuids(server_id) +
                     sorted(self.judgement.migrations_seen))
        try:
            self._delete_server(server_id)
        except waiters.Stuck as stuck:
            self._delete_stuck_server(server_id, stuck)
        for consumer in self.ledger.consumers_view(consumers).consumers():
            LOG.warning('Deleting the allocations consumer %s of server %s '
                        'left after its delete (known Nova defects seen: '
                        '%s)', consumer, server_id,
                        ', '.join(sorted(self._defects_seen)) or 'none')
            test_utils.call_and_ignore_notfound_exc(
                self.allocations_client.delete_allocations, consumer)

    def restart_compute(self, host):
        """Restart nova-compute on ``host`` ([resize_fault] command).

        Returns once the compute API shows the service reported anew (its
        updated_at moved on, and it is up or forced down): until then a
        move that needs it is refused.
        """
        before = self._compute_service(host)['updated_at']
        self.run_host_command('compute_restart_command', host)

        def reported_anew():
            service = self._compute_service(host)
            return (service['updated_at'] != before and
                    (service['state'] == 'up' or service['forced_down'])
                    or None)
        waiters.poll_until(reported_anew, self.settings.timeout,
                           self.settings.poll_interval,
                           'nova-compute on %s to report again after its '
                           'restart' % host)

    def run_host_command(self, option, host=None, service=None):
        """Run a [resize_fault] command for a host or a service.

        :returns: what it printed.
        """
        command = getattr(self.settings, option).format(host=host,
                                                        service=service)
        try:
            return subprocess.run(
                shlex.split(command), check=True,
                timeout=self.settings.timeout, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True).stdout
        except subprocess.CalledProcessError as failed:
            self.fail('[resize_fault] %s %r failed with %d: %s' % (
                option, command, failed.returncode, failed.stdout[-500:]))

    def _compute_service(self, host):
        (service,) = self.admin_services_client.list_services(
            host=host, binary='nova-compute')['services']
        return service

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
            self.add_cleanup(placement.delete_trait, trait)
        pinning.add_trait(self.resource_providers_client,
                          self.providers[host], trait)
        self.add_cleanup(pinning.remove_trait, self.resource_providers_client,
                         self.providers[host], trait)
        return pinning.required(trait)

    def unpin(self, host, extra_specs):
        """Take the pins of a flavor's extra specs off ``host``."""
        for key in extra_specs:
            if key.startswith('trait:'):
                pinning.remove_trait(self.resource_providers_client,
                                     self.providers[host],
                                     key.split(':', 1)[1])

    def source_pin(self):
        """Extra specs pinning a boot to [resize_fault] source_host."""
        if self.settings.source_host:
            return self.pin_to(self.settings.source_host)
        return {}

    # Observations.

    def wait_for_server(self, server_id, status, resting=()):
        server = waiters.wait_for_server_status(
            self.admin_servers_client, server_id, status,
            self.settings.timeout, self.settings.poll_interval,
            resting=resting)
        return server

    @staticmethod
    def host_of(server):
        return server[faults.HOST_ATTRIBUTE]

    def action_events(self, server_id, newest_only=False, actions=None):
        """The events of the server's instance actions, oldest first."""
        return self.judgement.action_events(server_id, newest_only, actions)

    def _migrations(self, server_id):
        return self.judgement.migrations(server_id)

    def _migration_uuids(self, server_id):
        return [migration['uuid']
                for migration in self._migrations(server_id)]

    # Moves.

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

    def assert_end_state(self, move, end_state, stage=None, label='',
                         stuck=None):
        """Wait for the move to end, then judge it against ``end_state``.

        Waits until the server and its newest migration show the end state
        with no task in progress, then for the event that ends the
        operation.  A move that settles elsewhere (its migration final and
        no task in progress) is judged at once, table and all.

        :param stage: the faults.FaultStage whose failure is judged.
        :param stuck: the waiters.Stuck error of a wait that already found
            the move stopped: it is judged at once.
        :returns: the allocations seen, for later comparisons.
        """
        if stuck:
            return self._judge(move, end_state, stage, label,
                               stuck=str(stuck))
        last_event, result = self.last_event(end_state, stage)
        # Where that event ends before the move (an older Nova), read a
        # mismatch again for a while instead of waiting for the event.
        reread = EARLY_END_REREAD if last_event and not faults.event_marks_end(
            last_event, self.nova_max_microversion) else 0
        try:
            shown = self.wait_for_end_state(move, end_state)
        except (waiters.ServerErrored, waiters.SettledElsewhere,
                waiters.Stuck) as final:
            # The server or its migration settled where the end state can
            # no longer come, or the move stopped: judge what it shows now,
            # table and all, once the method that ends the operation
            # returned.
            LOG.info('Judging at once: %s', final)
            if isinstance(final, waiters.Stuck):
                return self._judge(move, end_state, stage, label,
                                   stuck=str(final))
            events = (self.events_once_over(move.server_id, last_event)
                      if last_event and not reread else None)
            return self._judge(move, end_state, stage, label, reread=reread,
                               events=events)
        if not last_event or reread:
            return self._judge(move, end_state, stage, label, reread=reread,
                               shown=shown)
        # The event that ends the operation has finished: the events just
        # listed, and the server and migrations the wait saw settled, are
        # the judgement's.
        events = self.events_once_over(move.server_id, last_event, result,
                                       listed_only=False)
        return self._judge(move, end_state, stage, label, events=events,
                           shown=shown)

    @staticmethod
    def last_event(end_state, stage=None):
        """The event whose end ends the operation, and its result."""
        if stage and stage.failed_event:
            return stage.failed_event, 'Error'
        return end_state.settled_by, None

    def events_once_over(self, server_id, event_name, result=None,
                         listed_only=True):
        """The newest action's events, once ``event_name`` finished.

        A move may show a final state before the method that ends it
        returns: a live migration saves its migration completed, then
        deletes the migration's allocation, which may still fail and turn
        both to error.

        :param result: the result to wait for; any if None.
        :param listed_only: wait only if the event is listed unfinished;
            an event not listed yet may never come.
        """
        seen, newest = [], []

        def newest_events():
            # Nova records the action before the move request returns, so
            # the newest action, listed once, stays the move's.
            if not newest:
                newest[:] = self.admin_servers_client.list_instance_actions(
                    server_id)['instanceActions'][:1]
            seen[:] = self.action_events(server_id, actions=newest)
            return seen

        if listed_only and not any(
                each.event == event_name and not each.result
                for each in newest_events()):
            return tuple(seen)
        waiters.wait_for_event_finished(
            newest_events, event_name,
            min(self.settings.timeout, EVENT_TIMEOUT),
            self.settings.poll_interval, result=result)
        return tuple(seen)

    def wait_for_end_state(self, move, end_state, alternative=None):
        """Wait for the end state's statuses, or an alternative's.

        :param alternative: another faults.EndState the move may end in
            (a Placement request failed, then sent again and made).
        :returns: (server, its migrations) as the wait saw them settled,
            or None when no end state has a migration status.
        :raises waiters.SettledElsewhere, waiters.ServerErrored: the move
            settled where neither can come any more.
        """
        states = (end_state,) + ((alternative,) if alternative else ())
        stuck = dict(resting=faults.RESTING_STATUSES.get(move.kind, ()),
                     stuck_after=self.settings.move_stuck_timeout,
                     progress=functools.partial(self._move_progress,
                                                move.server_id))
        if all(state.migration_status is None for state in states):
            waiters.wait_for_server_status(
                self.admin_servers_client, move.server_id,
                end_state.server_status, self.settings.timeout,
                self.settings.poll_interval, **stuck)
            return None
        server, migrations = waiters.wait_for_move_end(
            self.admin_servers_client, self.admin_migrations_client,
            move.server_id,
            tuple(dict.fromkeys(status for state in states
                                for status in (state.server_status,) +
                                state.also_statuses)),
            [state.migration_status for state in states],
            self.settings.timeout, self.settings.poll_interval, **stuck)
        self.judgement.migrations_seen.update(
            each['uuid'] for each in migrations)
        return server, migrations

    def _move_progress(self, server_id):
        """What a move changes besides its server: its migrations, events.

        Read by the waiters only while the server shows no change, to
        tell a move that stopped (waiters.Stuck).
        """
        migrations = self.admin_migrations_client.list_migrations(
            instance_uuid=server_id)['migrations']
        return (sorted((each['id'], each['status'], each.get('updated_at'))
                       for each in migrations),
                self.action_events(server_id, newest_only=True))

    # Judgements: read and judge (common/judgement.py), then report.

    def _judge(self, move, end_state, stage=None, label='', events=None,
               reread=0, shown=None, stuck=None):
        """Judge the move now and report; see judgement.Judgement.judge.

        Every mismatch is gathered into one failure that shows the
        allocation table and the server's fault.

        :param stuck: why the move was judged as it stopped (waiters.Stuck).
        :returns: the allocations seen, for later comparisons.
        """
        try:
            judged = self.judgement.judge(move, end_state, stage, label,
                                          events=events, shown=shown,
                                          reread=reread)
        except judgement.MissingMigration as missing:
            self.fail(str(missing))
        self.report(move, judged.observation, judged.expectation,
                    judged.verdict, label, stuck=stuck)
        return judged.observation.allocations

    def report(self, move, observation, expectation, verdict, label='',
               stuck=None):
        """Write the allocation report; act on the verdict (see _verdict).

        :param stuck: why the move was judged as it stopped, if it did.
        """
        migration = observation.migration or {}
        names = self._names(judge.sides(move, observation), move.server_id,
                            [each['uuid'] for each in
                             observation.migrations])
        facts = {'stage': move.stage, 'step': label,
                 'server': move.server_id,
                 'server_status': observation.server['status'],
                 'server_host': observation.host,
                 'task_state': observation.server.get(
                     faults.TASK_ATTRIBUTE),
                 'fault': observation.fault,
                 'migration': migration.get('uuid'),
                 'migration_status': migration.get('status'),
                 'source': move.source, 'dest': migration.get('dest_compute'),
                 'migrations': [(each['uuid'], each['dest_compute'],
                                 each['status'])
                                for each in observation.migrations],
                 'events': [str(event) for event in observation.events],
                 # The newest action's request id and when the verdict
                 # came: a benchmark finds the move's end in the services'
                 # logs by the one and measures the delay to the other.
                 'request_id': self.judgement.newest_request_id,
                 'judged_at': datetime.datetime.now(
                     datetime.timezone.utc).isoformat(),
                 'problems': [str(problem) for problem in verdict.problems]}
        if stuck:
            facts['stuck'] = stuck
        facts.update(self._defect_facts(verdict))
        report_path = report.write_report(
            self.settings.report_dir, self._report_name(label), facts,
            expectation.allocations, observation.allocations, names)
        self._verdict(verdict, '%s%s\n%s\nserver fault: %s\n'
                      'report: %s' % (
                          'Stuck: %s\n' % stuck if stuck else '',
                          self._problem_list(label, verdict.problems),
                          ledger.format_table(expectation.allocations,
                                              observation.allocations,
                                              names),
                          observation.fault, report_path),
                      observation.allocations, names)

    @staticmethod
    def _defect_facts(verdict):
        """The report's facts on the known defect the judgement may show."""
        if verdict.defect is None:
            return {}
        return {'known_defect': verdict.defect.name,
                'known_defect_shown': verdict.defect_shown,
                'beyond_known_defect': [str(each)
                                        for each in verdict.beyond]}

    def _report_name(self, label):
        return '%s%s' % (self.id(), '.' + label if label else '')

    @staticmethod
    def _problem_list(label, problems):
        lines = ['After %s:' % (label or 'the move')]
        lines.extend(' - %s' % problem for problem in problems)
        return '\n'.join(lines)

    def _verdict(self, verdict, message, actual, names):
        """Fail, unless the problems are exactly a known Nova defect.

        A known defect shown exactly (faults.KNOWN_DEFECTS) is kept for the
        end of the test, which reports it as an expected failure; with
        [resize_fault] known_defects_fail it fails at once like any other
        problem.  Anything beyond it fails, with the defect's table.
        """
        defect = verdict.defect
        if verdict.defect_absent:
            self._defects_absent.add(defect.name)
        if not verdict.problems:
            return
        if defect is None:
            self.fail(message)
        if verdict.beyond:
            self.fail('%s\n\nKnown Nova defect %s may show here, but what '
                      'Nova left goes beyond it:\n%s\n%s' % (
                          message, defect.name, '\n'.join(
                              ' - %s' % each for each in verdict.beyond),
                          ledger.format_table(verdict.defect_allocations,
                                              actual, names)))
        if self.settings.known_defects_fail:
            self.fail('%s\n(known Nova defect %s shows here)'
                      % (message, defect.name))
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

    def assert_nothing_left_after_delete(self, move, dest=None,
                                         send_delete=None, reread=0):
        """Delete the server; none of its consumers may hold anything.

        The last step of every scenario: it also reports the known Nova
        defects the test saw.

        :param send_delete: sends the delete instead of send_delete() (a
            held stage is released there) and returns the same.
        :param reread: seconds during which a leak is read again (see
            judgement.Judgement.judge_deleted).
        """
        migrations = self._migrations(move.server_id)
        migration_uuids = [each['uuid'] for each in migrations]
        stuck = None
        # A refusal is judged below, with what is left.
        answer = (send_delete or self.send_delete)(move.server_id)
        try:
            self._wait_for_deleted(move.server_id)
        except waiters.Stuck as error:
            # Judged with what its consumers hold; the clean-up deletes it.
            stuck = error
        actual, verdict = self.judgement.judge_deleted(
            move, migrations, stuck, answer, reread=reread)
        names = self._names({faults.SOURCE: move.source, faults.DEST: dest},
                            move.server_id, migration_uuids)
        if verdict.problems:
            report.write_report(
                self.settings.report_dir, self._report_name(DELETED),
                dict(self._defect_facts(verdict), step=DELETED,
                     server=move.server_id, stage=move.stage,
                     problems=[str(each) for each in verdict.problems]),
                ledger.Snapshot(), actual, names)
        self._verdict(verdict, '%s\n%s' % (
            self._problem_list(DELETED, verdict.problems),
            ledger.format_table(ledger.Snapshot(), actual, names)),
            actual, names)
        self.conclude_known_defects()

    def server_action(self, server_id, action, request_id, expected=202,
                      admin=False, **body):
        """POST a server action with our own global request id.

        Tempest's servers client sends none, and Nova then makes one up.

        :param admin: send it as the admin (a live migration).
        :param body: the action's parameters; none: the action is null, as
            Nova wants for confirmResize, shelve or unshelve (an evacuate
            is an object, empty or not).
        """
        client = self.admin_servers_client if admin else self.servers_client
        if not body and action not in _OBJECT_ACTIONS:
            body = None
        resp, _ = client.post(
            'servers/%s/action' % server_id,
            json.dumps({action: body}),
            headers={'X-OpenStack-Request-ID': request_id},
            extra_headers=True)
        client.expected_success(expected, resp.status)

    def send_delete(self, server_id, request_id=None):
        """DELETE the server; the HTTP status of a refusal, else None.

        :param request_id: a global request id of ours to send it with.
        """
        client = self.admin_servers_client
        try:
            if request_id:
                resp, _ = client.delete(
                    'servers/%s' % server_id,
                    headers={'X-OpenStack-Request-ID': request_id},
                    extra_headers=True)
                client.expected_success(204, resp.status)
            else:
                client.delete_server(server_id)
        except lib_exc.NotFound:
            pass
        except lib_exc.ServerFault as refused:
            return refused.resp.status
        return None

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

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

"""The moves of the scenarios, one mixin per kind of move.

Each mixin goes before base.ResizeFaultScenarioTest in a test class's
bases and uses its resources, observations and judgements.
"""

import dataclasses
import functools
import threading
import time

from oslo_log import log as logging
from tempest import config
from tempest.lib.common.utils import test_utils
from tempest.lib import exceptions as lib_exc

from resize_tempest_plugin.common import claim_hosts
from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import faults
from resize_tempest_plugin import placement_faults
from resize_tempest_plugin.services import placement_faults_client
from resize_tempest_plugin.tests.scenario import base

CONF = config.CONF
LOG = logging.getLogger(__name__)
# How long a stage may still come after the server shows the move ended,
# in seconds: the destination's roll-back of a live migration is cast
# after the source already set the server ACTIVE.
LATE_STAGE_GRACE = 10


class ResizeMoves(object):
    """Resizes and cold migrations, and the claim stage's host choice."""

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

    def start_resize(self, extra_specs=None, same_host=False, stage=None,
                     request_id=None, before=None):
        """Boot, then resize to a bigger flavor pinned to the destination.

        :param stage: the faults.FaultStage the move is to fail at.
        :param request_id: the global request id to send the resize with
            (Nova passes it on to every Placement request of the move).
        :param before: called with the source and destination hosts just
            before the resize is sent.
        :returns: the judge.Move under way.
        """
        old = self.create_flavor(self.source_pin())
        server, source = self.boot_server(old)
        specs = dict(extra_specs or {})
        dest = self.destination_for(source, same_host)
        specs.update(self.pin_to(dest))
        new = self.create_flavor(specs, grow=1)
        if before:
            before(source, dest)
        if request_id:
            self.server_action(server['id'], 'resize', request_id,
                               flavorRef=new['id'])
        else:
            self.servers_client.resize_server(server['id'], new['id'])
        return judge.Move(server['id'], source,
                          {faults.OLD: old, faults.NEW: new},
                          stage=stage.name if stage else None,
                          requested_host=dest)

    def resize_to_verify(self, extra_specs=None, same_host=False,
                         stage=None):
        """Resize (see start_resize) and judge VERIFY_RESIZE.

        :returns: the judge.Move.
        """
        move = self.start_resize(extra_specs, same_host, stage)
        self.assert_end_state(move, faults.VERIFY_RESIZE_STATE,
                              label='verify_resize')
        return move

    def resize_failing_at(self, stage, same_host=False, kind=faults.RAISE):
        """Resize with a flavor whose move fails at ``stage``.

        A confirm or revert stage first resizes to VERIFY_RESIZE (judged),
        then confirms or reverts.

        :returns: the judge.Move under way.
        """
        specs = stage.extra_specs(self.settings.extra_spec_namespace,
                                  kind=kind)
        if stage.operation == faults.RESIZE:
            move = self.start_resize(specs, same_host, stage)
        else:
            move = self.resize_to_verify(specs, same_host, stage)
        move = dataclasses.replace(move, fault_kind=kind)
        if stage.operation != faults.RESIZE:
            if stage.operation == faults.CONFIRM:
                self.servers_client.confirm_resize_server(move.server_id)
            else:
                self.servers_client.revert_resize_server(move.server_id)
        return move

    def cold_migrate_failing_at(self, stage):
        """Cold-migrate a server whose flavor makes the move fail at stage.

        The flavor carries the fault and stays the same on both sides.

        :returns: the judge.Move under way.
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
        return move

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
        stage = self.stage_on_this_nova('claim')
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


class LiveMigrationMoves(object):
    """Live migrations, to a named host or where the scheduler picks."""

    def start_live_migration(self, stage=None, named=True, candidates=1,
                             first_refuses=False, force=False,
                             kind=faults.RAISE, request_id=None, before=None):
        """Boot on a source, then live-migrate the server.

        :param stage: the faults.FaultStage the move is to fail at.
        :param named: name the destination, or let the scheduler choose
            among the candidate hosts (the flavor is pinned to them).
        :param candidates: how many hosts the move may go to.
        :param first_refuses: the fault fires on the first candidate only,
            which the first-choice weigher puts first.
        :param force: force the named destination (microversions 2.30 to
            2.67): the conductor claims it itself, without the scheduler.
        :param request_id: the global request id to send the move with.
        :param before: called with the source and the first candidate just
            before the move is sent.
        :returns: (the judge.Move, the candidate hosts, first first).
        """
        source, hosts = self.move_hosts(candidates)
        specs = {}
        if stage is not None:
            specs = stage.extra_specs(
                self.settings.extra_spec_namespace,
                host=hosts[0] if first_refuses else None, kind=kind)
        if first_refuses:
            self.require_first_choice_weigher()
            specs[faults.first_choice_spec(
                self.settings.extra_spec_namespace)] = hosts[0]
        server, flavor, pin = self.boot_on_source(source, specs)
        for host in hosts:
            self.pin_to(host, pin)
        forced = {'force': True} if force else {}
        if before:
            before(source, hosts[0])
        if request_id:
            self.server_action(
                server['id'], 'os-migrateLive', request_id, admin=True,
                host=hosts[0] if named else None, block_migration='auto',
                **forced)
        else:
            self.admin_servers_client.live_migrate_server(
                server['id'], host=hosts[0] if named else None,
                block_migration='auto', **forced)
        move = judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          alternate=hosts[1] if first_refuses else None,
                          kind=faults.LIVE_MIGRATION,
                          stage=stage.name if stage else None,
                          fault_kind=kind,
                          requested_host=hosts[0] if named else None)
        return move, hosts

    def live_migrate_failing_at(self, stage, named=True, force=False,
                                kind=faults.RAISE):
        """Live-migrate with a flavor whose move fails at ``stage``.

        :returns: the judge.Move under way.
        """
        move, _ = self.start_live_migration(stage, named=named, force=force,
                                            kind=kind)
        return move

    def abort_live_migration(self, move):
        """Abort the server's live migration in progress (2.24).

        Tempest's servers client has no call for it.
        """
        migration = waiters.newest_migration(self._migrations(move.server_id))
        client = self.admin_servers_client
        resp, _ = client.delete('servers/%s/migrations/%s'
                                % (move.server_id, migration['id']))
        client.expected_success(202, resp.status)


class ShelveMoves(object):
    """Shelve offload and unshelve."""

    def start_shelve(self, stage=None, kind=faults.RAISE, request_id=None,
                     before=None):
        """Boot on a source and shelve the server.

        :param request_id: the global request id to send the shelve with.
        :param before: called with the source just before the shelve.
        :returns: the judge.Move under way.
        """
        specs = (stage.extra_specs(self.settings.extra_spec_namespace,
                                   kind=kind) if stage else {})
        source, _ = self.move_hosts(0)
        server, flavor, _ = self.boot_on_source(source, specs)
        if before:
            before(source, None)
        if request_id:
            self.server_action(server['id'], 'shelve', request_id)
        else:
            self.servers_client.shelve_server(server['id'])
        return judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.SHELVE,
                          stage=stage.name if stage else None,
                          fault_kind=kind)

    def shelve_offloaded(self, stage=None, kind=faults.RAISE):
        """Boot on a source, shelve, and judge the offloaded server.

        The cloud must offload at once (nova.conf [DEFAULT]
        shelved_offload_time = 0, the default).

        :returns: the judge.Move.
        """
        move = self.start_shelve(stage, kind)
        if stage is not None and stage.operation == faults.SHELVE:
            return move
        self.assert_end_state(move, faults.SHELVED_OFFLOADED_STATE,
                              label='shelved_offloaded')
        return move

    def shelve_failing_at(self, stage, kind=faults.RAISE):
        """Shelve with a flavor whose offload fails at ``stage``.

        :returns: the judge.Move under way.
        """
        return self.shelve_offloaded(stage, kind)

    def unshelve_failing_at(self, stage=None, kind=faults.RAISE,
                            request_id=None, before=None):
        """Shelve and offload, then unshelve so that it fails at stage.

        :param request_id: the global request id to send the unshelve
            with.
        :param before: called with the source just before it.
        :returns: the judge.Move under way.
        """
        move = dataclasses.replace(self.shelve_offloaded(stage, kind),
                                   kind=faults.UNSHELVE)
        if before:
            before(move.source, None)
        if request_id:
            self.server_action(move.server_id, 'unshelve', request_id)
        else:
            self.servers_client.unshelve_server(move.server_id)
        return move


def wait_for_trait(test, move, trait, stage, what):
    """Wait until the fault driver created ``trait`` at the move's stage.

    Fails when the move ended (the server shows no task; a confirm sets
    none, so it ends when the server leaves VERIFY_RESIZE) and the stage
    still did not come LATE_STAGE_GRACE seconds later.  The test deletes
    the trait at its clean-up.
    """
    placement = test.os_admin.placement_client
    test.add_cleanup(test_utils.call_and_ignore_notfound_exc,
                     placement.delete_trait, trait)
    ended_at = []

    def reached():
        try:
            placement.show_trait(trait)
            return True
        except lib_exc.NotFound:
            pass
        server = test.admin_servers_client.show_server(
            move.server_id)['server']
        confirming = (stage.operation == faults.CONFIRM and
                      server['status'] == 'VERIFY_RESIZE')
        if server.get(faults.TASK_ATTRIBUTE) is not None or confirming:
            return None
        if not ended_at:
            ended_at.append(time.monotonic())
        if time.monotonic() - ended_at[0] > LATE_STAGE_GRACE:
            raise AssertionError(
                'The move of server %s ended (status %s) before its stage '
                '%s was reached: nothing %s.' % (
                    move.server_id, server['status'], stage.name, what))
        return None
    waiters.poll_until(reached, test.settings.timeout,
                       test.settings.poll_interval,
                       'stage %s of the move of %s to be %s'
                       % (stage.name, move.server_id, what))


class PlacementFaults(object):
    """Placement requests of the test's own move refused, reset or lost.

    Nova's services reach Placement through the fault proxy; a rule names
    the test's global request id, so periodic tasks and other tests are
    never hit, and the rule is removed at clean-up (it expires anyway).
    """

    @classmethod
    def skip_without_placement_proxy(cls):
        """Skip, naming the option, where no fault proxy is deployed."""
        cls.skip_without_options(
            ('placement_proxy_url',),
            'The Placement fault scenarios need Nova\'s services to reach '
            'Placement through the fault proxy: set')

    @functools.cached_property
    def placement_faults(self):
        """The proxy's control API, one client for the whole test."""
        return placement_faults_client.PlacementFaultsClient(
            self.settings.placement_proxy_url)

    def fault_placement(self, fault, request_id, source, dest,
                        consumer=None):
        """Register the rule of a placement_faults.PlacementFault.

        :param request_id: the global request id of the test's action.
        :param source: the move's source host; :param dest: its
            destination (the service of a compute side is its host).
        :param consumer: the uuid the request must name instead, for a
            call a service sends at its start-up, with a request id of its
            own (PlacementCall.at_start_up).
        :returns: the rule, as the proxy shows it.
        """
        call = fault.call
        service = {faults.SOURCE: 'compute.%s' % source,
                   faults.DEST: 'compute.%s' % dest}.get(call.service,
                                                         call.service)
        if call.at_start_up:
            if not consumer:
                raise ValueError('%s is sent at start-up: name the consumer '
                                 'its rule matches' % call.name)
            scope = {'consumer': consumer}
        else:
            scope = {'request_id': request_id}
        rule = self.placement_faults.add_rule(
            fault.mode, service=service, method=call.method, path=call.path,
            nth=call.nth, expires_in=2 * self.settings.timeout, **scope)
        self.add_cleanup(self.placement_faults.remove_rule, rule['id'])
        return rule

    def as_retried(self, fault, rule, move, stage=None):
        """The move and the end state due, knowing whether Nova retried.

        Some releases' clients send a request whose connection was reset
        once more.  Once the move settled and the method that ends it
        returned, the proxy tells whether the call was sent again and
        made: then the fault's retried end state is due, and no known
        defect of a Nova that did not make the change applies
        (faults.known_defect).

        :returns: (move, end state, the waiters.Stuck error of a move that
            stopped or None), for assert_end_state.
        """
        stuck = None
        try:
            self.wait_for_end_state(move, fault.end_state, fault.retried)
        except (waiters.SettledElsewhere, waiters.ServerErrored):
            pass  # judged at once by assert_end_state, table and all
        except waiters.Stuck as error:
            stuck = error  # nothing more comes: judged at once
        # A move that stopped ends no event: whether Nova sent the call
        # again can be asked at once.
        event = None if stuck else self.last_event(fault.end_state, stage)[0]

        def made_again():
            return placement_faults.was_retried(
                fault.call, rule['id'],
                self.placement_faults.requests(rule['request_id'])) or None

        if not event or faults.event_marks_end(event,
                                               self.nova_max_microversion):
            if event:
                self.events_once_over(move.server_id, event)
            retried = bool(made_again())
        else:
            # No event marks the end of the method that sends the call
            # (an older Nova): a retry may still come, within the window
            # a judgement of such a move reads again.
            try:
                retried = waiters.poll_until(
                    made_again, base.EARLY_END_REREAD,
                    self.settings.poll_interval, 'a retry of the call')
            except lib_exc.TimeoutException:
                retried = False
        return (dataclasses.replace(move, retried=retried),
                fault.due(retried), stuck)

    @classmethod
    def skip_without_service_commands(cls):
        """Skip, naming the options, where no service can be killed."""
        cls.skip_without_options(
            ('service_kill_command', 'service_restart_command'),
            'The scenarios that kill a service while its Placement request '
            'is held need')

    def wait_until_held(self, rule):
        """Wait until the proxy holds a request of the hold rule."""
        waiters.poll_until(
            lambda: self.placement_faults.show_rule(
                rule['id'])['holding'] > 0 or None,
            self.settings.timeout, self.settings.poll_interval,
            'the fault proxy to hold the request of rule %s' % rule)

    def kill_service(self, service):
        """Kill a controller service on the spot.

        :returns: the call that starts it again; the clean-up calls it
            when the test did not.
        """
        return self._killed(
            lambda: self.run_host_command('service_kill_command',
                                          service=service),
            lambda: self.run_host_command('service_restart_command',
                                          service=service))

    def kill_compute(self, host):
        """Kill the nova-compute of a host on the spot; as kill_service."""
        return self._killed(
            lambda: self.run_host_command('compute_kill_command', host),
            lambda: self.restart_compute(host))

    def _killed(self, kill, start):
        started = []

        def start_once():
            # Marked only once it worked: a failed start is tried again at
            # the clean-up, never leaving the service dead.
            if not started:
                start()
                started.append(True)
        self.add_cleanup(start_once)
        kill()
        return start_once

    def assert_placement_fault_fired(self, rule):
        """The rule hit a request: else the move never made that call."""
        shown = self.placement_faults.show_rule(rule['id'])
        self.assertGreater(
            shown['fired'], 0,
            'The Placement request the fault was for never came (rule %s; '
            'requests of the move: %s)' % (
                shown, self.placement_faults.requests(
                    rule['request_id']) if rule['request_id'] else '-'))


class LostCasts(object):
    """A cast of the move dropped while its receiver is stopped."""

    COMMANDS = ('compute_stop_command', 'drop_casts_command',
                'compute_restart_command')

    @classmethod
    def skip_without_lost_cast_commands(cls):
        """Skip, naming the options, where a cast cannot be dropped."""
        cls.skip_without_options(
            cls.COMMANDS,
            'The lost-cast scenarios stop a nova-compute, drop what is cast '
            'to it and start it again: set')

    def stop_compute(self, host):
        """Stop nova-compute on ``host``; started again at clean-up."""
        started = []
        self.add_cleanup(lambda: started or self.restart_compute(host))
        self.run_host_command('compute_stop_command', host)
        return started

    def drop_casts(self, host, what):
        """Drop what waits for the stopped compute, once it came.

        :returns: how many messages were dropped.
        """
        dropped = []

        def drop():
            output = self.run_host_command('drop_casts_command', host)
            try:
                dropped.append(int(output.split()[-1]))
            except (IndexError, ValueError):
                self.fail('[resize_fault] drop_casts_command must print how '
                          'many messages it dropped, not %r' % output)
            return sum(dropped) or None
        return waiters.poll_until(
            drop, self.settings.timeout, self.settings.poll_interval,
            '%s to be cast to nova-compute on %s' % (what, host))

    def resize_losing_cast(self, cast):
        """Resize while the cast's receiver is stopped; drop the cast.

        The receiver starts again once the cast was dropped; then the move
        must settle as after a crash (principle 4), and nothing may be
        left after the delete.

        :param cast: a faults.LostCast.
        """
        old = self.create_flavor(self.source_pin())
        server, source = self.boot_server(old)
        dest = self.destination_for(source)
        new = self.create_flavor(self.pin_to(dest), grow=1)
        receiver = source if cast.receiver == faults.SOURCE else dest
        started = self.stop_compute(receiver)
        self.servers_client.resize_server(server['id'], new['id'])
        move = judge.Move(server['id'], source,
                          {faults.OLD: old, faults.NEW: new},
                          stage=cast.name, fault_kind=faults.LOST_CAST,
                          requested_host=dest)
        self.drop_casts(receiver, cast.name)
        self.restart_compute(receiver)
        started.append(receiver)
        self.assert_settled_after_restart(move, cast.after_restart)
        self.assert_nothing_left_after_delete(move)


class CrashRecovery(object):
    """A nova-compute killed mid-move, restarted as an operator would."""

    @classmethod
    def skip_without_restart_command(cls):
        """Skip, naming the option, where nothing restarts a compute."""
        cls.skip_without_options(
            ('compute_restart_command',),
            'The crash scenarios restart the nova-compute that crashed: set')

    def assert_crash_settles(self, stage, move):
        """Restart the crashed compute, judge the settled move, delete."""
        self.restart_after_crash(move, stage)
        self.assert_settled_after_restart(
            move, stage.after_crash,
            caller_waits=stage.called_synchronously)
        self.assert_nothing_left_after_delete(move)

    def wait_for_crash(self, move, stage):
        """Wait until the stage's nova-compute killed itself; its host.

        The fault driver creates faults.crashed_trait(server) in Placement
        just before it kills its process.
        """
        wait_for_trait(self, move, faults.crashed_trait(move.server_id),
                       stage, 'crashed')
        if stage.fault_side == faults.SOURCE:
            return move.source
        migrations = self._migrations(move.server_id)
        if migrations:
            # Before its checks a live migration's record has no
            # destination yet: the host the test named.
            host = (waiters.newest_migration(migrations)['dest_compute'] or
                    move.requested_host)
            if not host:
                # Never leave a dead compute behind.
                for each in self.providers:
                    self.restart_compute(each)
                self.fail('Stage %s crashed on a destination the test '
                          'cannot tell: every compute was restarted.'
                          % stage.name)
            return host
        # An unshelve: the host its claim chose.
        return self.host_of(self.admin_servers_client.show_server(
            move.server_id)['server'])

    def restart_after_crash(self, move, stage):
        """Wait for the crash, then restart that nova-compute until up."""
        try:
            host = self.wait_for_crash(move, stage)
        except AssertionError:
            # Never leave a dead compute behind: the stage may have come
            # just after the test gave up waiting for it.
            self._restart_if_crashed(move)
            raise
        self.restart_compute(host)

    def _restart_if_crashed(self, move):
        """Restart the move's computes if one of them crashed after all."""
        try:
            self.os_admin.placement_client.show_trait(
                faults.crashed_trait(move.server_id))
        except lib_exc.NotFound:
            return
        hosts = {move.source, move.requested_host} | {
            migration['dest_compute']
            for migration in self._migrations(move.server_id)}
        for host in hosts - {None}:
            self.restart_compute(host)

    def assert_settled_after_restart(self, move, end_state,
                                     caller_waits=False):
        """Judge principles 1 to 4 once the resource task ran everywhere.

        Judged as soon as the move is right, at the latest once [resize_
        fault] resource_task_wait seconds have passed since the restarted
        service was up (within them nova-compute's periodic resource task
        ran on every host).

        :param caller_waits: the crash left a service waiting on an RPC
            call to the dead one: add [resize_fault] rpc_timeout, after
            which Nova gives the call up.
        """
        reread = self.settings.resource_task_wait
        if caller_waits:
            reread += self.settings.rpc_timeout
        return self._judge(move, end_state, label=faults.RESTARTED,
                           reread=reread)


class HeldStages(object):
    """A stage the fault driver holds until the test releases it."""

    def wait_until_held(self, move, stage):
        """Wait until the fault driver holds the move's stage.

        The fault driver creates faults.held_trait(server) once it holds.
        The stage is released at clean-up at the latest.
        """
        placement = self.os_admin.placement_client
        release = faults.release_trait(move.server_id)
        self.add_cleanup(test_utils.call_and_ignore_notfound_exc,
                         placement.delete_trait, release)
        self.add_cleanup(self.release_stage, move)
        wait_for_trait(self, move, faults.held_trait(move.server_id),
                       stage, 'held')

    def _delete_over(self, server_id):
        """True once every event of the server's delete has ended."""
        return all(event.result for event in self.action_events(server_id)
                   if event.action == 'delete') or None

    def release_stage(self, move):
        """Let the held stage of the move go on."""
        self.os_admin.placement_client.create_trait(
            faults.release_trait(move.server_id))

    def assert_nothing_left_after_held_delete(self, move, stage):
        """Delete the server while its stage is held, then release it.

        The delete goes as far as Nova takes it while the stage is held
        (the server gone and its delete's events ended, or no change for
        [resize_fault] stuck_timeout seconds; the request itself may wait
        on the held stage, so it is sent from a thread of its own); then
        the stage goes on, as a slow stage outlasting the delete would,
        and once its instance action event ended and the delete was
        answered, nothing may be left (principle 3) once nova-compute's
        periodic resource task ran on the hosts involved ([resize_fault]
        resource_task_wait): the move was still under way when the server
        went, so it settles as after a restart (principle 4).  The known
        defects of such a delete name the move kind faults.DELETE.
        """
        def delete_then_release(server_id):
            answer = []
            sender = threading.Thread(
                target=lambda: answer.append(self.send_delete(server_id)),
                daemon=True)
            sender.start()
            try:
                self._wait_for_deleted(server_id)
            except waiters.Stuck as stuck:
                LOG.info('%s while stage %s is held: releasing it', stuck,
                         stage.name)
            else:
                # Gone, but its nova-compute may still be cleaning up:
                # the stage goes on only once the delete is over.
                waiters.poll_until(
                    lambda: self._delete_over(server_id),
                    self.settings.timeout, self.settings.poll_interval,
                    'the delete of server %s to end' % server_id)
            self.release_stage(move)
            waiters.wait_for_event_finished(
                lambda: self.action_events(server_id), stage.event,
                self.settings.timeout, self.settings.poll_interval)
            sender.join(self.settings.timeout)
            if not answer:
                self.fail('The delete of server %s was not answered within '
                          '%d s after its stage %s was released.'
                          % (server_id, self.settings.timeout, stage.name))
            return answer[0]

        self.assert_nothing_left_after_delete(
            dataclasses.replace(move, kind=faults.DELETE),
            send_delete=delete_then_release,
            reread=self.settings.resource_task_wait)


class EvacuationMoves(object):
    """Evacuations from a compute forced down, and putting it back."""

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
        self.add_cleanup(self.restore_service, service['id'], host)
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

    def start_evacuation(self, stage=None, candidates=1, force=False,
                         kind=faults.RAISE, request_id=None, before=None):
        """Boot on a source, force its compute down, evacuate the server.

        :param candidates: how many hosts the evacuation may go to (0: no
            host can take it).
        :param force: force the first of them (microversions 2.29 to
            2.67): the conductor claims it itself, without the scheduler.
        :param request_id: the global request id to send the evacuation
            with.
        :param before: called with the source and the first candidate
            just before the evacuation is sent.
        :returns: the judge.Move.
        """
        source, hosts = self.move_hosts(candidates)
        specs = (stage.extra_specs(self.settings.extra_spec_namespace,
                                   kind=kind) if stage else {})
        server, flavor, pin = self.boot_on_source(source, specs)
        for host in hosts:
            self.pin_to(host, pin)
        self.force_down(source)
        forced = {'host': hosts[0], 'force': True} if force else {}
        if before:
            before(source, hosts[0] if hosts else None)
        if request_id:
            self.server_action(server['id'], 'evacuate', request_id,
                               expected=200, admin=True, **forced)
        else:
            self.admin_servers_client.evacuate_server(server['id'], **forced)
        return judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.EVACUATION,
                          stage=stage.name if stage else None,
                          fault_kind=kind,
                          requested_host=hosts[0] if hosts else None)

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

from unittest import mock

from tempest.lib import exceptions as lib_exc
import testtools

from resize_tempest_plugin.common import polling
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import faults


class FakeClock(object):

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class FakeServersClient(object):
    """Stands in for tempest's ServersClient: shows servers in turn."""

    def __init__(self, *servers):
        self.servers = list(servers)
        self.calls = 0

    def show_server(self, server_id):
        self.calls += 1
        server = self.servers[min(self.calls, len(self.servers)) - 1]
        return {'server': dict(server, id=server_id)}


def server(status, task_state=None, fault=None, updated=None):
    body = {'status': status, 'OS-EXT-STS:task_state': task_state,
            'updated': updated}
    if fault:
        body['fault'] = {'message': fault}
    return body


class PollIntervalsTest(testtools.TestCase):

    def test_backs_off_to_the_ceiling(self):
        intervals = polling.intervals(1.0)
        self.assertEqual([0.1, 0.2, 0.4, 0.8, 1.0, 1.0],
                         [next(intervals) for _ in range(6)])

    def test_retry_gives_the_last_accepted_error_at_the_deadline(self):
        clock = FakeClock()
        errors = iter([KeyError('a'), KeyError('b'), KeyError('c')] * 9)

        def call():
            raise next(errors)
        error = self.assertRaises(
            KeyError, polling.retry, call,
            lambda error: isinstance(error, KeyError), 1.0, 0.5,
            clock=clock.time, sleep=clock.sleep)
        self.assertLessEqual(clock.now, 1.0)
        self.assertIn(error.args[0], 'abc')

    def test_retry_lets_another_error_through_at_once(self):
        clock = FakeClock()
        calls = []

        def call():
            calls.append(1)
            raise ValueError('not retried')
        self.assertRaises(ValueError, polling.retry, call,
                          lambda error: isinstance(error, KeyError), 10, 1,
                          clock=clock.time, sleep=clock.sleep)
        self.assertEqual(1, len(calls))
        self.assertEqual([], clock.sleeps)

    def test_ceiling_below_first_interval(self):
        self.assertEqual(0.05, next(polling.intervals(0.05)))

    def test_waits_after_a_request_poll_sooner_then_steady(self):
        pauses = polling.after_request_intervals(1.0)
        self.assertEqual([0.4, 0.4, 0.5, 0.7, 1.0, 1.0],
                         [next(pauses) for _ in range(6)])

    def test_waits_after_a_request_poll_at_most_once_more_than_tempest(self):
        # tempest's waiters poll at once, then every build_interval; ours
        # check first after the first pause.
        pauses, elapsed, polls = polling.after_request_intervals(1.0), 0, 0
        while elapsed < 30:
            elapsed += next(pauses)
            polls += 1
            self.assertLessEqual(polls, (1 + int(elapsed + 1e-9)) + 1)


class ServerWaiterTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()

    def wait(self, client, status, timeout=10, resting=()):
        return waiters.wait_for_server_status(
            client, 'srv', status, timeout, 1.0, resting=resting,
            clock=self.clock.time, sleep=self.clock.sleep)

    def test_waits_for_status_and_no_task_state(self):
        client = FakeServersClient(server('RESIZE', 'resize_prep'),
                                   server('VERIFY_RESIZE', 'resize_finish'),
                                   server('VERIFY_RESIZE'))
        self.assertEqual('VERIFY_RESIZE',
                         self.wait(client, 'VERIFY_RESIZE')['status'])
        self.assertEqual(3, client.calls)
        # It follows a request: a pause before the first check.
        self.assertEqual([0.4, 0.4, 0.5], self.clock.sleeps)

    def test_unexpected_error_fails_fast_with_fault(self):
        client = FakeServersClient(
            server('RESIZE', 'resize_migrating'),
            server('ERROR', fault='Virtual Interface creation failed'))
        error = self.assertRaises(waiters.ServerErrored, self.wait, client,
                                  'VERIFY_RESIZE')
        self.assertIn('Virtual Interface creation failed', str(error))
        self.assertEqual(2, client.calls)

    def test_error_during_a_task_is_not_final(self):
        client = FakeServersClient(server('ERROR', 'reboot_started_hard'),
                                   server('ACTIVE'))
        self.assertEqual('ACTIVE', self.wait(client, 'ACTIVE')['status'])
        self.assertEqual(2, client.calls)

    def test_error_can_be_the_expected_status(self):
        client = FakeServersClient(server('ERROR', 'resize_finish'),
                                   server('ERROR', fault='boom'))
        self.assertEqual('boom', waiters.fault_message(
            self.wait(client, 'ERROR')))

    def test_resting_elsewhere_is_judged_at_once(self):
        # A shelve whose offload failed silently: offloaded, not shelved.
        client = FakeServersClient(server('SHELVED', 'shelving_offloading'),
                                   server('SHELVED_OFFLOADED'))
        error = self.assertRaises(
            waiters.SettledElsewhere, self.wait, client, 'SHELVED',
            resting=faults.RESTING_STATUSES[faults.SHELVE])
        self.assertIn('settled as SHELVED_OFFLOADED', str(error))
        self.assertEqual(2, client.calls)

    def test_resting_status_during_a_task_is_not_final(self):
        client = FakeServersClient(server('SHELVED_OFFLOADED', 'spawning'),
                                   server('ACTIVE'))
        self.assertEqual('ACTIVE', self.wait(
            client, 'ACTIVE',
            resting=faults.RESTING_STATUSES[faults.UNSHELVE])['status'])

    def test_timeout_names_last_status(self):
        client = FakeServersClient(server('RESIZE', 'resize_prep'))
        error = self.assertRaises(lib_exc.TimeoutException, self.wait,
                                  client, 'ACTIVE', timeout=3)
        self.assertIn('last status RESIZE, task state resize_prep',
                      str(error))
        self.assertLessEqual(self.clock.now, 3)


class DeletionWaiterTest(testtools.TestCase):

    def test_waits_for_not_found(self):
        clock = FakeClock()
        client = FakeServersClient(server('ACTIVE', 'deleting'))
        client.servers.append(lib_exc.NotFound())

        def show_server(server_id):
            client.calls += 1
            answer = client.servers[min(client.calls, 2) - 1]
            if isinstance(answer, Exception):
                raise answer
            return {'server': answer}
        client.show_server = show_server
        self.assertTrue(waiters.wait_for_server_deleted(
            client, 'srv', 10, 1.0, clock=clock.time, sleep=clock.sleep))
        self.assertEqual(2, client.calls)

    def test_timeout_names_last_status(self):
        clock = FakeClock()
        client = FakeServersClient(server('ACTIVE', 'deleting'))
        error = self.assertRaises(
            lib_exc.TimeoutException, waiters.wait_for_server_deleted,
            client, 'srv', 2, 1.0, clock=clock.time, sleep=clock.sleep)
        self.assertIn('was not deleted (last status ACTIVE)', str(error))

    def test_a_delete_that_makes_no_progress_is_stuck(self):
        clock = FakeClock()
        client = FakeServersClient(server('ERROR', 'deleting'))
        error = self.assertRaises(
            waiters.Stuck, waiters.wait_for_server_deleted,
            client, 'srv', 300, 1.0, stuck_after=5, clock=clock.time,
            sleep=clock.sleep)
        self.assertIn('no progress for 5 s while being deleted: status '
                      'ERROR, task state deleting', str(error))
        self.assertLess(clock.now, 10)

    def test_a_delete_that_changes_is_not_stuck(self):
        clock = FakeClock()
        states = [server('ACTIVE', 'deleting', updated=str(each))
                  for each in range(12)]
        client = FakeServersClient(*states)
        self.assertRaises(
            lib_exc.TimeoutException, waiters.wait_for_server_deleted,
            client, 'srv', 8, 1.0, stuck_after=3, clock=clock.time,
            sleep=clock.sleep)


class NewestMigrationTest(testtools.TestCase):

    def test_newest_migration_is_the_highest_id(self):
        self.assertIsNone(waiters.newest_migration([]))
        self.assertEqual(7, waiters.newest_migration(
            [{'id': 3}, {'id': 7}, {'id': 5}])['id'])


class Event(object):

    def __init__(self, event, result):
        self.event = event
        self.result = result

    def __str__(self):
        return '%s=%s' % (self.event, self.result)


class EventWaiterTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()

    def wait(self, *answers, timeout=10):
        answers = list(answers)

        def list_events():
            return answers.pop(0) if len(answers) > 1 else answers[0]
        return waiters.wait_for_event_finished(
            list_events, 'compute_confirm_resize', timeout, 1.0,
            clock=self.clock.time, sleep=self.clock.sleep)

    def test_waits_until_the_event_has_a_result(self):
        finished = Event('compute_confirm_resize', 'Success')
        events = self.wait([], [Event('compute_confirm_resize', None)],
                           [Event('other', 'Success'), finished])
        self.assertEqual([finished], events)
        # Checked at once (the event has mostly ended by then), then
        # backing off.
        self.assertEqual([0.1, 0.2], self.clock.sleeps)

    def test_an_error_result_is_finished_too(self):
        failed = Event('compute_confirm_resize', 'Error')
        self.assertEqual([failed], self.wait([failed]))

    def test_timeout_lists_the_events_seen(self):
        error = self.assertRaises(
            lib_exc.TimeoutException, self.wait,
            [Event('compute_confirm_resize', None)], timeout=2)
        self.assertIn('compute_confirm_resize=None', str(error))

    def test_waits_for_the_result_asked_for(self):
        handed_on = Event('compute_confirm_resize', 'Success')
        failed = Event('compute_confirm_resize', 'Error')
        events = waiters.wait_for_event_finished(
            iter([[handed_on], [handed_on, failed]]).__next__,
            'compute_confirm_resize', 10, 1.0, result='Error',
            clock=self.clock.time, sleep=self.clock.sleep)
        self.assertEqual([failed], events)


class MoveEndTest(testtools.TestCase):
    """wait_for_move_end, from sequences of what the APIs show."""

    def wait(self, shown, status='ACTIVE', migration_statuses=('error',),
             resting=()):
        """Wait through ``shown``: (server status, task, migration status).

        The migrations are listed only for the polls whose server shows
        no task, so the migration status of the others is not read.
        :returns: (server, newest migration) as the wait returned them.
        """
        servers = [{'id': 's1', 'status': server_status,
                    'OS-EXT-STS:task_state': task}
                   for server_status, task, _ in shown]
        migrations = [{'id': 1, 'status': migration_status}
                      for _, task, migration_status in shown
                      if task is None]
        servers_client = mock.Mock()
        servers_client.show_server.side_effect = [
            {'server': server} for server in servers]
        migrations_client = mock.Mock()
        migrations_client.list_migrations.side_effect = [
            {'migrations': [migration]} for migration in migrations]
        clock = iter(range(0, 10000, 1))
        server, listed = waiters.wait_for_move_end(
            servers_client, migrations_client, 's1', status,
            migration_statuses, 300, 1, resting=resting,
            clock=lambda: next(clock), sleep=lambda seconds: None)
        self.assertEqual(len(migrations),
                         migrations_client.list_migrations.call_count)
        return server, waiters.newest_migration(listed)

    def test_waits_through_a_transient_final_status_while_a_task_runs(self):
        # Nova sets a live migration to error, then rolls it back to
        # failed; the server keeps its task meanwhile.
        server, migration = self.wait(
            [('MIGRATING', 'migrating', 'running'),
             ('MIGRATING', 'migrating', 'error'),
             ('ACTIVE', None, 'failed')],
            migration_statuses=('failed',))
        self.assertEqual(('ACTIVE', 'failed'),
                         (server['status'], migration['status']))

    def test_a_settled_wrong_state_fails_at_once(self):
        # A conductor that does not roll back: ACTIVE, no task, migration
        # error, while ERROR was expected: no point waiting 300 s.
        error = self.assertRaises(
            waiters.SettledElsewhere, self.wait,
            [('RESIZE', 'resize_prep', 'pre-migrating'),
             ('ACTIVE', None, 'error')], status='ERROR')
        self.assertIn('settled as ACTIVE with migration error', str(error))

    def test_an_evacuation_done_where_its_failure_was_due_fails_at_once(self):
        # Nova evacuated a server whose claim it was to fail: the server
        # rests ACTIVE, the migration done, until the source starts again.
        error = self.assertRaises(
            waiters.SettledElsewhere, self.wait,
            [('REBUILD', 'rebuilding', 'pre-migrating'),
             ('ACTIVE', None, 'done')], status='ERROR')
        self.assertIn('settled as ACTIVE with migration done', str(error))

    def test_an_evacuation_done_is_waited_through_for_completed(self):
        # Its source's clean-up at start-up completes it.
        server, migration = self.wait(
            [('ACTIVE', None, 'done'), ('ACTIVE', None, 'completed')],
            status='ACTIVE', migration_statuses=('completed',))
        self.assertEqual('completed', migration['status'])

    def test_a_move_without_migration_resting_elsewhere_ends_at_once(self):
        # A shelve whose offload was reported failed rests SHELVED.
        error = self.assertRaises(
            waiters.SettledElsewhere, self.wait,
            [('SHELVED', 'shelving_offloading', None),
             ('SHELVED', None, None)],
            status='SHELVED_OFFLOADED', migration_statuses=(None,),
            resting=faults.RESTING_STATUSES[faults.SHELVE])
        self.assertIn('settled as SHELVED', str(error))

    def test_an_unfinished_migration_is_waited_for(self):
        server, migration = self.wait(
            [('ACTIVE', None, 'pre-migrating'),
             ('VERIFY_RESIZE', None, 'finished')],
            status='VERIFY_RESIZE', migration_statuses=('finished',))
        self.assertEqual('finished', migration['status'])

    def test_a_finished_resize_where_its_failure_was_due_fails_at_once(self):
        # Nova went on with a resize whose allocation move failed: it
        # waits for a confirm, never for the ACTIVE/error expected.
        error = self.assertRaises(
            waiters.SettledElsewhere, self.wait,
            [('RESIZE', 'resize_finish', 'post-migrating'),
             ('VERIFY_RESIZE', None, 'finished')])
        self.assertIn('settled as VERIFY_RESIZE with migration finished',
                      str(error))

    def test_an_unexpected_error_with_no_task_fails_at_once(self):
        self.assertRaises(waiters.SettledElsewhere, self.wait,
                          [('ERROR', None, 'migrating')],
                          migration_statuses=('completed',))

    def test_a_confirm_saves_the_migration_before_the_server(self):
        server, migration = self.wait(
            [('VERIFY_RESIZE', None, 'confirmed'),
             ('ACTIVE', None, 'confirmed')],
            migration_statuses=('confirmed',))
        self.assertEqual('ACTIVE', server['status'])


class StuckMoveTest(testtools.TestCase):
    """A move whose server, migrations and events stop changing."""

    def test_a_move_that_stops_changing_is_stuck_with_its_state(self):
        clock = FakeClock()
        client = FakeServersClient(server('REBUILD', 'rebuilding'))
        error = self.assertRaises(
            waiters.Stuck, waiters.wait_for_move_end, client, mock.Mock(),
            's1', 'ACTIVE', ('done',), 300, 1.0, stuck_after=5,
            progress=lambda: ('same',), clock=clock.time, sleep=clock.sleep)
        self.assertIn('no progress for 5 s while waiting for ACTIVE: '
                      'status REBUILD, task state rebuilding', str(error))
        self.assertLess(clock.now, 10)

    def test_progress_elsewhere_keeps_the_move_alive(self):
        # The server shows no change, but its migration or events do.
        clock = FakeClock()
        client = FakeServersClient(server('REBUILD', 'rebuilding'))
        steps = iter(range(1000))
        self.assertRaises(
            lib_exc.TimeoutException, waiters.wait_for_move_end, client,
            mock.Mock(), 's1', 'ACTIVE', ('done',), 30, 1.0, stuck_after=5,
            progress=lambda: next(steps), clock=clock.time,
            sleep=clock.sleep)

    def test_progress_is_read_only_while_the_server_shows_no_change(self):
        clock = FakeClock()
        states = [server('RESIZE', 'resize_migrating', updated=str(each))
                  for each in range(20)]
        reads = mock.Mock(return_value=())
        self.assertRaises(
            lib_exc.TimeoutException, waiters.wait_for_move_end,
            FakeServersClient(*states), mock.Mock(), 's1', 'ACTIVE',
            ('done',), 10, 1.0, stuck_after=3, progress=reads,
            clock=clock.time, sleep=clock.sleep)
        reads.assert_not_called()

    def test_a_status_wait_judges_a_stopped_move_too(self):
        clock = FakeClock()
        client = FakeServersClient(server('SHELVED', 'shelving'))
        self.assertRaises(
            waiters.Stuck, waiters.wait_for_server_status, client, 's1',
            'SHELVED_OFFLOADED', 300, 1.0, stuck_after=5,
            progress=lambda: (), clock=clock.time, sleep=clock.sleep)
        self.assertLess(clock.now, 10)

    def test_without_stuck_after_only_the_deadline_ends_it(self):
        clock = FakeClock()
        client = FakeServersClient(server('REBUILD', 'rebuilding'))
        self.assertRaises(
            lib_exc.TimeoutException, waiters.wait_for_move_end, client,
            mock.Mock(), 's1', 'ACTIVE', ('done',), 30, 1.0,
            clock=clock.time, sleep=clock.sleep)


class RetryTransientTest(testtools.TestCase):
    """retry_transient: clean-ups that outlive a restarting service."""

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()

    def retry(self, outcomes, timeout=60):
        outcomes = iter(outcomes)

        def call():
            outcome = next(outcomes)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        return waiters.retry_transient(call, timeout, 1.0,
                                       clock=self.clock.time,
                                       sleep=self.clock.sleep)

    @staticmethod
    def server_fault():
        return lib_exc.ServerFault(resp=mock.Mock(status=500))

    def test_a_500_then_success_is_retried(self):
        self.assertEqual('done', self.retry(
            [self.server_fault(), ConnectionError(), 'done']))
        self.assertEqual(2, len(self.clock.sleeps))

    def test_other_errors_propagate_at_once(self):
        self.assertRaises(lib_exc.Conflict, self.retry,
                          [lib_exc.Conflict(resp=mock.Mock(status=409))])
        self.assertEqual([], self.clock.sleeps)

    def test_a_lasting_outage_raises_its_own_error(self):
        error = self.assertRaises(
            lib_exc.ServerFault, self.retry,
            iter(self.server_fault, None), timeout=5)
        self.assertIsInstance(error, lib_exc.ServerFault)

    def test_a_wait_of_the_call_timing_out_propagates_as_it_is(self):
        timeout = lib_exc.TimeoutException('Server s was not deleted')
        error = self.assertRaises(lib_exc.TimeoutException, self.retry,
                                  [timeout])
        self.assertIs(timeout, error)

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

import testtools

from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin import faults

PROVIDERS = {'compute1': 'rp-1', 'compute2': 'rp-2', 'compute3': 'rp-3'}
OLD_FLAVOR = {'vcpus': 1, 'ram': 64, 'disk': 1, 'extra_specs': {}}
NEW_FLAVOR = {'vcpus': 2, 'ram': 128, 'disk': 2, 'extra_specs': {}}
OLD = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
NEW = {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2}
MOVE = judge.Move('server-1', 'compute1',
                  {faults.OLD: OLD_FLAVOR, faults.NEW: NEW_FLAVOR})


def observation(status='ERROR', host='compute2', migration_status='error',
                dest='compute2', holdings=None, events=(), fault=None,
                flavor=None, migrations=True):
    server = {'id': 'server-1', 'status': status,
              faults.HOST_ATTRIBUTE: host,
              'flavor': dict(flavor or NEW_FLAVOR, original_name='f')}
    if fault:
        server['fault'] = {'message': fault}
    migrations = ({'id': 1, 'uuid': 'migration-0', 'status': 'reverted',
                   'dest_compute': 'compute3'},
                  {'id': 2, 'uuid': 'migration-1',
                   'status': migration_status, 'dest_compute': dest})
    return judge.Observation(server, migrations if migrations else (),
                             tuple(events),
                             ledger.Snapshot(holdings or {}))


FINISH_RESIZE = faults.get_stage('finish_resize')
FAILED_EVENT = judge.ActionEvent('resize', 'compute_finish_resize',
                                 'compute2', 'Error')


class ExpectTest(testtools.TestCase):

    def test_finish_resize_failure_expects_new_flavor_on_dest(self):
        expectation = judge.expect(
            FINISH_RESIZE.end_state, MOVE, observation(), PROVIDERS,
            FINISH_RESIZE)
        self.assertEqual('compute2', expectation.server_host)
        self.assertEqual(ledger.Snapshot({('rp-2', 'server-1'): NEW}),
                         expectation.allocations)
        self.assertEqual(FINISH_RESIZE.fault_message,
                         expectation.fault_message)
        self.assertEqual('compute_finish_resize', expectation.failed_event)

    def test_the_newest_migration_names_the_destination(self):
        expectation = judge.expect(faults.VERIFY_RESIZE_STATE, MOVE,
                                   observation(dest='compute3'), PROVIDERS)
        self.assertEqual(ledger.Snapshot({('rp-3', 'server-1'): NEW,
                                          ('rp-1', 'migration-1'): OLD}),
                         expectation.allocations)
        self.assertIsNone(expectation.failed_event)

    def test_a_record_naming_no_destination_yet_uses_the_chosen_host(self):
        # A lost prep_resize: the destination never wrote itself in.
        move = judge.Move('server-1', 'compute1', MOVE.flavors,
                          requested_host='compute2')
        defect = faults.known_defect(faults.RESIZE, 'prep_resize',
                                     faults.RESTARTED, faults.LOST_CAST)
        self.assertEqual('lost-prep-resize-never-settles', defect.name)
        state = dict(defect.signature)[faults.RESTARTED]
        expectation = judge.expect(state, move, observation(dest=None),
                                   PROVIDERS)
        self.assertEqual(ledger.Snapshot({('rp-2', 'server-1'): NEW,
                                          ('rp-1', 'migration-1'): OLD}),
                         expectation.allocations)

    def test_a_server_not_in_error_expects_no_fault(self):
        stage = faults.get_stage('scheduling')
        expectation = judge.expect(stage.end_state, MOVE, observation(),
                                   PROVIDERS, stage)
        self.assertIsNone(expectation.fault_message)
        self.assertEqual('compute1', expectation.server_host)


class CompareTest(testtools.TestCase):

    def expectation(self, seen):
        return judge.expect(FINISH_RESIZE.end_state, MOVE, seen, PROVIDERS,
                            FINISH_RESIZE)

    def test_the_end_state_of_bug_1825537_fixed_passes(self):
        seen = observation(holdings={('rp-2', 'server-1'): NEW},
                           events=[FAILED_EVENT],
                           fault='Virtual Interface creation failed')
        self.assertEqual([], judge.compare(self.expectation(seen), seen))

    def test_bug_1825537_allocations_back_on_the_source_are_named(self):
        seen = observation(holdings={('rp-1', 'server-1'): OLD},
                           events=[FAILED_EVENT],
                           fault='Virtual Interface creation failed')
        self.assertEqual(
            [judge.ALLOCATIONS, judge.SERVER_FLAVOR],
            [problem.check for problem in
             judge.compare(self.expectation(seen), seen)])

    def test_every_mismatch_is_listed(self):
        seen = observation(status='ACTIVE', host='compute1',
                           migration_status='reverted',
                           holdings={('rp-2', 'server-1'): NEW})
        problems = judge.compare(self.expectation(seen), seen)
        self.assertEqual(
            [judge.SERVER_STATUS, judge.SERVER_HOST, judge.MIGRATION_STATUS,
             judge.SERVER_FAULT, judge.FAILED_EVENT, judge.SERVER_FLAVOR],
            [problem.check for problem in problems])
        texts = [problem.text for problem in problems]
        self.assertIn('server status: expected ERROR, actual ACTIVE', texts)
        self.assertIn('server host: expected compute2, actual compute1',
                      texts)
        self.assertIn('migration status: expected error, actual reverted',
                      texts)
        self.assertIn('compute_finish_resize', texts[4])

    def test_a_rescheduled_move_must_name_the_alternate(self):
        move = judge.Move('server-1', 'compute1', MOVE.flavors,
                          alternate='compute3')
        seen = observation(status='VERIFY_RESIZE', host='compute2',
                           migration_status='finished',
                           holdings={('rp-2', 'server-1'): NEW,
                                     ('rp-1', 'migration-1'): OLD})
        expectation = judge.expect(faults.RESCHEDULED_STATE, move, seen,
                                   PROVIDERS)
        problems = [problem.text
                    for problem in judge.compare(expectation, seen)]
        self.assertIn('migration destination: expected compute3, actual '
                      'compute2', problems)


class OlderNovaTest(testtools.TestCase):
    """Statuses an older Nova may leave instead, never other allocations."""

    STAGE = faults.get_stage('post_live_migration').on_nova('2.103')
    LIVE = judge.Move('server-1', 'compute1', {faults.OLD: OLD_FLAVOR},
                      kind=faults.LIVE_MIGRATE)

    def judge(self, **seen):
        seen = observation(flavor=OLD_FLAVOR, holdings={
            ('rp-2', 'server-1'): OLD}, **seen)
        expectation = judge.expect(self.STAGE.end_state, self.LIVE, seen,
                                   PROVIDERS, self.STAGE)
        return [problem.check for problem in judge.compare(expectation,
                                                           seen)]

    def test_either_status_passes(self):
        self.assertEqual([], self.judge(status='ERROR',
                                        fault='Migration error: x'))
        self.assertEqual([], self.judge(status='ACTIVE'))

    def test_the_fault_is_expected_where_the_server_is_in_error(self):
        self.assertEqual([judge.SERVER_FAULT], self.judge(status='ERROR'))

    def test_another_status_still_fails(self):
        self.assertEqual([judge.SERVER_STATUS, judge.SERVER_FAULT],
                         self.judge(status='PAUSED'))

    def test_the_allocations_are_still_judged(self):
        seen = observation(status='ACTIVE', flavor=OLD_FLAVOR, holdings={
            ('rp-2', 'server-1'): OLD, ('rp-1', 'migration-1'): OLD})
        expectation = judge.expect(self.STAGE.end_state, self.LIVE, seen,
                                   PROVIDERS, self.STAGE)
        self.assertEqual([judge.ALLOCATIONS], [
            problem.check for problem in judge.compare(expectation, seen)])


class ServerFlavorTest(testtools.TestCase):
    """The server must hold what its own shown flavor produces."""

    def test_a_server_showing_the_old_flavor_but_holding_the_new(self):
        seen = observation(holdings={('rp-2', 'server-1'): NEW},
                           flavor=OLD_FLAVOR, events=[FAILED_EVENT],
                           fault='Virtual Interface creation failed')
        problems = judge.compare(judge.expect(
            FINISH_RESIZE.end_state, MOVE, seen, PROVIDERS, FINISH_RESIZE),
            seen)
        self.assertEqual([judge.SERVER_FLAVOR],
                         [problem.check for problem in problems])
        self.assertIn('must hold DISK_GB=1, MEMORY_MB=64, VCPU=1 on rp-2; the '
                      'instance holds DISK_GB=2, MEMORY_MB=128, VCPU=2 on '
                      'rp-2', problems[0].text)

    def test_a_host_less_server_holds_nothing(self):
        unshelve = faults.get_stage('unshelve')
        seen = observation(status='SHELVED_OFFLOADED', host=None,
                           migrations=False,
                           holdings={('rp-3', 'server-1'): NEW})
        expectation = judge.expect(unshelve.end_state, MOVE, seen,
                                   PROVIDERS)
        self.assertIsNone(expectation.server_host)
        self.assertEqual(
            [judge.ALLOCATIONS, judge.SERVER_FLAVOR],
            [problem.check for problem in judge.compare(expectation, seen)])
        clean = observation(status='SHELVED_OFFLOADED', host=None,
                            migrations=False)
        self.assertEqual([], judge.compare(expectation, clean))

    def test_migration_consumer_does_not_count_as_the_server(self):
        seen = observation(status='VERIFY_RESIZE', migration_status='finished',
                           holdings={('rp-2', 'server-1'): NEW,
                                     ('rp-1', 'migration-1'): OLD})
        expectation = judge.expect(faults.VERIFY_RESIZE_STATE, MOVE, seen,
                                   PROVIDERS)
        self.assertEqual([], judge.compare(expectation, seen))

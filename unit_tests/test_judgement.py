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

"""The judgement loop, on API answers recorded on the embedded cloud.

The answers are those of test_revert_failure_on_destination on Nova
34.0.0 (its report, reports/...test_revert_failure_on_destination...json):
the revert's first half failed on compute1, the server came from
compute3.
"""

import copy

import testtools

from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import judgement
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin import faults

SERVER = '2cdeb766-3c89-4db9-ac0c-26df50fad537'
MIGRATION = 'f45a4cbb-96d1-4e90-9662-3402f05c685d'
PROVIDERS = {'compute1': '3d258901-d37e-4dac-a5f5-2dffd3aa2b3d',
             'compute2': 'cd65d661-8370-448c-953d-59d4b9ec8c18',
             'compute3': '6dc9a5e9-1668-4100-8b1e-f32f57e5e38b'}
DEST, SOURCE = PROVIDERS['compute1'], PROVIDERS['compute3']
OLD_FLAVOR = {'name': 'tempest-flavor-old', 'vcpus': 1, 'ram': 64,
              'disk': 1, 'extra_specs': {}}
NEW_FLAVOR = {'name': 'tempest-flavor-new', 'vcpus': 2, 'ram': 128,
              'disk': 2, 'extra_specs': {}}
OLD = {'DISK_GB': 1, 'MEMORY_MB': 64, 'VCPU': 1}
NEW = {'DISK_GB': 2, 'MEMORY_MB': 128, 'VCPU': 2}
REQUEST_ID = 'req-bcca4365-b681-48c0-8776-ee87f7bbcec0'

# GET /servers/{id} (2.61)
SERVER_ANSWER = {'server': {
    'id': SERVER, 'status': 'ERROR', faults.HOST_ATTRIBUTE: 'compute1',
    faults.TASK_ATTRIBUTE: None,
    'flavor': dict(NEW_FLAVOR, original_name=NEW_FLAVOR['name']),
    'fault': {'code': 500, 'message': 'Failed to terminate instance: fault '
              'injected at stage revert_resize_dest on host compute1'}}}
# GET /os-migrations?instance_uuid=...
MIGRATIONS_ANSWER = {'migrations': [{
    'id': 7, 'uuid': MIGRATION, 'status': 'error',
    'source_compute': 'compute3', 'dest_compute': 'compute1',
    'migration_type': 'resize', 'instance_uuid': SERVER}]}
# GET /servers/{id}/os-instance-actions and .../{request id}
ACTIONS_ANSWER = {'instanceActions': [
    {'action': 'revertResize', 'request_id': REQUEST_ID},
    {'action': 'resize', 'request_id': 'req-older'}]}
ACTION_ANSWER = {'instanceAction': {'action': 'revertResize', 'events': [
    {'event': 'compute_revert_resize', 'host': 'compute1',
     'result': 'Error', 'start_time': '2026-12-02T17:45:25.000000'}]}}


def allocations(holdings):
    """GET /allocations/{consumer} answers, per consumer."""
    answers = {}
    for (provider, consumer), resources in holdings.items():
        answers.setdefault(consumer, {'allocations': {}})['allocations'][
            provider] = {'resources': resources}
    return answers


# What Nova 34 leaves: the migration keeps the old flavor on the source.
DEFECT = {(DEST, SERVER): NEW, (SOURCE, MIGRATION): OLD}
CORRECT = {(DEST, SERVER): NEW}


class Replay(object):
    """Clients that answer from recordings, one reading after another.

    :param readings: a list of {(provider, consumer): resources}, one per
        reading of Placement; the last one repeats.
    """

    def __init__(self, readings, by_provider=None):
        self.readings = readings
        self.by_provider = by_provider
        self.consumer_reads = 0
        self.calls = []

    def _reading(self, index):
        return self.readings[min(index, len(self.readings) - 1)]

    # servers client
    def show_server(self, server_id):
        self.calls.append('show_server')
        return copy.deepcopy(SERVER_ANSWER)

    def list_instance_actions(self, server_id):
        self.calls.append('list_instance_actions')
        return copy.deepcopy(ACTIONS_ANSWER)

    def show_instance_action(self, server_id, request_id):
        self.calls.append('show_instance_action')
        return copy.deepcopy(ACTION_ANSWER)

    # migrations client
    def list_migrations(self, instance_uuid):
        self.calls.append('list_migrations')
        return copy.deepcopy(MIGRATIONS_ANSWER)

    # placement clients
    def list_allocations(self, consumer_uuid):
        if consumer_uuid == SERVER:
            self.consumer_reads += 1
        self.calls.append('list_allocations')
        reading = self._reading(self.consumer_reads - 1)
        return allocations(reading).get(consumer_uuid, {'allocations': {}})

    def list_resource_provider_allocations(self, rp_uuid):
        self.calls.append('list_resource_provider_allocations')
        reading = self.by_provider or self._reading(self.consumer_reads - 1)
        return {'allocations': {
            consumer: {'resources': resources}
            for (provider, consumer), resources in reading.items()
            if provider == rp_uuid}}


class Clock(object):
    """A clock that a sleep moves on."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


MOVE = judge.Move(SERVER, 'compute3',
                  {faults.OLD: OLD_FLAVOR, faults.NEW: NEW_FLAVOR},
                  stage='revert_resize_dest')
STAGE = faults.get_stage('revert_resize_dest')


def judged(replay, reread=0, move=MOVE, clock=None):
    clock = clock or Clock()
    judging = judgement.Judgement(
        replay, replay, ledger.AllocationLedger(replay, replay), PROVIDERS,
        poll_interval=1, clock=clock, sleep=clock.sleep)
    return judging, judging.judge(move, STAGE.end_state, STAGE,
                                  reread=reread)


class JudgementTest(testtools.TestCase):

    def test_the_correct_end_state_is_judged_on_one_reading(self):
        replay = Replay([CORRECT])
        _, result = judged(replay)
        self.assertEqual((), result.verdict.problems)
        self.assertTrue(result.verdict.defect_absent)
        # One reading, from the consumers' side only.
        self.assertEqual(1, replay.consumer_reads)
        self.assertNotIn('list_resource_provider_allocations', replay.calls)

    def test_the_known_defect_is_judged_on_a_second_full_reading(self):
        replay = Replay([DEFECT])
        judging, result = judged(replay)
        self.assertTrue(result.verdict.defect_shown)
        self.assertEqual(
            'revert-resize-dest-failure-migration-keeps-source',
            result.verdict.defect.name)
        self.assertEqual(2, replay.consumer_reads)
        self.assertIn('list_resource_provider_allocations', replay.calls)
        self.assertEqual(REQUEST_ID, judging.newest_request_id)
        self.assertEqual({MIGRATION}, judging.migrations_seen)

    def test_a_reading_in_the_middle_of_a_change_is_read_again(self):
        # The first reading catches the migration still holding the
        # source; the second, full one sees it gone.
        _, result = judged(Replay([DEFECT, CORRECT]))
        self.assertEqual((), result.verdict.problems)

    def test_more_than_the_defect_fails(self):
        leaking = {**DEFECT, (SOURCE, SERVER): OLD}
        _, result = judged(Replay([leaking]))
        self.assertTrue(result.verdict.failed)
        self.assertEqual([judge.ALLOCATIONS],
                         [each.check for each in result.verdict.beyond])

    def test_a_mismatch_is_read_again_until_the_settle_time_ends(self):
        clock = Clock()
        replay = Replay([DEFECT, DEFECT, DEFECT, CORRECT])
        _, result = judged(replay, reread=5, clock=clock)
        self.assertEqual((), result.verdict.problems)
        self.assertEqual(4, replay.consumer_reads)
        self.assertEqual(103.0, clock.now)

    def test_placement_disagreeing_with_itself_is_read_again(self):
        # The destination's side still shows the migration, the consumers'
        # side no longer: a change under way.  It never settles here.
        replay = Replay([DEFECT, CORRECT], by_provider={
            (DEST, SERVER): NEW, (DEST, MIGRATION): OLD})
        self.assertRaises(ledger.PlacementDisagrees, judged, replay)

    def test_no_migration_record_where_one_is_needed(self):
        replay = Replay([CORRECT])
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1)
        self.assertRaises(
            judgement.MissingMigration, judging.judge, MOVE,
            STAGE.end_state, STAGE, shown=(SERVER_ANSWER['server'], []))

    def test_after_the_delete_the_defect_leak_is_the_defect(self):
        replay = Replay([{(SOURCE, MIGRATION): OLD}])
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1)
        actual, verdict = judging.judge_deleted(
            MOVE, MIGRATIONS_ANSWER['migrations'])
        self.assertTrue(verdict.defect_shown)
        self.assertEqual(ledger.Snapshot({(SOURCE, MIGRATION): OLD}), actual)

    def test_a_leak_after_a_raced_delete_is_read_again_until_it_settles(self):
        # A stage released after the delete gives the deleted instance an
        # allocation; the periodic resource task removes it again.
        clock = Clock()
        replay = Replay([{(SOURCE, SERVER): OLD}, {(SOURCE, SERVER): OLD},
                         {}])
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1, clock=clock, sleep=clock.sleep)
        actual, verdict = judging.judge_deleted(
            MOVE, MIGRATIONS_ANSWER['migrations'], reread=4)
        self.assertEqual((), verdict.problems)
        self.assertEqual(ledger.Snapshot(), actual)
        self.assertEqual(102.0, clock.now)

    def test_a_leak_removed_between_the_two_views_is_read_again(self):
        clock = Clock()
        replay = Replay([{(SOURCE, SERVER): OLD}, {}], by_provider={})
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1, clock=clock, sleep=clock.sleep)
        actual, verdict = judging.judge_deleted(
            MOVE, MIGRATIONS_ANSWER['migrations'], reread=4)
        self.assertEqual((), verdict.problems)
        self.assertEqual(101.0, clock.now)

    def test_a_leak_that_outlasts_the_settle_time_is_judged(self):
        clock = Clock()
        replay = Replay([{(SOURCE, SERVER): OLD}])
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1, clock=clock, sleep=clock.sleep)
        actual, verdict = judging.judge_deleted(
            MOVE, MIGRATIONS_ANSWER['migrations'], reread=4)
        self.assertTrue(verdict.failed)
        self.assertEqual(ledger.Snapshot({(SOURCE, SERVER): OLD}), actual)
        self.assertEqual(104.0, clock.now)

    def test_a_plain_delete_is_judged_on_one_reading(self):
        clock = Clock()
        replay = Replay([{(SOURCE, SERVER): OLD}, {}])
        judging = judgement.Judgement(
            replay, replay, ledger.AllocationLedger(replay, replay),
            PROVIDERS, poll_interval=1, clock=clock, sleep=clock.sleep)
        _, verdict = judging.judge_deleted(MOVE,
                                           MIGRATIONS_ANSWER['migrations'])
        self.assertTrue(verdict.failed)
        self.assertEqual(100.0, clock.now)

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

"""A known defect is the exact state Nova leaves, never a mask."""

import ast
import os

import testtools

from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin import faults

PROVIDERS = {'compute1': 'rp-1', 'compute2': 'rp-2', 'compute3': 'rp-3'}
OLD_FLAVOR = {'name': 'small', 'vcpus': 1, 'ram': 64, 'disk': 1,
              'extra_specs': {}}
NEW_FLAVOR = {'name': 'big', 'vcpus': 2, 'ram': 128, 'disk': 2,
              'extra_specs': {}}
OLD = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
NEW = {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2}
SCENARIOS = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'resize_tempest_plugin', 'tests', 'scenario')


def migrations(status):
    return ({'id': 1, 'uuid': 'migration-1', 'status': status,
             'dest_compute': 'compute2'},)


def seen(status, host, migration_status, holdings, flavor, event,
         fault='Virtual Interface creation failed'):
    server = {'id': 'server-1', 'status': status,
              faults.HOST_ATTRIBUTE: host,
              'flavor': dict(flavor, original_name=flavor['name']),
              'fault': {'message': fault}}
    return judge.Observation(server, migrations(migration_status),
                             (event,), ledger.Snapshot(holdings))


def judged(move, stage_name, observation, step=''):
    stage = faults.get_stage(stage_name)
    end_state = stage.end_state
    expectation = judge.expect(end_state, move, observation, PROVIDERS,
                               stage)
    return judge.verdict(expectation, observation, move, PROVIDERS, step,
                         stage)


RESIZE = judge.Move('server-1', 'compute1',
                    {faults.OLD: OLD_FLAVOR, faults.NEW: NEW_FLAVOR},
                    stage='revert_resize_dest')
REVERT_EVENT = judge.ActionEvent('revertResize', 'compute_revert_resize',
                                 'compute2', 'Error')
# Exactly what Nova leaves after the revert fails on the destination.
REVERT_DEFECT = {('rp-2', 'server-1'): NEW, ('rp-1', 'migration-1'): OLD}


def revert_failed(holdings, flavor=NEW_FLAVOR, status='ERROR'):
    return seen(status, 'compute2', 'error', holdings, flavor, REVERT_EVENT,
                fault='Failed to terminate instance')


class SignatureTest(testtools.TestCase):

    def test_the_exact_signature_is_the_defect(self):
        verdict = judged(RESIZE, 'revert_resize_dest',
                         revert_failed(REVERT_DEFECT))
        self.assertTrue(verdict.defect_shown)
        self.assertFalse(verdict.failed)
        self.assertEqual('revert-resize-dest-failure-migration-keeps-source',
                         verdict.defect.name)
        self.assertEqual(ledger.Snapshot(REVERT_DEFECT),
                         verdict.defect_allocations)

    def test_one_extra_holding_goes_beyond_the_defect(self):
        holdings = {**REVERT_DEFECT, ('rp-1', 'server-1'): OLD}
        verdict = judged(RESIZE, 'revert_resize_dest',
                         revert_failed(holdings))
        self.assertTrue(verdict.failed)
        self.assertEqual([judge.ALLOCATIONS],
                         [each.check for each in verdict.beyond])

    def test_one_missing_holding_goes_beyond_the_defect(self):
        holdings = {('rp-1', 'migration-1'): OLD}
        verdict = judged(RESIZE, 'revert_resize_dest',
                         revert_failed(holdings))
        self.assertTrue(verdict.failed)
        self.assertIn(judge.ALLOCATIONS,
                      [each.check for each in verdict.beyond])

    def test_other_amounts_go_beyond_the_defect(self):
        holdings = {**REVERT_DEFECT, ('rp-1', 'migration-1'): NEW}
        self.assertTrue(judged(RESIZE, 'revert_resize_dest',
                               revert_failed(holdings)).failed)

    def test_another_status_goes_beyond_the_defect(self):
        verdict = judged(RESIZE, 'revert_resize_dest',
                         revert_failed(REVERT_DEFECT, status='ACTIVE'))
        self.assertTrue(verdict.failed)
        self.assertIn(judge.SERVER_STATUS,
                      [each.check for each in verdict.beyond])

    def test_an_absent_defect_is_the_correct_end_state(self):
        verdict = judged(RESIZE, 'revert_resize_dest',
                         revert_failed({('rp-2', 'server-1'): NEW}))
        self.assertTrue(verdict.defect_absent)
        self.assertFalse(verdict.failed)
        self.assertEqual((), verdict.problems)

    def test_a_stage_without_a_defect_just_fails(self):
        move = judge.Move('server-1', 'compute1', RESIZE.flavors,
                          stage='confirm_resize')
        verdict = judged(move, 'confirm_resize', revert_failed(REVERT_DEFECT))
        self.assertIsNone(verdict.defect)
        self.assertTrue(verdict.failed)

    def test_the_old_flavor_shown_with_the_new_allocation(self):
        move = judge.Move('server-1', 'compute1', RESIZE.flavors,
                          stage='finish_resize')
        event = judge.ActionEvent('resize', 'compute_finish_resize',
                                  'compute2', 'Error')
        defect = seen('ERROR', 'compute2', 'error',
                      {('rp-2', 'server-1'): NEW}, OLD_FLAVOR, event)
        self.assertTrue(judged(move, 'finish_resize', defect).defect_shown)
        fixed = seen('ERROR', 'compute2', 'error',
                     {('rp-2', 'server-1'): NEW}, NEW_FLAVOR, event)
        self.assertTrue(judged(move, 'finish_resize', fixed).defect_absent)
        # The defect's flavor mix-up plus a leak on the source: beyond it.
        leaking = seen('ERROR', 'compute2', 'error',
                       {('rp-2', 'server-1'): NEW,
                        ('rp-1', 'migration-1'): OLD}, OLD_FLAVOR, event)
        self.assertTrue(judged(move, 'finish_resize', leaking).failed)

    def test_the_defect_is_matched_only_at_its_steps(self):
        move = judge.Move('server-1', 'compute1', RESIZE.flavors,
                          stage='finish_resize')
        event = judge.ActionEvent('resize', 'compute_finish_resize',
                                  'compute2', 'Error')
        defect = seen('ERROR', 'compute2', 'error',
                      {('rp-2', 'server-1'): NEW}, OLD_FLAVOR, event)
        self.assertTrue(judged(move, 'finish_resize', defect,
                               step='verify_resize').failed)


class AfterDeleteTest(testtools.TestCase):

    def judged(self, actual):
        return judge.verdict_after_delete(
            RESIZE, migrations('error'), ledger.Snapshot(actual), PROVIDERS)

    def test_the_leak_the_defect_names_is_the_defect(self):
        verdict = self.judged({('rp-1', 'migration-1'): OLD})
        self.assertTrue(verdict.defect_shown)

    def test_a_further_leak_goes_beyond_it(self):
        verdict = self.judged({('rp-1', 'migration-1'): OLD,
                               ('rp-2', 'server-1'): NEW})
        self.assertTrue(verdict.failed)

    def test_nothing_left_is_the_defect_absent(self):
        verdict = self.judged({})
        self.assertTrue(verdict.defect_absent)
        self.assertFalse(verdict.failed)

    def test_a_delete_left_stuck_and_refused_is_named(self):
        verdict = judge.verdict_after_delete(
            judge.Move('server-1', 'compute1', RESIZE.flavors,
                       stage='confirm_resize'),
            migrations('error'), ledger.Snapshot(), PROVIDERS,
            left=('ERROR', 'made no progress'), answer=500)
        self.assertEqual([judge.DELETE_ANSWER, judge.SERVER_STATUS],
                         [each.check for each in verdict.problems])
        self.assertTrue(verdict.failed)

    def test_a_move_without_a_defect_fails_on_any_leak(self):
        move = judge.Move('server-1', 'compute1', RESIZE.flavors,
                          stage='confirm_resize')
        verdict = judge.verdict_after_delete(
            move, migrations('error'),
            ledger.Snapshot({('rp-1', 'migration-1'): OLD}), PROVIDERS)
        self.assertIsNone(verdict.defect)
        self.assertTrue(verdict.failed)


def scenario_test_names():
    names = set()
    for name in os.listdir(SCENARIOS):
        if name.startswith('test_') and name.endswith('.py'):
            with open(os.path.join(SCENARIOS, name)) as source:
                tree = ast.parse(source.read())
            names.update(node.name for node in ast.walk(tree)
                         if isinstance(node, ast.FunctionDef) and
                         node.name.startswith('test_'))
    return names


class CatalogueTest(testtools.TestCase):

    def test_every_defect_is_an_exact_signature(self):
        for defect in faults.KNOWN_DEFECTS + faults.FOUND_UNDER_LOAD:
            self.assertTrue(defect.steps, defect.name)
            for step, state in defect.signature:
                if step == faults.DELETED:
                    self.assertIsInstance(state, faults.AfterDelete,
                                          defect.name)
                else:
                    # What the server shows is part of the signature.
                    self.assertIn(state.server_flavor,
                                  (faults.OLD, faults.NEW), defect.name)

    def test_every_step_of_a_signature_breaks_a_principle(self):
        # A signature a correct Nova could leave would excuse nothing.
        for defect in faults.KNOWN_DEFECTS + faults.FOUND_UNDER_LOAD:
            for step, state in defect.signature:
                if step == faults.DELETED:
                    broken = bool(state)
                else:
                    broken = (
                        state.instance != faults.Holding(
                            state.server_flavor, state.server_side) or
                        state.migration is not None and
                        state.migration_status in
                        faults.FINAL_MIGRATION_STATUSES or
                        # Principle 1: only an evacuated server may still
                        # hold the source it left, until it starts again.
                        state.instance_elsewhere is not None and not (
                            state.server_side == faults.DEST and
                            state.instance_elsewhere.side ==
                            faults.SOURCE) or
                        # Principle 4: a move left in progress while its
                        # services run.
                        state.task_state is not None or
                        # Principle 4: after a restart nothing is left in
                        # progress, and an evacuated server holds its
                        # source no more.
                        step == faults.RESTARTED and (
                            state.task_state is not None or
                            state.instance_elsewhere is not None or
                            state.migration_status not in
                            faults.FINAL_MIGRATION_STATUSES))
                self.assertTrue(broken, '%s at %r' % (defect.name, step))

    def test_the_named_tests_exist(self):
        names = scenario_test_names()
        for defect in faults.KNOWN_DEFECTS:
            self.assertTrue(defect.tests, defect.name)
            self.assertEqual(set(), set(defect.tests) - names, defect.name)

    def test_a_defect_shows_at_each_of_its_faults(self):
        defect = faults.known_defect(
            faults.RESIZE, 'revert_resize', faults.RESTARTED, faults.CRASH)
        self.assertEqual(defect, faults.known_defect(
            faults.RESIZE, 'revert_move_back:hold', faults.RESTARTED,
            faults.PLACEMENT))
        self.assertIsNone(faults.known_defect(
            faults.RESIZE, 'revert_move_back:hold', faults.RESTARTED,
            faults.CRASH))
        for stage, kind in defect.also_at:
            self.assertTrue(defect.shows_at(defect.move, stage,
                                            faults.RESTARTED, kind))

    def test_under_load_defects_are_never_matched(self):
        for defect in faults.FOUND_UNDER_LOAD:
            self.assertFalse(defect.shows_at(defect.move, defect.stage, ''))


class OlderReleaseTest(testtools.TestCase):
    """A defect only older releases show is expected from them only."""

    STAGE = 'live_migration_rollback_move_back:lost'

    def defect_on(self, max_microversion):
        return faults.known_defect(
            faults.LIVE_MIGRATION, self.STAGE, '', faults.PLACEMENT,
            max_microversion=max_microversion)

    def test_shown_by_an_older_nova(self):
        defect = self.defect_on('2.100')
        self.assertEqual(
            'live-migration-rollback-failed-move-back-never-settles',
            defect.name)
        self.assertEqual(defect, self.defect_on('2.103'))

    def test_not_expected_from_a_newer_nova(self):
        self.assertIsNone(self.defect_on('2.104'))
        self.assertIsNone(self.defect_on('2.105'))
        # No microversion read: the newest Nova.
        self.assertIsNone(self.defect_on(None))

    def stuck_verdict(self, max_microversion):
        move = judge.Move('server-1', 'compute1',
                          {faults.OLD: OLD_FLAVOR, faults.NEW: OLD_FLAVOR},
                          kind=faults.LIVE_MIGRATION, stage=self.STAGE,
                          fault_kind=faults.PLACEMENT)
        stage = faults.get_stage('pre_live_migration')
        server = {'id': 'server-1', 'status': 'MIGRATING',
                  faults.HOST_ATTRIBUTE: 'compute1',
                  faults.TASK_ATTRIBUTE: 'migrating',
                  'flavor': dict(OLD_FLAVOR, original_name='small')}
        event = judge.ActionEvent('live-migration',
                                  'compute_pre_live_migration', 'compute2',
                                  'Error')
        observation = judge.Observation(
            server, migrations('error'), (event,),
            ledger.Snapshot({('rp-1', 'server-1'): OLD}))
        expectation = judge.expect(stage.end_state, move, observation,
                                   PROVIDERS, stage)
        return judge.verdict(expectation, observation, move, PROVIDERS,
                             stage=stage, max_microversion=max_microversion)

    def test_the_stuck_roll_back_is_the_older_novas_defect(self):
        self.assertTrue(self.stuck_verdict('2.100').defect_shown)
        # The same state from the newest Nova fails, naming no defect.
        verdict = self.stuck_verdict(None)
        self.assertTrue(verdict.failed)
        self.assertIsNone(verdict.defect)

    def test_a_defect_of_every_release_is_expected_from_each(self):
        for max_microversion in ('2.100', '2.104', None):
            self.assertIsNotNone(faults.known_defect(
                faults.LIVE_MIGRATION,
                'live_migration_rollback_move_back:reset', '',
                faults.PLACEMENT, max_microversion=max_microversion))


class RetriedTest(testtools.TestCase):
    """A Placement call Nova sent again and got made excuses no defect."""

    def test_a_placement_call_retried_and_made_has_no_defect(self):
        self.assertIsNotNone(faults.known_defect(
            faults.RESIZE, 'confirm_drop:reset', '', faults.PLACEMENT))
        self.assertIsNone(faults.known_defect(
            faults.RESIZE, 'confirm_drop:reset', '', faults.PLACEMENT,
            retried=True))

    def test_a_retry_excuses_no_other_fault(self):
        self.assertIsNotNone(faults.known_defect(
            faults.RESIZE, 'revert_resize_dest', '', faults.RAISE,
            retried=True))

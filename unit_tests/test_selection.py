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

import re
from unittest import mock

import fixtures
import testtools

from resize_tempest_cloud import cli
from resize_tempest_cloud import selection

EVACUATE = ('resize_tempest_plugin.tests.scenario.test_evacuate_faults.'
            'EvacuateTest.')
RESIZE = ('resize_tempest_plugin.tests.scenario.test_resize_faults.'
          'ResizeFailureTest.test_confirm_failure[id-9e4d,multinode]')
SERIAL = [EVACUATE + 'test_evacuate_spawn_failure[id-ad5b,multinode]',
          EVACUATE + 'test_evacuate_with_no_valid_host[id-be6c,multinode]']


def _selected(args, test_id):
    """Whether tempest run ``args`` select ``test_id`` (as stestr filters)."""
    regex = args[args.index('--regex') + 1]
    exclude = (args[args.index('--exclude-regex') + 1]
               if '--exclude-regex' in args else None)
    return bool(re.search(regex, test_id) and not (
        exclude and re.search(exclude, test_id)))


class SerialTestIdsTest(testtools.TestCase):

    def test_the_serialized_classes_are_found(self):
        ids = selection.serial_test_ids()
        # The evacuations (a compute forced down), the deletes that may
        # restart a compute, the crashes (a compute restarted), the lost
        # casts (a compute stopped), the killed controller services, and the
        # evacuations whose claim or evacuated source's clean-up request
        # fails.
        self.assertEqual(
            {'EvacuateTest', 'ForcedEvacuateTest', 'DeleteDuringMoveTest',
             'CrashRecoveryTest', 'LostCastTest', 'PlacementHoldKillTest',
             'EvacuationClaimFaultTest', 'EvacuationCleanUpFaultTest'},
            {test_id.split('[')[0].split('.')[-2] for test_id in ids})
        self.assertEqual(5, len([test_id for test_id in ids
                                 if test_id.startswith(EVACUATE)]))
        # As stestr lists them: with their attributes.
        self.assertIn('[id-', ids[0])


class PassesTest(testtools.TestCase):

    def test_whole_suite_runs_serialized_tests_apart(self):
        passes = selection.passes('resize_tempest_plugin.tests.scenario',
                                  SERIAL)
        for test_id in SERIAL:
            self.assertFalse(_selected(passes.parallel, test_id))
            self.assertTrue(_selected(passes.serial, test_id))
        self.assertTrue(_selected(passes.parallel, RESIZE))
        self.assertFalse(_selected(passes.serial, RESIZE))
        self.assertIn('--serial', passes.serial)

    def test_serial_pass_keeps_to_the_selection(self):
        passes = selection.passes('test_evacuate_with_no_valid_host', SERIAL)
        self.assertFalse(_selected(passes.serial, SERIAL[0]))
        self.assertTrue(_selected(passes.serial, SERIAL[1]))

    def test_no_serial_pass_when_none_is_selected(self):
        passes = selection.passes('test_resize_faults', SERIAL)
        self.assertIsNone(passes.serial)
        self.assertEqual(('--regex', 'test_resize_faults'), passes.parallel)

    def test_a_selection_of_serialized_tests_only_needs_no_parallel_pass(
            self):
        ids = selection.serial_test_ids()
        self.assertTrue(selection.only_serial(
            r'resize_tempest_plugin\.tests\.scenario\.test_lost_cast_faults',
            ids))
        # Serialized and parallel tests: both passes.
        self.assertFalse(selection.only_serial(
            r'resize_tempest_plugin\.tests\.scenario\.test_(lost_cast|'
            r'resize)_faults', ids))
        # A regex that may select tempest's own tests too cannot tell.
        self.assertFalse(selection.only_serial('LostCastTest', ids))
        # Nothing selected: the passes say so themselves.
        self.assertFalse(selection.only_serial(
            r'resize_tempest_plugin\.nothing', ids))

    def test_concurrency_options_stay_with_the_parallel_pass(self):
        self.assertEqual(
            ['--slowest', '--exclude-regex', 'x'],
            selection.without_concurrency(
                ['--concurrency', '4', '--slowest', '-w=2', '--parallel',
                 '--exclude-regex', 'x']))


class TempestRunTest(testtools.TestCase):
    """cli._tempest_run: the passes it runs and the code it returns."""

    def _run(self, regex, codes, runs_made, extra=()):
        layout = mock.Mock(workspace='/ws')
        calls = []
        next_runs = iter(runs_made)

        def tempest(layout, args):
            calls.append(args)
            return codes[len(calls) - 1]

        self.useFixture(_patch(cli, '_tempest', tempest))
        self.useFixture(_patch(cli.results, 'next_run',
                               lambda directory: next(next_runs)))
        self.useFixture(_patch(cli.selection, 'serial_test_ids',
                               lambda: SERIAL))
        return cli._tempest_run(layout, regex, list(extra)), calls

    def test_serial_pass_is_combined_into_the_parallel_run(self):
        code, calls = self._run('resize_tempest_plugin', [0, 0], [4, 5],
                                ['--concurrency', '4'])
        self.assertEqual(2, len(calls))
        self.assertIn('--concurrency', calls[0])
        self.assertNotIn('--concurrency', calls[1])
        self.assertIn('--combine', calls[1])
        self.assertEqual(0, code)

    def test_a_failure_in_either_pass_fails_the_run(self):
        self.assertEqual(1, self._run('resize_tempest_plugin', [1, 0],
                                      [4, 5])[0])
        self.assertEqual(1, self._run('resize_tempest_plugin', [0, 1],
                                      [4, 5])[0])

    def test_only_serial_tests_selected(self):
        # The parallel pass found nothing (tempest exits 1, no run made).
        code, calls = self._run('test_evacuate', [1, 0], [4, 4])
        self.assertNotIn('--combine', calls[1])
        self.assertEqual(0, code)

    def test_no_serial_test_selected_is_one_pass(self):
        code, calls = self._run('test_resize_faults', [0], [4])
        self.assertEqual(1, len(calls))


def _patch(owner, name, value):
    return fixtures.MonkeyPatch('%s.%s' % (owner.__name__, name), value)

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

from resize_tempest_plugin import faults
from resize_tempest_plugin import placement_faults as calls


def entry(outcome, rule=None, service='conductor', method='POST',
          path='/allocations'):
    return {'service': service, 'method': method, 'path': path,
            'outcome': outcome, 'rule': rule}


class RetriedTest(testtools.TestCase):

    def test_a_later_request_made_is_a_retry(self):
        log = [entry('200', method='GET', path='/allocations/x'),
               entry('reset', rule=7), entry('204')]
        self.assertTrue(calls.was_retried(calls.MOVE_TO_MIGRATION, 7, log))

    def test_no_later_request_is_no_retry(self):
        log = [entry('204'), entry('reset', rule=7)]
        self.assertFalse(calls.was_retried(calls.MOVE_TO_MIGRATION, 7, log))

    def test_another_call_or_a_failed_one_is_no_retry(self):
        log = [entry('reset', rule=7),
               entry('204', service='scheduler'),
               entry('200', method='GET', path='/allocations/x'),
               entry('409')]
        self.assertFalse(calls.was_retried(calls.MOVE_TO_MIGRATION, 7, log))

    def test_a_later_read_for_another_reason_is_no_retry(self):
        # The source reads the migration's allocation again after other
        # requests (its resource tracker), not as a retry of the read.
        reset = entry('reset', rule=7, service='compute.c1', method='GET',
                      path='/allocations/migration')
        again = entry('200', service='compute.c1', method='GET',
                      path='/allocations/migration')
        other = entry('200', service='compute.c1', method='GET',
                      path='/resource_providers/rp')
        self.assertFalse(calls.was_retried(calls.REVERT_READ, 7,
                                           [reset, other, again]))
        self.assertTrue(calls.was_retried(calls.REVERT_READ, 7,
                                          [reset, again, other]))

    def test_a_rule_that_never_fired_has_no_retry(self):
        self.assertFalse(calls.was_retried(calls.MOVE_TO_MIGRATION, 7,
                                           [entry('204')]))

    def test_the_due_end_state_follows_the_retry(self):
        fault = calls.get_fault('move_to_migration', calls.RESET)
        self.assertEqual(faults.VERIFY_RESIZE_STATE, fault.due(True))
        self.assertEqual(fault.end_state, fault.due(False))
        refused = calls.get_fault('move_to_migration', calls.REFUSE)
        self.assertEqual(refused.end_state, refused.due(True))


class CatalogueTest(testtools.TestCase):

    def test_every_fault_names_a_known_call_once(self):
        self.assertEqual(len(calls.FAULTS), len(calls.FAULTS_BY_NAME))
        for fault in calls.FAULTS:
            self.assertIn(fault.call, calls.CALLS)

    def test_unknown_fault_names_the_known(self):
        error = self.assertRaises(ValueError, calls.get_fault,
                                  'move_to_migration', 'hold-forever')
        self.assertIn('move_to_migration:refuse', str(error))


class OnNovaTest(testtools.TestCase):

    def test_an_older_nova_ends_the_fault_its_own_way(self):
        errored = faults.EndState(
            server_status='ERROR', server_side=faults.SOURCE,
            migration_status='error',
            instance=faults.Holding(faults.OLD, faults.SOURCE),
            migration=None)
        fault = calls.PlacementFault(
            calls.REVERT_MOVE_BACK, calls.LOST, faults.REVERTED_STATE,
            older=(faults.OlderNova(below=faults.NOVA_2026_1,
                                    end_state=errored),))
        self.assertIs(fault, fault.on_nova(None))
        self.assertIs(fault, fault.on_nova(faults.NOVA_2026_1))
        self.assertEqual(errored, fault.on_nova('2.100').end_state)

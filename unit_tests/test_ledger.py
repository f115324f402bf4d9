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

from resize_tempest_plugin.common import ledger
from resize_tempest_plugin import faults

SOURCE_RP = 'aaaaaaaa-0000-0000-0000-000000000001'
DEST_RP = 'bbbbbbbb-0000-0000-0000-000000000002'
INSTANCE = 'cccccccc-0000-0000-0000-000000000003'
MIGRATION = 'dddddddd-0000-0000-0000-000000000004'
STRANGER = 'eeeeeeee-0000-0000-0000-000000000005'
OLD = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}
NEW = {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2}


class FakePlacementClient(object):
    """Stands in for tempest's PlacementClient (GET /allocations/{c})."""

    def __init__(self, holdings):
        self.holdings = holdings

    def list_allocations(self, consumer_uuid):
        return {'allocations': {
            provider: {'resources': resources, 'generation': 1}
            for (provider, consumer), resources in self.holdings.items()
            if consumer == consumer_uuid}}


class FakeAllocationsClient(FakePlacementClient):
    """Stands in for GET /resource_providers/{uuid}/allocations."""

    def list_resource_provider_allocations(self, rp_uuid):
        return {'resource_provider_generation': 3, 'allocations': {
            consumer: {'resources': resources}
            for (provider, consumer), resources in self.holdings.items()
            if provider == rp_uuid}}


class SnapshotTest(testtools.TestCase):

    def test_zero_amounts_and_empty_holdings_are_dropped(self):
        snapshot = ledger.Snapshot({(SOURCE_RP, INSTANCE): {'VCPU': 0},
                                    (DEST_RP, INSTANCE): {'VCPU': 1,
                                                          'DISK_GB': 0}})
        self.assertEqual({(DEST_RP, INSTANCE)}, snapshot.keys())
        self.assertEqual({'VCPU': 1}, snapshot.get(DEST_RP, INSTANCE))
        self.assertEqual({}, snapshot.get(SOURCE_RP, INSTANCE))

    def test_only_filters_providers_and_consumers(self):
        snapshot = ledger.Snapshot({(SOURCE_RP, STRANGER): {'VCPU': 4},
                                    (DEST_RP, INSTANCE): NEW})
        self.assertEqual({(DEST_RP, INSTANCE)},
                         snapshot.only(consumers={INSTANCE}).keys())
        self.assertEqual({(SOURCE_RP, STRANGER)},
                         snapshot.only(providers={SOURCE_RP}).keys())

    def test_to_dict_nests_provider_then_consumer(self):
        snapshot = ledger.Snapshot({(DEST_RP, INSTANCE): NEW})
        self.assertEqual({DEST_RP: {INSTANCE: NEW}}, snapshot.to_dict())


class AllocationLedgerTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.holdings = {(SOURCE_RP, MIGRATION): OLD,
                         (DEST_RP, INSTANCE): NEW,
                         (SOURCE_RP, STRANGER): {'VCPU': 8}}
        self.ledger = ledger.AllocationLedger(
            FakePlacementClient(self.holdings),
            FakeAllocationsClient(self.holdings))

    def test_consumers_view_only_holds_the_given_consumers(self):
        view = self.ledger.consumers_view([INSTANCE, MIGRATION])
        self.assertEqual(ledger.Snapshot({(SOURCE_RP, MIGRATION): OLD,
                                          (DEST_RP, INSTANCE): NEW}), view)

    def test_providers_view_all_or_given_consumers(self):
        self.assertEqual(3, len(self.ledger.providers_view(
            [SOURCE_RP, DEST_RP]).keys()))
        self.assertEqual({(SOURCE_RP, MIGRATION)}, self.ledger.providers_view(
            [SOURCE_RP], consumer_uuids=[MIGRATION, INSTANCE]).keys())

    def test_view_finds_allocations_on_untracked_providers(self):
        self.holdings[('ffffffff-elsewhere', INSTANCE)] = {'VCPU': 1}
        view = self.ledger.view([SOURCE_RP, DEST_RP], [INSTANCE, MIGRATION])
        self.assertIn(('ffffffff-elsewhere', INSTANCE), view.keys())

    def test_view_fails_when_placement_disagrees_with_itself(self):
        providers = FakeAllocationsClient(dict(self.holdings))
        providers.holdings.pop((DEST_RP, INSTANCE))
        inconsistent = ledger.AllocationLedger(
            FakePlacementClient(self.holdings), providers)
        self.assertRaises(AssertionError, inconsistent.view,
                          [SOURCE_RP, DEST_RP], [INSTANCE, MIGRATION])


class ExpectedSnapshotTest(testtools.TestCase):

    providers = {faults.SOURCE: SOURCE_RP, faults.DEST: DEST_RP}
    consumers = {'instance': INSTANCE, 'migration': MIGRATION}
    flavors = {faults.OLD: OLD, faults.NEW: NEW}

    def expected(self, end_state, consumers=None):
        return ledger.expected_snapshot(
            end_state, self.providers, consumers or self.consumers,
            self.flavors)

    def test_finish_resize_failure_holds_new_flavor_on_dest(self):
        stage = faults.get_stage('finish_resize')
        self.assertEqual(ledger.Snapshot({(DEST_RP, INSTANCE): NEW}),
                         self.expected(stage.end_state))

    def test_verify_resize_state_holds_both_consumers(self):
        end = faults.EndState('VERIFY_RESIZE', faults.DEST, 'finished',
                              faults.Holding(faults.NEW, faults.DEST),
                              faults.Holding(faults.OLD, faults.SOURCE))
        self.assertEqual(ledger.Snapshot({(DEST_RP, INSTANCE): NEW,
                                          (SOURCE_RP, MIGRATION): OLD}),
                         self.expected(end))

    def test_same_host_sums_both_consumers_separately(self):
        providers = {faults.SOURCE: SOURCE_RP, faults.DEST: SOURCE_RP}
        end = faults.EndState('VERIFY_RESIZE', faults.DEST, 'finished',
                              faults.Holding(faults.NEW, faults.DEST),
                              faults.Holding(faults.OLD, faults.SOURCE))
        expected = ledger.expected_snapshot(end, providers, self.consumers,
                                            self.flavors)
        self.assertEqual(NEW, expected.get(SOURCE_RP, INSTANCE))
        self.assertEqual(OLD, expected.get(SOURCE_RP, MIGRATION))

    def test_unknown_migration_consumer_is_an_error(self):
        end = faults.EndState('VERIFY_RESIZE', faults.DEST, 'finished',
                              faults.Holding(faults.NEW, faults.DEST),
                              faults.Holding(faults.OLD, faults.SOURCE))
        self.assertRaises(ValueError, self.expected, end,
                          {'instance': INSTANCE, 'migration': None})

    def test_a_side_the_move_lacks_is_named(self):
        end = faults.EndState('VERIFY_RESIZE', faults.DEST, 'finished',
                              faults.Holding(faults.NEW, faults.DEST), None)
        error = self.assertRaises(
            ValueError, ledger.expected_snapshot, end,
            {faults.SOURCE: SOURCE_RP},
            {'instance': INSTANCE, 'migration': MIGRATION}, self.flavors)
        self.assertIn('on the dest, but the move has no such host',
                      str(error))


class DiffTableTest(testtools.TestCase):

    names = ledger.Names(
        providers={SOURCE_RP: 'source compute1', DEST_RP: 'dest compute2'},
        consumers={INSTANCE: 'instance', MIGRATION: 'migration'})

    def test_bug_1825537_mismatch_table_marks_wrong_rows(self):
        expected = ledger.Snapshot({(DEST_RP, INSTANCE): NEW})
        # The old bug: allocations reverted to the source.
        actual = ledger.Snapshot({(SOURCE_RP, INSTANCE): OLD})
        lines = ledger.format_table(expected, actual,
                                    self.names).splitlines()
        self.assertEqual(['provider', 'consumer', 'resource', 'class',
                          'expected', 'actual'], lines[0].split())
        wrong = [line for line in lines if ledger.MISMATCH_MARK in line]
        self.assertEqual(6, len(wrong))
        self.assertIn(
            ['dest', 'compute2', '(bbbbbbbb)', 'instance', '(cccccccc)',
             'MEMORY_MB', '128', '0', '<--', 'wrong'],
            [line.split() for line in wrong])
        self.assertIn(
            ['source', 'compute1', '(aaaaaaaa)', 'instance', '(cccccccc)',
             'VCPU', '0', '1', '<--', 'wrong'],
            [line.split() for line in wrong])

    def test_table_text_numbers_right_marker_last(self):
        expected = ledger.Snapshot({(DEST_RP, INSTANCE): {'VCPU': 2}})
        actual = ledger.Snapshot({(DEST_RP, INSTANCE): {'VCPU': 2,
                                                        'MEMORY_MB': 128}})
        self.assertEqual(
            '  provider                   consumer              '
            'resource class   expected   actual\n' + '-' * 99 + '\n'
            '  dest compute2 (bbbbbbbb)   instance (cccccccc)   '
            'MEMORY_MB               0      128   <-- wrong\n'
            '  dest compute2 (bbbbbbbb)   instance (cccccccc)   '
            'VCPU                    2        2',
            ledger.format_table(expected, actual, self.names))

    def test_unknown_uuids_are_labelled_other(self):
        table = ledger.format_table(
            ledger.Snapshot(),
            ledger.Snapshot({('12345678-x', STRANGER): {'VCPU': 1}}),
            self.names)
        self.assertIn('other (12345678)', table)

    def test_empty_table_says_none(self):
        table = ledger.format_table(ledger.Snapshot(), ledger.Snapshot(),
                                    self.names)
        self.assertIn('(none)', table)

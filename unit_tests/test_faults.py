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


class FaultCatalogueTest(testtools.TestCase):

    def test_stage_names_are_unique(self):
        self.assertEqual(len(faults.STAGES), len(faults.STAGES_BY_NAME))

    def test_only_scheduling_is_portable(self):
        self.assertEqual(('scheduling',), faults.PORTABLE_STAGE_NAMES)

    def test_compute_stages_name_driver_method_side_and_exception(self):
        for stage in faults.STAGES:
            if stage.needs_fault_driver:
                self.assertIn(stage.fault_side, (faults.SOURCE, faults.DEST))
                self.assertTrue(stage.exception or stage.settles_by_recovery,
                                stage.name)

    def test_bug_1825537_end_state_keeps_new_flavor_on_dest(self):
        end = faults.get_stage('finish_resize').end_state
        self.assertEqual('ERROR', end.server_status)
        self.assertEqual(faults.DEST, end.server_side)
        self.assertEqual(faults.Holding(faults.NEW, faults.DEST),
                         end.instance)
        self.assertIsNone(end.migration)

    def test_no_failed_stage_leaves_allocations_on_the_migration(self):
        for stage in faults.STAGES:
            self.assertIsNone(stage.end_state.migration, stage.name)
            self.assertIn(stage.end_state.migration_status,
                          ('error', 'failed', None), stage.name)

    def test_unknown_stage_error_lists_known_stages(self):
        error = self.assertRaises(ValueError, faults.get_stage, 'bogus')
        self.assertIn('bogus', str(error))
        self.assertIn('finish_resize', str(error))

    def test_portable_extra_specs_request_an_unknown_resource(self):
        specs = faults.get_stage('scheduling').extra_specs()
        self.assertEqual(
            {'resources:CUSTOM_RESIZE_FAULT_UNSCHEDULABLE': '1'}, specs)

    def test_portable_fault_cannot_be_limited_to_a_host(self):
        self.assertRaises(ValueError,
                          faults.get_stage('scheduling').extra_specs,
                          host='compute1')

    def test_compute_extra_specs_with_host_and_once(self):
        specs = faults.get_stage('finish_resize').extra_specs(
            namespace='ns', host='compute2', once=True)
        self.assertEqual({'ns:stage': 'finish_resize', 'ns:host': 'compute2',
                          'ns:once': 'true'}, specs)

    def test_parse_round_trips_extra_specs(self):
        stage = faults.get_stage('confirm_resize')
        request = faults.parse_fault_request(
            stage.extra_specs(host='compute1', once=True))
        self.assertEqual(faults.FaultRequest(stage, 'compute1', True),
                         request)
        self.assertTrue(request.applies_to('compute1'))
        self.assertFalse(request.applies_to('compute2'))

    def test_parse_without_fault_specs_is_none(self):
        self.assertIsNone(faults.parse_fault_request(
            {'hw:cpu_policy': 'shared', 'other:stage': 'finish_resize'}))
        self.assertIsNone(faults.parse_fault_request(None))

    def test_parse_rejects_unknown_stage_and_bad_once(self):
        self.assertRaises(ValueError, faults.parse_fault_request,
                          {'resize_fault:stage': 'bogus'})
        self.assertRaises(ValueError, faults.parse_fault_request,
                          {'resize_fault:stage': 'scheduling'})
        self.assertRaises(ValueError, faults.parse_fault_request,
                          {'resize_fault:stage': 'finish_resize',
                           'resize_fault:once': 'maybe'})

    def test_claim_extra_specs_ask_for_numa_nodes(self):
        stage = faults.get_stage('claim')
        self.assertTrue(stage.needs_fault_driver)
        self.assertIsNone(stage.driver_method)
        self.assertEqual({'hw:numa_nodes': '3'},
                         stage.extra_specs(numa_nodes=3))
        self.assertRaises(ValueError, stage.extra_specs, host='compute1')
        self.assertRaises(ValueError, stage.extra_specs, once=True)

    def test_fault_driver_does_not_inject_the_claim_stage(self):
        self.assertRaises(ValueError, faults.parse_fault_request,
                          {'resize_fault:stage': 'claim'})

    def test_every_failed_stage_names_the_event_that_ends_it(self):
        for stage in faults.STAGES:
            # Nova ends compute_live_migration with Success even when the
            # migration failed: those stages wait for it to end instead.
            self.assertTrue(stage.failed_event or stage.end_state.settled_by,
                            stage.name)

    def test_rescheduled_state_ends_on_the_alternate(self):
        end = faults.RESCHEDULED_STATE
        self.assertEqual(faults.ALTERNATE, end.server_side)
        self.assertEqual(faults.Holding(faults.NEW, faults.ALTERNATE),
                         end.instance)
        self.assertEqual(faults.Holding(faults.OLD, faults.SOURCE),
                         end.migration)

    def test_first_choice_host_is_read_from_the_namespace(self):
        self.assertEqual('ns:first_choice', faults.first_choice_spec('ns'))
        self.assertEqual('compute2', faults.first_choice_host(
            {'ns:first_choice': 'compute2'}, 'ns'))
        self.assertIsNone(faults.first_choice_host(
            {'resize_fault:first_choice': 'compute2'}, 'ns'))
        self.assertIsNone(faults.first_choice_host(None))

    def test_an_older_nova_ends_a_stage_with_its_own_statuses(self):
        stage = faults.get_stage('claim')
        for older_nova in ('2.100', '2.103'):
            older = stage.on_nova(older_nova)
            self.assertEqual('ACTIVE', older.end_state.server_status)
            self.assertEqual('conductor_migrate_server', older.failed_event)
        for newest in (None, '2.104', '2.110'):
            self.assertIs(stage, stage.on_nova(newest), newest)
        self.assertEqual(('ERROR',), stage.on_nova('2.100').end_state
                         .also_statuses)
        live = faults.get_stage('post_live_migration')
        for older_nova in ('2.100', '2.103'):
            self.assertEqual(('ACTIVE',), live.on_nova(older_nova)
                             .end_state.also_statuses)
        self.assertIs(live, live.on_nova('2.104'))
        self.assertEqual((), live.end_state.also_statuses)

    def test_older_novas_differ_in_statuses_never_in_allocations(self):
        for stage in faults.STAGES:
            for older in stage.older:
                if older.end_state is None:
                    continue
                for field in ('server_side', 'instance', 'migration',
                              'instance_elsewhere', 'migration_status'):
                    self.assertEqual(getattr(stage.end_state, field),
                                     getattr(older.end_state, field),
                                     '%s: %s' % (stage.name, field))

    def test_the_oldest_applicable_variant_wins(self):
        newer = faults.OlderNova(below='2.104', failed_event='newer')
        oldest = faults.OlderNova(below='2.101', failed_event='oldest')
        stage = faults.get_stage('scheduling')
        stage = type(stage)(**dict(stage.__dict__, older=(newer, oldest)))
        self.assertEqual('oldest', stage.on_nova('2.100').failed_event)
        self.assertEqual('newer', stage.on_nova('2.103').failed_event)
        self.assertEqual('conductor_migrate_server',
                         stage.on_nova('2.104').failed_event)

    def test_compute_live_migration_ends_early_before_2026_2(self):
        self.assertFalse(faults.event_marks_end('compute_live_migration',
                                                '2.103'))
        self.assertTrue(faults.event_marks_end('compute_live_migration',
                                               '2.104'))
        self.assertTrue(faults.event_marks_end('compute_live_migration',
                                               None))
        self.assertTrue(faults.event_marks_end('compute_finish_resize',
                                               '2.100'))

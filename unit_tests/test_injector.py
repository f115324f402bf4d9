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

from resize_tempest_nova import injector
from resize_tempest_plugin import faults


class InjectorTestCase(testtools.TestCase):

    def stage_injected_for(self, *args, **kwargs):
        """The stage of the fault the injector decides on, or None."""
        request = self.injector.fault_for(*args, **kwargs)
        return request and request.stage


class FaultInjectorTest(InjectorTestCase):

    def setUp(self):
        super().setUp()
        self.injector = injector.FaultInjector('compute2')
        self.finish = faults.get_stage('finish_resize')

    def test_flavor_without_fault_specs_never_fails(self):
        for stage in faults.STAGES:
            if stage.needs_fault_driver:
                self.assertIsNone(self.stage_injected_for(
                    stage.driver_method, {'hw:mem_page_size': 'any'}, 'i1'))

    def test_fails_only_in_the_named_stage(self):
        specs = self.finish.extra_specs()
        self.assertIs(self.finish, self.stage_injected_for(
            'finish_migration', specs, 'i1'))
        self.assertIsNone(self.stage_injected_for(
            'migrate_disk_and_power_off', specs, 'i1'))
        self.assertIsNone(self.stage_injected_for(
            'confirm_migration', specs, 'i1'))

    def test_fault_limited_to_another_host_is_not_injected(self):
        specs = self.finish.extra_specs(host='compute3')
        self.assertIsNone(self.stage_injected_for('finish_migration', specs,
                                                  'i1'))
        specs = self.finish.extra_specs(host='compute2')
        self.assertIs(self.finish, self.stage_injected_for(
            'finish_migration', specs, 'i1'))

    def test_once_fails_first_time_per_instance(self):
        specs = self.finish.extra_specs(once=True)
        self.assertIs(self.finish, self.stage_injected_for(
            'finish_migration', specs, 'i1'))
        self.assertIsNone(self.stage_injected_for('finish_migration', specs,
                                                  'i1'))
        self.assertIs(self.finish, self.stage_injected_for(
            'finish_migration', specs, 'i2'))

    def test_without_once_fails_every_time(self):
        specs = self.finish.extra_specs()
        for _ in range(3):
            self.assertIs(self.finish, self.stage_injected_for(
                'finish_migration', specs, 'i1'))

    def test_reads_its_own_namespace_only(self):
        other = injector.FaultInjector('compute2', namespace='mycloud')
        self.assertIsNone(other.fault_for(
            'finish_migration', self.finish.extra_specs(), 'i1'))
        self.assertIs(self.finish, other.fault_for(
            'finish_migration', self.finish.extra_specs('mycloud'),
            'i1').stage)


class MoveScopedFaultTest(InjectorTestCase):
    """spawn and destroy fail only inside the move their stage names."""

    def setUp(self):
        super().setUp()
        self.injector = injector.FaultInjector('compute1')

    def fault(self, stage_name, method, task_state, vm_state='active'):
        stage = faults.get_stage(stage_name)
        return self.stage_injected_for(method, stage.extra_specs(), 'i1',
                                       task_state, vm_state)

    def test_unshelve_spawn_fails_only_for_an_offloaded_server(self):
        self.assertIsNotNone(self.fault('unshelve', 'spawn', 'spawning',
                                        'shelved_offloaded'))
        # A first boot spawns in the same task state, from vm state
        # building: the server of that flavor still boots.
        self.assertIsNone(self.fault('unshelve', 'spawn', 'spawning',
                                     'building'))
        self.assertIsNone(self.fault('unshelve', 'destroy', 'deleting',
                                     'shelved_offloaded'))

    def test_revert_destroy_fails_only_while_reverting(self):
        self.assertIsNotNone(self.fault('revert_resize_dest', 'destroy',
                                        'resize_reverting', 'resized'))
        # A delete, and the source's clean-up at confirm, destroy too.
        self.assertIsNone(self.fault('revert_resize_dest', 'destroy',
                                     'deleting'))
        self.assertIsNone(self.fault('revert_resize_dest', 'destroy', None,
                                     'resized'))

    def test_offload_destroy_fails_only_while_offloading(self):
        self.assertIsNotNone(self.fault('shelve_offload', 'destroy',
                                        'shelving_offloading', 'shelved'))
        self.assertIsNone(self.fault('shelve_offload', 'destroy',
                                     'deleting', 'shelved'))

    def test_a_roll_back_stage_fails_the_migration_first(self):
        stage = faults.get_stage('rollback_live_migration_at_destination')
        specs = stage.extra_specs()
        self.assertIs(stage, self.stage_injected_for('live_migration',
                                                     specs, 'i1'))
        self.assertIs(stage, self.stage_injected_for(
            'rollback_live_migration_at_destination', specs, 'i1'))
        self.assertIsNone(self.stage_injected_for('pre_live_migration',
                                                  specs, 'i1'))


class FaultKindTest(testtools.TestCase):

    def test_the_kind_is_read_from_the_extra_specs(self):
        deciding = injector.FaultInjector('compute2')
        stage = faults.get_stage('resize_instance')
        for kind in faults.KINDS:
            request = deciding.fault_for(
                'migrate_disk_and_power_off', stage.extra_specs(kind=kind),
                'instance-1')
            self.assertEqual(kind, request.kind)
            self.assertIs(stage, request.stage)

    def test_the_failure_leading_to_a_stage_only_raises(self):
        deciding = injector.FaultInjector('compute2')
        stage = faults.get_stage('rollback_live_migration_at_destination')
        for kind in faults.KINDS:
            specs = stage.extra_specs(kind=kind)
            self.assertEqual(faults.RAISE, deciding.fault_for(
                'live_migration', specs, 'instance-1').kind)
            self.assertEqual(kind, deciding.fault_for(
                'rollback_live_migration_at_destination', specs,
                'instance-1').kind)

    def test_raise_is_the_default_kind(self):
        stage = faults.get_stage('finish_resize')
        self.assertNotIn('resize_fault:kind', stage.extra_specs())
        self.assertEqual(faults.RAISE, faults.parse_fault_request(
            stage.extra_specs()).kind)

    def test_an_unknown_kind_is_refused(self):
        stage = faults.get_stage('finish_resize')
        self.assertRaises(ValueError, stage.extra_specs, kind='explode')
        specs = dict(stage.extra_specs(), **{'resize_fault:kind': 'explode'})
        self.assertRaises(ValueError, faults.parse_fault_request, specs)

    def test_a_portable_stage_cannot_crash(self):
        self.assertRaises(ValueError, faults.get_stage('scheduling')
                          .extra_specs, kind=faults.CRASH)

    def test_the_crashed_trait_names_the_server(self):
        self.assertEqual(
            'CUSTOM_RESIZE_FAULT_CRASHED_0B7C3F556A434A0E9C1B3D61A1C0E6F1',
            faults.crashed_trait('0b7c3f55-6a43-4a0e-9c1b-3d61a1c0e6f1'))

    def test_a_portable_stage_cannot_be_held(self):
        self.assertRaises(ValueError, faults.get_stage('scheduling')
                          .extra_specs, kind=faults.HOLD)

    def test_held_and_release_traits_name_the_server(self):
        server = '0b7c3f55-6a43-4a0e-9c1b-3d61a1c0e6f1'
        self.assertEqual(
            'CUSTOM_RESIZE_FAULT_HELD_0B7C3F556A434A0E9C1B3D61A1C0E6F1',
            faults.held_trait(server))
        self.assertEqual(
            'CUSTOM_RESIZE_FAULT_RELEASE_0B7C3F556A434A0E9C1B3D61A1C0E6F1',
            faults.release_trait(server))

    def test_every_driver_stage_names_the_event_of_its_call(self):
        for stage in faults.STAGES:
            if stage.driver_method:
                self.assertTrue(stage.event, stage.name)

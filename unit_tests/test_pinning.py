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

from tempest.lib import exceptions as lib_exc
import testtools

from resize_tempest_plugin.common import pinning


class FakeResourceProvidersClient(object):
    """Stands in for tempest's ResourceProvidersClient (traits calls)."""

    def __init__(self, conflicts=0, error=lib_exc.Conflict):
        self.traits = {'COMPUTE_NET_VIF_MODEL_VIRTIO'}
        self.generation = 7
        self.conflicts = conflicts
        self.error = error

    def list_resource_provider_traits(self, rp_uuid):
        return {'traits': sorted(self.traits),
                'resource_provider_generation': self.generation}

    def update_resource_provider_traits(self, rp_uuid, traits,
                                        resource_provider_generation):
        if self.conflicts:
            # Someone else wrote the provider meanwhile.
            self.conflicts -= 1
            self.generation += 1
            raise self.error()
        if resource_provider_generation != self.generation:
            raise lib_exc.Conflict()
        self.traits = set(traits)
        self.generation += 1


class PinningTest(testtools.TestCase):

    def test_trait_names_are_custom_and_unique(self):
        first, second = pinning.new_trait_name(), pinning.new_trait_name()
        self.assertTrue(first.startswith('CUSTOM_'))
        self.assertNotEqual(first, second)
        self.assertEqual({'trait:%s' % first: 'required'},
                         pinning.required(first))

    def test_add_and_remove_keep_other_traits(self):
        providers = FakeResourceProvidersClient()
        pinning.add_trait(providers, 'rp', 'CUSTOM_X')
        self.assertEqual({'COMPUTE_NET_VIF_MODEL_VIRTIO', 'CUSTOM_X'},
                         providers.traits)
        pinning.remove_trait(providers, 'rp', 'CUSTOM_X')
        self.assertEqual({'COMPUTE_NET_VIF_MODEL_VIRTIO'}, providers.traits)

    def test_generation_conflicts_are_retried(self):
        providers = FakeResourceProvidersClient(conflicts=3)
        pinning.add_trait(providers, 'rp', 'CUSTOM_X')
        self.assertIn('CUSTOM_X', providers.traits)

    def test_placement_500_on_a_concurrent_update_is_retried(self):
        def concurrent_update():
            return lib_exc.ServerFault(
                'Another thread concurrently updated the resource provider '
                'data. Please retry your update')
        providers = FakeResourceProvidersClient(conflicts=2,
                                                error=concurrent_update)
        pinning.add_trait(providers, 'rp', 'CUSTOM_X')
        self.assertIn('CUSTOM_X', providers.traits)

    def test_placement_500_on_a_database_deadlock_is_retried(self):
        providers = FakeResourceProvidersClient(
            conflicts=1, error=lambda: lib_exc.ServerFault(
                "(pymysql.err.OperationalError) (1213, 'Deadlock found when "
                "trying to get lock; try restarting transaction')"))
        pinning.add_trait(providers, 'rp', 'CUSTOM_X')
        self.assertIn('CUSTOM_X', providers.traits)

    def test_trait_deleted_meanwhile_is_retried(self):
        providers = FakeResourceProvidersClient(
            conflicts=1,
            error=lambda: lib_exc.BadRequest('No such trait(s): CUSTOM_Y'))
        pinning.add_trait(providers, 'rp', 'CUSTOM_X')
        self.assertIn('CUSTOM_X', providers.traits)

    def test_endless_conflicts_give_up_with_a_message(self):
        providers = FakeResourceProvidersClient(conflicts=100)
        error = self.assertRaises(
            lib_exc.TempestException, pinning.add_trait, providers, 'rp',
            'CUSTOM_X')
        self.assertIn('in 10 attempts; last error', str(error))

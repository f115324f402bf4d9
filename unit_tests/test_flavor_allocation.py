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

from resize_tempest_plugin.common import flavor_allocation


def flavor(**kwargs):
    base = {'vcpus': 2, 'ram': 512, 'disk': 10,
            'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': '', 'extra_specs': {}}
    base.update(kwargs)
    return base


class FlavorResourcesTest(testtools.TestCase):

    def test_plain_flavor(self):
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 10},
                         flavor_allocation.flavor_resources(flavor()))

    def test_ephemeral_and_swap_rounded_up_to_gib(self):
        resources = flavor_allocation.flavor_resources(
            flavor(**{'OS-FLV-EXT-DATA:ephemeral': 5, 'swap': 1025}))
        self.assertEqual(10 + 5 + 2, resources['DISK_GB'])

    def test_flavor_embedded_in_a_server(self):
        embedded = {'vcpus': 1, 'ram': 64, 'disk': 1, 'ephemeral': 2,
                    'swap': 0, 'original_name': 'small', 'extra_specs': {}}
        self.assertEqual({'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 3},
                         flavor_allocation.flavor_resources(embedded))

    def test_volume_backed_root_is_not_allocated(self):
        resources = flavor_allocation.flavor_resources(
            flavor(**{'OS-FLV-EXT-DATA:ephemeral': 1, 'swap': 512}),
            volume_backed=True)
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 2},
                         resources)

    def test_volume_backed_without_local_disk_has_no_disk_gb(self):
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 512},
                         flavor_allocation.flavor_resources(
                             flavor(), volume_backed=True))

    def test_resource_overrides_and_additions(self):
        specs = {'resources:VCPU': '0', 'resources:PCPU': '2',
                 'resources:CUSTOM_GOLD': '1', 'resources1:CUSTOM_GOLD': '2',
                 'trait:HW_CPU_X86_AVX': 'required'}
        self.assertEqual(
            {'PCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 10, 'CUSTOM_GOLD': 3},
            flavor_allocation.flavor_resources(flavor(extra_specs=specs)))

    def test_dedicated_cpu_policy_asks_for_pcpu(self):
        self.assertEqual(
            {'PCPU': 2, 'MEMORY_MB': 512, 'DISK_GB': 10},
            flavor_allocation.flavor_resources(
                flavor(extra_specs={'hw:cpu_policy': 'dedicated'})))

    def test_unmodelled_cpu_policy_is_an_error(self):
        self.assertRaises(ValueError, flavor_allocation.flavor_resources,
                          flavor(extra_specs={'hw:cpu_policy': 'mixed'}))

    def test_bad_amount_names_the_extra_spec(self):
        error = self.assertRaises(
            ValueError, flavor_allocation.flavor_resources,
            flavor(extra_specs={'resources:VCPU': 'two'}))
        self.assertIn('resources:VCPU', str(error))

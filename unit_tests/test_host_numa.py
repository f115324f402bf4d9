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

from resize_tempest_nova import host_numa


class SplitHostTest(testtools.TestCase):

    def test_no_cells_reports_no_topology(self):
        self.assertEqual([], host_numa.split_host(0, 1000, 800000))

    def test_cells_share_cpus_and_memory_without_overlap(self):
        layout = host_numa.split_host(3, 10, 1000)
        self.assertEqual([0, 1, 2], [cell.id for cell in layout])
        self.assertEqual([4, 3, 3], [len(cell.cpus) for cell in layout])
        self.assertEqual([334, 333, 333],
                         [cell.memory_mb for cell in layout])
        every = set().union(*(cell.cpus for cell in layout))
        self.assertEqual(set(range(10)), every)

    def test_more_cells_than_cpus_is_an_error(self):
        self.assertRaises(ValueError, host_numa.split_host, 3, 2, 1000)
        self.assertRaises(ValueError, host_numa.split_host, -1, 2, 1000)

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

from resize_tempest_plugin.common import claim_hosts

# The embedded cloud's three computes.
EMBEDDED = {'compute1': 2, 'compute2': 1, 'compute3': 1}


class ChooseTest(testtools.TestCase):

    def test_one_rejecting_host_without_alternate(self):
        chosen = claim_hosts.choose(EMBEDDED, rejecting=1)
        self.assertEqual(claim_hosts.ClaimHosts(
            2, ('compute2',), (), 'compute1'), chosen)

    def test_two_rejecting_hosts(self):
        chosen = claim_hosts.choose(EMBEDDED, rejecting=2)
        self.assertEqual(claim_hosts.ClaimHosts(
            2, ('compute2', 'compute3'), (), 'compute1'), chosen)

    def test_rejecting_and_accepting_host(self):
        chosen = claim_hosts.choose(EMBEDDED, rejecting=1, accepting=1)
        self.assertEqual(claim_hosts.ClaimHosts(
            2, ('compute2',), ('compute1',), 'compute3'), chosen)

    def test_two_computes_suffice_without_alternate(self):
        chosen = claim_hosts.choose({'compute1': 2, 'compute2': 1},
                                    rejecting=1)
        self.assertEqual(('compute2',), chosen.rejecting)
        self.assertEqual('compute1', chosen.source)

    def test_too_few_hosts(self):
        error = self.assertRaises(
            claim_hosts.NoSuitableHosts, claim_hosts.choose,
            {'compute1': 2, 'compute2': 1}, rejecting=1, accepting=1)
        self.assertIn('Needs 3 compute hosts', str(error))

    def test_hosts_without_cells_cannot_reject(self):
        error = self.assertRaises(
            claim_hosts.NoSuitableHosts, claim_hosts.choose,
            {'a': None, 'b': None}, rejecting=1)
        self.assertIn('numa_cells', str(error))
        self.assertIn('a: none, b: none', str(error))

    def test_no_host_with_enough_cells_to_accept(self):
        error = self.assertRaises(
            claim_hosts.NoSuitableHosts, claim_hosts.choose,
            {'a': 1, 'b': 1, 'c': 1}, rejecting=1, accepting=1)
        self.assertIn('at least 2 host NUMA cells besides a', str(error))

    def test_rejecting_hosts_set_the_numa_nodes(self):
        chosen = claim_hosts.choose({'a': 2, 'b': 1, 'c': 4, 'd': 3},
                                    rejecting=2, accepting=1)
        self.assertEqual(3, chosen.numa_nodes)
        self.assertEqual(('b', 'a'), chosen.rejecting)
        self.assertEqual(('c',), chosen.accepting)
        self.assertEqual('d', chosen.source)

    def test_configured_dest_and_source(self):
        chosen = claim_hosts.choose(EMBEDDED, rejecting=1,
                                    source_host='compute2',
                                    dest_host='compute3')
        self.assertEqual(('compute3',), chosen.rejecting)
        self.assertEqual('compute2', chosen.source)

    def test_alternate_host_is_not_a_rejecting_host_of_one(self):
        hosts = dict(EMBEDDED, compute4=1, compute5=1)
        chosen = claim_hosts.choose(hosts, rejecting=1,
                                    dest_host='compute2',
                                    alternate_host='compute3')
        self.assertEqual(('compute2',), chosen.rejecting)
        self.assertEqual((), chosen.accepting)
        chosen = claim_hosts.choose(hosts, rejecting=1,
                                    alternate_host='compute1')
        self.assertEqual(('compute2',), chosen.rejecting)
        self.assertEqual(2, chosen.numa_nodes)

    def test_configured_alternate_rejects_or_accepts(self):
        hosts = dict(EMBEDDED, compute4=1)
        chosen = claim_hosts.choose(hosts, rejecting=2,
                                    dest_host='compute4',
                                    alternate_host='compute3')
        self.assertEqual(('compute4', 'compute3'), chosen.rejecting)
        chosen = claim_hosts.choose(hosts, rejecting=1, accepting=1,
                                    alternate_host='compute1')
        self.assertEqual(('compute1',), chosen.accepting)

    def test_configured_alternate_with_too_few_cells_to_accept(self):
        self.assertRaises(claim_hosts.NoSuitableHosts, claim_hosts.choose,
                          EMBEDDED, rejecting=1, accepting=1,
                          alternate_host='compute3')

    def test_configured_dest_without_cells(self):
        self.assertRaises(claim_hosts.NoSuitableHosts, claim_hosts.choose,
                          dict(EMBEDDED, compute4=None), rejecting=1,
                          dest_host='compute4')

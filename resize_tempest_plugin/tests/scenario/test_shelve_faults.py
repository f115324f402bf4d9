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

"""Shelve offloads and unshelves that fail, judged by their allocations.

Offloading a shelved server removes its allocation; unshelving claims
afresh on the host the scheduler picks.  A failure must leave the server
holding its flavor where it is, or nothing if it has no host.
"""

from tempest import config
from tempest.lib import decorators
import testtools

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF


@testtools.skipUnless(CONF.compute_feature_enabled.shelve,
                      base.SHELVE_DISABLED)
class ShelveFailureTest(moves.ShelveMoves, base.ResizeFaultScenarioTest):
    """Shelve offload and unshelve: failures and the control."""

    min_compute_nodes = 1

    @decorators.idempotent_id('7a2e4afd-9a5d-4b8e-8f1a-3c2e3f4a5b2e')
    def test_shelve_offload_failure(self):
        """The host fails to destroy the guest: it still holds there."""
        stage = self.require_stage('shelve_offload')
        move = self.shelve_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.idempotent_id('8b3f5b0e-0b6e-4c9f-9a2b-4d3f4a5b6c3f')
    def test_unshelve_failure(self):
        """The chosen host fails to spawn: the server holds nothing."""
        stage = self.require_stage('unshelve')
        move = self.unshelve_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='portable')
    @decorators.idempotent_id('3c44a281-e1f5-44a8-b384-423b9a32a633')
    def test_unshelve_with_no_valid_host(self):
        """No host can take the unshelved server: it holds nothing."""
        move = self.shelve_offloaded()
        # The flavor's pin no longer matches any host.
        self.unpin(move.source, move.flavors[faults.OLD]['extra_specs'])
        self.servers_client.unshelve_server(move.server_id)
        self.assert_end_state(move, faults.UNSHELVE_NO_VALID_HOST_STATE,
                              label='no_valid_host')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='portable')
    @decorators.idempotent_id('9c4a6c1f-1c7f-4d0a-8b3c-5e4a5b6c7d4a')
    def test_shelve_offload_then_unshelve(self):
        """Offloaded: nothing held; unshelved: the flavor on its host."""
        move = self.shelve_offloaded()
        self.servers_client.unshelve_server(move.server_id)
        self.assert_end_state(move, faults.UNSHELVED_STATE, label='unshelved')
        self.assert_nothing_left_after_delete(move)

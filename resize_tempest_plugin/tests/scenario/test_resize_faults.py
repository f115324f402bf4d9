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

"""Resizes and cold migrations that fail, judged by their allocations.

Each test boots a server, makes its move fail at one stage of the fault
catalogue (resize_tempest_plugin/faults.py), checks the server, its
migration record and the Placement allocations of the instance and
migration consumers against the catalogue's end state, and checks that
deleting the server leaves nothing behind.
"""

import dataclasses

from tempest import config
from tempest.lib import decorators
import testtools

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF
PORTABLE = ['portable', 'multinode']


class ResizeFailureTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """A resize fails at one stage; allocations follow the server."""

    @decorators.attr(type=PORTABLE)
    @decorators.idempotent_id('0b7c3f55-6a43-4a0e-9c1b-3d61a1c0e6f1')
    def test_scheduling_failure(self):
        """No host fits the new flavor: all stays on the source."""
        stage = self.require_stage('scheduling')
        move = self.resize_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('5d2b1e0a-8f0e-4c55-a0f4-8f7c2e6b1a92')
    def test_resize_instance_failure(self):
        """The source fails to migrate the disk: old flavor on source."""
        stage = self.require_stage('resize_instance')
        move = self.resize_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.related_bug('1825537')
    @decorators.idempotent_id('c7f3a8d2-1e5b-4b7a-9d0c-2a6e4f8b3c15')
    def test_finish_resize_failure_then_hard_reboot(self):
        """Bug 1825537: new flavor on the dest, source freed.

        A hard reboot then recovers the server on the destination and
        leaves its allocations as they were.
        """
        stage = self.require_stage('finish_resize')
        move = self.resize_failing_at(stage)
        failed = self.assert_end_state(move, stage.end_state, stage)
        self.servers_client.reboot_server(move.server_id, type='HARD')
        rebooted = self.assert_end_state(move, stage.after_hard_reboot,
                                         label='hard_reboot')
        self.assertEqual(failed, rebooted)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('9e4d6c1b-3a2f-4d8e-b5c7-6f1a0e2d4b83')
    def test_confirm_failure(self):
        """Confirming fails on the source: new flavor on dest only."""
        stage = self.require_stage('confirm_resize')
        move = self.resize_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('2f8a5b3c-7d1e-4e6f-8a9b-0c3d5e7f9a14')
    def test_revert_failure(self):
        """Reverting fails on the source: old flavor on source only."""
        stage = self.require_stage('revert_resize')
        move = self.resize_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('8c1d7e2a-5b4f-4a3e-9d6c-2e7f1a0b3c58')
    def test_revert_failure_on_destination(self):
        """The revert's first half fails: new flavor on the dest only."""
        stage = self.require_stage('revert_resize_dest')
        move = self.resize_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)


class ClaimFailureTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """The destination's claim rejects the flavor and nothing else fits."""

    # 2.62: instance action events name the host they ran on, which shows
    # the hosts whose claim was tried.
    compute_min_microversion = '2.62'

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('d41f7b9e-2c6a-4e35-9b8d-0f5a3c7e1b26')
    def test_claim_failure(self):
        """The destination's claim rejects the flavor, no alternate."""
        stage = self.require_stage('claim')
        move, hosts = self.start_claim_resize(rejecting=1)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_tried_hosts(move.server_id, hosts.rejecting)
        self.assert_nothing_left_after_delete(move, hosts.rejecting[0])


class RescheduleTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """The first destination's claim rejects the flavor; Nova reschedules.

    Needs a source and two destinations (--computes 3 on the embedded
    cloud).
    """

    min_compute_nodes = 3
    compute_min_microversion = ClaimFailureTest.compute_min_microversion

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7a3e9c51-0d4b-4f8e-a2c6-5b1d8e4f0c93')
    def test_claim_failure_on_every_alternate(self):
        """Both destinations reject: all goes back to the source."""
        stage = self.require_stage('claim')
        move, hosts = self.start_claim_resize(rejecting=2)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_tried_hosts(move.server_id, hosts.rejecting)
        self.assert_nothing_left_after_delete(move, hosts.rejecting[0])

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('e5b0c2d8-9f31-4a6e-8c7b-1d2f4a6e8b05')
    def test_reschedule_to_alternate(self):
        """The first choice rejects, the alternate takes the server."""
        self.require_stage('claim')
        move, hosts = self.start_claim_resize(rejecting=1, accepting=1)
        self.assert_end_state(move, faults.RESCHEDULED_STATE,
                              label='verify_resize')
        self.assert_tried_hosts(move.server_id,
                                hosts.rejecting + hosts.accepting)
        self.servers_client.confirm_resize_server(move.server_id)
        self.assert_end_state(move, faults.CONFIRMED_STATE, label='confirmed')
        self.assert_nothing_left_after_delete(move, move.alternate)


class ResizeControlTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """Resizes that succeed; they must pass on any cloud."""

    @decorators.attr(type=PORTABLE)
    @decorators.idempotent_id('6a1c9e2f-4b3d-4f5a-9c8e-1d2b3a4c5e67')
    def test_resize_then_confirm(self):
        """Confirmed: new flavor on the destination, nothing else."""
        move = self.resize_to_verify()
        self.servers_client.confirm_resize_server(move.server_id)
        self.assert_end_state(move, faults.CONFIRMED_STATE, label='confirmed')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type=PORTABLE)
    @decorators.idempotent_id('b3e7d1a5-9c2f-4a8b-8e6d-5f4c3b2a1d09')
    def test_resize_then_revert(self):
        """Reverted: old flavor on the source, nothing else."""
        move = self.resize_to_verify()
        self.servers_client.revert_resize_server(move.server_id)
        self.assert_end_state(move, faults.REVERTED_STATE, label='reverted')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type=PORTABLE)
    @decorators.idempotent_id('603d449c-e9cb-4e4a-8c01-398dadc2de1b')
    def test_delete_in_verify_resize(self):
        """Deleted while awaiting confirmation: nothing is left anywhere.

        The compute API confirms the resize before it deletes the server.
        """
        move = self.resize_to_verify()
        self.assert_nothing_left_after_delete(move)


@decorators.serial
class DeleteDuringMoveTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """A server deleted while its move is not finished.

    Serialized: a delete Nova leaves stuck is finished by restarting the
    nova-compute of the server's host, which other tests would notice.
    """

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('affaf47e-ea37-435b-9066-e065afd193d6')
    def test_delete_in_verify_resize_confirm_fails(self):
        """The confirm the delete runs first fails: nothing is left.

        The compute API confirms a resize awaiting confirmation before it
        deletes the server; here the source fails that confirm.
        """
        stage = self.require_stage('confirm_resize')
        move = self.resize_to_verify(
            stage.extra_specs(self.settings.extra_spec_namespace),
            stage=stage)
        # The delete ends the move now.
        move = dataclasses.replace(move, kind=faults.DELETE)
        self.assert_nothing_left_after_delete(move)


class ColdMigrationFailureTest(moves.ResizeMoves,
                               base.ResizeFaultScenarioTest):
    """A cold migration (same flavor) fails while finishing on the dest."""

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b')
    @testtools.skipUnless(CONF.compute_feature_enabled.cold_migration,
                          'Cold migration is not available: set '
                          '[compute-feature-enabled] cold_migration = True '
                          'if the cloud allows it.')
    def test_cold_migration_finish_failure(self):
        """Same flavor both sides: it must sit on the dest, once."""
        stage = self.require_stage('finish_resize')
        move = self.cold_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)


class SameHostResizeTest(moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """Resizes on one host: both consumers on the same provider."""

    min_compute_nodes = 1

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not cls.settings.resize_to_same_host:
            raise cls.skipException(
                'Resize to the same host is not enabled: set nova.conf '
                '[DEFAULT] allow_resize_to_same_host = True and '
                '[resize_fault] resize_to_same_host = True (on the embedded '
                'cloud: resize-tempest-cloud run '
                '--allow-resize-to-same-host).')

    @decorators.idempotent_id('4c0a6f3e-8d9b-4b1a-a7e2-5f6d3c2b1e90')
    def test_same_host_resize_then_confirm(self):
        """Confirmed on one host: only the new flavor is left."""
        move = self.resize_to_verify(same_host=True)
        self.servers_client.confirm_resize_server(move.server_id)
        self.assert_end_state(move, faults.CONFIRMED_STATE, label='confirmed')
        self.assert_nothing_left_after_delete(move)

    @decorators.idempotent_id('a8e5b2d7-3f1c-4e6a-9b0d-7c2e1f4a5b36')
    def test_same_host_resize_instance_failure(self):
        """Failed before finishing: only the old flavor is left."""
        stage = self.require_stage('resize_instance')
        move = self.resize_failing_at(stage, same_host=True)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.related_bug('1825537')
    @decorators.idempotent_id('f2d9c4a1-6b8e-4d3f-8a5c-0e1b2d3c4f57')
    def test_same_host_finish_resize_failure(self):
        """Failed while finishing: only the new flavor is left."""
        stage = self.require_stage('finish_resize')
        move = self.resize_failing_at(stage, same_host=True)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

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

"""Servers deleted, or their move aborted, while a stage of the move runs.

The flavor's fault kind is hold: the fault driver blocks the stage's
driver method, as a slow disk copy or guest migration does, until the
test releases it.  The test deletes the server while the stage is held,
lets the delete go as far as Nova takes it, then releases the stage: once
the stage ended, nothing may be left for the instance or any migration
the server had (principle 3).  The abort of a held live migration is the
second action racing the first: it must end the move as a failure does.
"""

from tempest import config
from tempest.lib import decorators
import testtools

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF


class DeleteWhileMovingTest(moves.HeldStages, moves.ResizeMoves,
                            moves.LiveMigrationMoves, moves.ShelveMoves,
                            base.ResizeFaultScenarioTest):
    """A stage of the move is held; the server is deleted meanwhile."""

    def delete_while_resize_held(self, stage_name):
        stage = self.require_stage(stage_name)
        move = self.resize_failing_at(stage, kind=faults.HOLD)
        self.wait_until_held(move, stage)
        self.assert_nothing_left_after_held_delete(move, stage)

    @decorators.attr(type='multinode')
    @decorators.related_bug('1848343')
    @decorators.idempotent_id('d7c32d0e-7f27-4fa4-b3a6-f552fcd9a934')
    def test_delete_while_source_migrates_the_disk(self):
        """Deleted while the source is in resize_instance."""
        self.delete_while_resize_held('resize_instance')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('bb356c58-f16d-47f3-948b-8b21c59c05ea')
    def test_delete_while_destination_finishes(self):
        """Deleted while the destination is in finish_resize."""
        self.delete_while_resize_held('finish_resize')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('c62e0e65-6acd-4a1c-9b27-72ca0b4e158d')
    def test_delete_while_source_confirms(self):
        """Deleted while the source confirms the resize."""
        self.delete_while_resize_held('confirm_resize')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('07e664c9-3879-4d58-94c6-c799b079458c')
    def test_delete_while_destination_reverts(self):
        """Deleted while the destination runs the revert's first half."""
        self.delete_while_resize_held('revert_resize_dest')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('cdde86d5-259d-420e-b949-5c75e9793039')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_delete_while_live_migrating(self):
        """Deleted while the guest migrates."""
        stage = self.require_stage('live_migration')
        move = self.live_migrate_failing_at(stage, kind=faults.HOLD)
        self.wait_until_held(move, stage)
        self.assert_nothing_left_after_held_delete(move, stage)

    @decorators.idempotent_id('73701029-b14c-48fd-8143-2b018c5bfbbc')
    @testtools.skipUnless(CONF.compute_feature_enabled.shelve,
                          base.SHELVE_DISABLED)
    def test_delete_while_unshelving(self):
        """Deleted while the unshelved server spawns."""
        stage = self.require_stage('unshelve')
        move = self.unshelve_failing_at(stage, kind=faults.HOLD)
        self.wait_until_held(move, stage)
        self.assert_nothing_left_after_held_delete(move, stage)


class AbortWhileMovingTest(moves.HeldStages, moves.LiveMigrationMoves,
                           base.ResizeFaultScenarioTest):
    """A second action against a move whose stage is held."""

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('689cb242-6841-4a7e-8aa4-07d8e664a99e')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_abort_while_live_migrating(self):
        """An aborted live migration: all back on the source."""
        stage = self.require_stage('live_migration')
        move = self.live_migrate_failing_at(stage, kind=faults.HOLD)
        self.wait_until_held(move, stage)
        self.abort_live_migration(move)
        self.assert_end_state(move, faults.LIVE_MIGRATION_ABORTED_STATE,
                              label='aborted')
        self.assert_nothing_left_after_delete(move)

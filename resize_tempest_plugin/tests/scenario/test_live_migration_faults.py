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

"""Live migrations that fail, judged by their allocations.

The conductor moves the source allocation to the migration consumer and
claims the destination for the instance; whatever step fails, the server
must end up holding its flavor where it runs, the finished migration
holding nothing, and nothing may be left once it is deleted.
"""

from tempest import config
from tempest.lib import decorators
import testtools

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF


@testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                      base.LIVE_MIGRATION_DISABLED)
class LiveMigrationFailureTest(moves.LiveMigrationMoves,
                               base.ResizeFaultScenarioTest):
    """A live migration fails at one step; allocations follow the server."""

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3a7e1c9d-2b5f-4e8a-9c0d-6f1e2a3b4c71')
    def test_destination_refuses_named_host(self):
        """The named destination refuses: all stays on the source."""
        stage = self.require_stage('live_migration_dest_check')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('b4c2e8f1-7a3d-4b6e-8f9a-1c2d3e4f5a62')
    def test_destination_refuses_and_no_host_is_left(self):
        """The only host the scheduler has refuses: all stays put."""
        stage = self.require_stage('live_migration_dest_check')
        move = self.live_migrate_failing_at(stage, named=False)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('c5d3f9a2-8b4e-4c7f-9a0b-2d3e4f5a6b73')
    def test_destination_check_errors(self):
        """The destination's check fails outright: all stays put."""
        stage = self.require_stage('live_migration_dest_check_error')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('d6e4a0b3-9c5f-4d8a-8b1c-3e4f5a6b7c84')
    def test_source_refuses(self):
        """The source's check refuses: all stays on the source."""
        stage = self.require_stage('live_migration_source_check')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('e7f5b1c4-0d6a-4e9b-9c2d-4f5a6b7c8d95')
    def test_pre_live_migration_failure(self):
        """The destination fails to prepare: all goes back to the source."""
        stage = self.require_stage('pre_live_migration')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('f8a6c2d5-1e7b-4f0c-8d3e-5a6b7c8d9ea6')
    def test_live_migration_raises(self):
        """The source's driver raises: the server stays on the source."""
        stage = self.require_stage('live_migration')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('09b7d3e6-2f8c-4a1d-9e4f-6b7c8d9eafb7')
    def test_live_migration_reports_failure(self):
        """The driver reports the failure: Nova rolls back to the source."""
        stage = self.require_stage('live_migration_recover')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('1ac8e4f7-3a9d-4b2e-8f5a-7c8d9eafb0c8')
    def test_post_live_migration_failure(self):
        """The source fails to clean up: the server is on the dest."""
        stage = self.require_stage('post_live_migration')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('2bd9f5a8-4b0e-4c3f-9a6b-8d9eafb0c1d9')
    def test_post_live_migration_at_destination_failure(self):
        """The destination fails to finish: the server is on the dest."""
        stage = self.require_stage('post_live_migration_at_destination')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3cea06b9-5c1f-4d4a-8b7c-9eafb0c1d2ea')
    def test_rollback_at_destination_failure(self):
        """The migration and then its roll-back fail: source it is."""
        stage = self.require_stage('rollback_live_migration_at_destination')
        move = self.live_migrate_failing_at(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)


@testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                      base.LIVE_MIGRATION_DISABLED)
class LiveMigrationRescheduleTest(moves.LiveMigrationMoves,
                                  base.ResizeFaultScenarioTest):
    """The scheduler's first choice refuses; Nova tries the next host."""

    min_compute_nodes = 3

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('4dfb17ca-6d2a-4e5b-9c8d-0fb0c1d2e3fb')
    def test_destination_refuses_and_alternate_takes_it(self):
        """The first choice refuses, the next host takes the server."""
        stage = self.require_stage('live_migration_dest_check')
        move, _ = self.start_live_migration(stage, named=False,
                                            candidates=2,
                                            first_refuses=True)
        self.assert_end_state(move, faults.LIVE_MIGRATED_TO_ALTERNATE_STATE,
                              label='live_migrated')
        self.assert_nothing_left_after_delete(move, move.alternate)


@testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                      base.LIVE_MIGRATION_DISABLED)
class LiveMigrationControlTest(moves.LiveMigrationMoves,
                               base.ResizeFaultScenarioTest):
    """Live migrations that succeed; they must pass on any cloud."""

    @decorators.attr(type=['portable', 'multinode'])
    @decorators.idempotent_id('5e0c28db-7e3b-4f6c-8d9e-1a0c1d2e3f0c')
    def test_live_migration_to_named_host(self):
        """Migrated: the flavor on the destination, nothing else."""
        move, _ = self.start_live_migration()
        self.assert_end_state(move, faults.LIVE_MIGRATED_STATE,
                              label='live_migrated')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type=['portable', 'multinode'])
    @decorators.idempotent_id('6f1d39ec-8f4c-4a7d-9e0f-2b1d2e3f4a1d')
    def test_live_migration_scheduled(self):
        """The scheduler picks the host: the flavor there, nothing else."""
        move, _ = self.start_live_migration(named=False)
        self.assert_end_state(move, faults.LIVE_MIGRATED_STATE,
                              label='live_migrated')
        self.assert_nothing_left_after_delete(move)


@testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                      base.LIVE_MIGRATION_DISABLED)
class ForcedLiveMigrationTest(moves.LiveMigrationMoves,
                              base.ResizeFaultScenarioTest):
    """Live migrations forced to a named host: the conductor claims it.

    With ``force`` (microversions 2.30 to 2.67) the scheduler is bypassed:
    the conductor claims the destination for the instance itself and must
    remove that claim itself when a check of the destination fails.
    """

    compute_max_microversion = '2.67'

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('9035f456-c458-41a1-9d2a-5e32ce0b74f8')
    def test_forced_live_migration(self):
        """Forced and successful: the flavor on the destination only."""
        move, _ = self.start_live_migration(force=True)
        self.assert_end_state(move, faults.LIVE_MIGRATED_STATE,
                              label='live_migrated')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('b1eb2862-504c-432e-a924-03023bdfbd69')
    def test_forced_destination_refuses(self):
        """The forced destination refuses: its claim goes, all stays."""
        stage = self.require_stage('live_migration_dest_check')
        move = self.live_migrate_failing_at(stage, force=True)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('1809416a-c1eb-4674-9c9a-e946cd7fcba1')
    def test_forced_destination_check_errors(self):
        """The forced destination's check errors: claim gone, ERROR."""
        stage = self.require_stage('live_migration_dest_check_error')
        move = self.live_migrate_failing_at(stage, force=True)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

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

"""Moves whose nova-compute is killed mid-move, then started again.

The flavor's fault kind is crash: the nova-compute running the stage kills
itself on the spot, so none of Nova's exception handlers runs (an OOM kill,
a host crash).  The test restarts it as an operator would, waits until it
is up, and judges by the principles of the oracle, the fourth first: once
the service is back and its periodic resource task ran, no move is left
in progress and the allocations follow the server.  Then nothing may be
left after the delete.
"""

from tempest import config
from tempest.lib import decorators
import testtools

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF


@decorators.serial
class CrashRecoveryTest(moves.CrashRecovery, moves.ResizeMoves,
                        moves.LiveMigrationMoves, moves.ShelveMoves,
                        base.ResizeFaultScenarioTest):
    """A stage's nova-compute dies; restarted, the move must settle.

    Serialized: a restarted compute is down for every other test too.
    """

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_restart_command()

    def crash_resize(self, stage_name):
        stage = self.require_stage(stage_name)
        self.assert_crash_settles(
            stage, self.resize_failing_at(stage, kind=faults.CRASH))

    def crash_live_migration(self, stage_name):
        stage = self.require_stage(stage_name)
        self.assert_crash_settles(
            stage, self.live_migrate_failing_at(stage, kind=faults.CRASH))

    @decorators.attr(type='multinode')
    @decorators.related_bug('1836369')
    @decorators.idempotent_id('79d56668-a34a-4ae9-9abc-e06ccdc26a83')
    def test_source_dies_migrating_the_disk(self):
        """The source dies in resize_instance: all back on the source."""
        self.crash_resize('resize_instance')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('6e2371cd-33af-4258-a9dd-681d6f18048f')
    def test_destination_dies_finishing(self):
        """The destination dies in finish_resize: the new flavor there."""
        self.crash_resize('finish_resize')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('4a26e7ef-a705-4bde-9fc6-10a7691d0722')
    def test_source_dies_confirming(self):
        """The source dies confirming: the new flavor on the destination."""
        self.crash_resize('confirm_resize')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('471c5269-d7e3-480b-8838-d23c74bbc191')
    def test_source_dies_finishing_the_revert(self):
        """The source dies in the revert's second half."""
        self.crash_resize('revert_resize')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7079c39c-f5a3-4d65-80d2-3e53dacc82a6')
    def test_destination_dies_reverting(self):
        """The destination dies in the revert's first half."""
        self.crash_resize('revert_resize_dest')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('bcdca8b9-4fdb-4584-8d01-10d6e00b83c9')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_source_dies_live_migrating(self):
        """The source dies while the guest migrates: back on the source."""
        self.crash_live_migration('live_migration')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('97c4edf0-5aee-4d13-be0d-cc70db9ff864')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_source_dies_cleaning_up_a_live_migration(self):
        """The source dies in post_live_migration, the guest moved."""
        self.crash_live_migration('post_live_migration')

    # The four stages below answer an RPC call: the caller gives up only
    # after [resize_fault] rpc_timeout.
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('d8037d45-9f95-4c13-b3e1-945a8ce5fd2a')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_destination_dies_checking_a_live_migration(self):
        """The destination dies in its pre-check of a live migration."""
        self.crash_live_migration('live_migration_dest_check')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('f894d675-3c0f-4f62-85bc-fae52246f897')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_source_dies_checking_a_live_migration(self):
        """The source dies in its pre-check of a live migration."""
        self.crash_live_migration('live_migration_source_check')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('267a886a-87fa-4599-af66-b6dd457c9b20')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_destination_dies_preparing_a_live_migration(self):
        """The destination dies in pre_live_migration."""
        self.crash_live_migration('pre_live_migration')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('aaef04ae-4bb4-41f2-bf97-5a1bae78b5ad')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_destination_dies_finishing_a_live_migration(self):
        """The destination dies in post_live_migration_at_destination."""
        self.crash_live_migration('post_live_migration_at_destination')

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3164991d-4dd7-428d-ad75-74f0e5d9d0c2')
    @testtools.skipUnless(CONF.compute_feature_enabled.live_migration,
                          base.LIVE_MIGRATION_DISABLED)
    def test_destination_dies_rolling_back_a_live_migration(self):
        """The migration fails, the destination dies rolling it back."""
        self.crash_live_migration('rollback_live_migration_at_destination')

    @decorators.idempotent_id('94c8a463-6756-4ae8-976e-69cc6c8cefa6')
    @testtools.skipUnless(CONF.compute_feature_enabled.shelve,
                          base.SHELVE_DISABLED)
    def test_host_dies_offloading(self):
        """The host dies destroying the guest of a server offloaded."""
        stage = self.require_stage('shelve_offload')
        self.assert_crash_settles(
            stage, self.shelve_failing_at(stage, kind=faults.CRASH))

    @decorators.idempotent_id('3330d195-c142-4515-bd74-157432f37a04')
    @testtools.skipUnless(CONF.compute_feature_enabled.shelve,
                          base.SHELVE_DISABLED)
    def test_host_dies_unshelving(self):
        """The chosen host dies spawning the unshelved server."""
        stage = self.require_stage('unshelve')
        self.assert_crash_settles(
            stage, self.unshelve_failing_at(stage, kind=faults.CRASH))

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

"""Mutation proof: each scenario must fail on a Nova that has its bug.

Patches known Placement allocation bugs back into the embedded cloud's
installed Nova, one at a time; restarts the services the patch touches;
runs the plugin's scenarios; restores Nova; and prints, per bug, the tests
that failed and whether a failure pointed at a wrong allocation.  The
unpatched cloud runs first and must pass.

Usage::

    resize-tempest-cloud [--state-dir DIR] mutants [--only NAME] [--keep]

It patches the Nova of the virtualenv it runs in, which is the one the
embedded cloud's services run from, and always restores it.
"""

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import time

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import procs
from resize_tempest_cloud import releases
from resize_tempest_cloud import results
from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import tables


@dataclasses.dataclass(frozen=True)
class Mutant:
    """A known allocation bug, as an exact edit of Nova's source."""

    name: str
    summary: str
    path: str            # relative to the nova package
    original: str
    mutated: str
    restart: tuple       # cloud services, e.g. nova-compute (all of them)
    # The scenarios that exercise the patched code (a regex below
    # resize_tempest_plugin.tests.scenario.): only they run.
    tests: str = r'test_resize_faults'
    # Other mutants whose edits apply together with this one's: a bug
    # that shows only where a second safety net is gone too.
    together: tuple = ()
    # The name of the quickest test of ``tests`` that catches it
    # (``--quick``: the proof that each bug is caught, not that each
    # scenario catches one).
    quick: str = ''


# The periodic resource task removing a deleted instance's allocations.
_PERIODIC_HEALING = (
    "            if instance.deleted and not instance.hidden:\n"
    "                # The instance is gone, so we definitely want to "
    "remove\n")
_PERIODIC_HEALING_GONE = _PERIODIC_HEALING.replace(
    'instance.deleted and not instance.hidden', 'False')

MUTANTS = (
    Mutant(
        name='finish_resize_reverts_to_source',
        quick='test_finish_resize_failure_then_hard_reboot',
        summary='bug 1825537: a failed finish_resize moves the allocations '
                'back to the source although the server is on the dest',
        path='compute/manager.py',
        original=(
            "                         migration.source_compute, "
            "instance=instance)\n"
            "                self._delete_allocation_after_move(\n"
            "                    context, instance, migration)\n"),
        mutated=(
            "                         migration.source_compute, "
            "instance=instance)\n"
            "                self._revert_allocation(\n"
            "                    context, instance, migration)\n"),
        restart=('nova-compute',),
        tests=r'test_resize_faults\..*finish'),
    Mutant(
        name='scheduling_failure_not_rolled_back',
        quick='test_scheduling_failure',
        summary='the conductor does not give the source allocation back '
                'to the instance after a scheduling failure',
        path='conductor/tasks/migrate.py',
        original=(
            "        revert_allocation_for_migration(self.context, "
            "self._source_cn,\n"
            "                                        self.instance, "
            "self._migration)\n"),
        mutated="        pass\n",
        restart=('nova-conductor',),
        tests=(r'(test_resize_faults\..*(scheduling|claim|'
               r'ResizeControlTest\.test_resize_then)|'
               r'test_placement_faults\..*test_scheduler_(claim_refused|'
               r'claim_reset|claim_answer_lost|dies_claiming))')),
    Mutant(
        name='resize_instance_failure_not_reverted',
        quick='test_resize_instance_failure',
        summary='a failed resize_instance on the source leaves the old '
                'flavor held by the migration',
        path='compute/manager.py',
        original=(
            "            with excutils.save_and_reraise_exception():\n"
            "                self._revert_allocation(context, instance, "
            "migration)\n"
            "\n"
            "    def _resize_instance(\n"),
        mutated=(
            "            with excutils.save_and_reraise_exception():\n"
            "                pass\n"
            "\n"
            "    def _resize_instance(\n"),
        restart=('nova-compute',),
        tests=r'test_resize_faults\..*resize_instance'),
    Mutant(
        name='confirm_keeps_migration_allocation',
        quick='test_confirm_failure',
        summary='confirming a resize does not delete the allocation the '
                'migration holds on the source',
        path='compute/manager.py',
        original=(
            "                    self._delete_allocation_after_move(\n"
            "                        context, instance, migration)\n"
            "                    # ...inform the scheduler about the "
            "move...\n"),
        mutated=(
            "                    # ...inform the scheduler about the "
            "move...\n"),
        restart=('nova-compute',),
        # Not the delete that confirms first: it restarts a compute.
        tests=(r'(test_resize_faults\.(?!DeleteDuringMoveTest).*'
               r'(confirm|reschedule)|'
               r'test_placement_faults\..*test_confirm_drop_answer_lost)')),
    Mutant(
        name='revert_keeps_dest_allocation',
        quick='test_revert_move_back_answer_lost',
        summary='reverting a resize leaves the new flavor on the dest and '
                'the old flavor with the migration',
        path='compute/manager.py',
        original=(
            "                source_allocations = self._revert_allocation(\n"
            "                    context, instance, migration)\n"),
        mutated=(
            "                source_allocations = (\n"
            "                    self.reportclient."
            "get_allocations_for_consumer(\n"
            "                        context, migration.uuid))\n"),
        restart=('nova-compute',),
        tests=(r'(test_resize_faults\..*revert|test_placement_faults\..*'
               r'test_revert_move_back_(answer_lost|conflict))')),
    Mutant(
        name='prep_resize_failure_keeps_dest_allocation',
        quick='test_claim_failure',
        summary='a destination whose prep_resize fails (its claim rejects '
                'the flavor) keeps the new flavor it was given',
        path='compute/manager.py',
        original=(
            "                # by the scheduler for the destination node.\n"
            "                self._revert_allocation(context, instance, "
            "migration)\n"),
        mutated=(
            "                # by the scheduler for the destination node.\n"),
        restart=('nova-compute',),
        tests=r'test_resize_faults\.(ClaimFailureTest|RescheduleTest)'),
    Mutant(
        name='reschedule_skips_alternate_claim',
        quick='test_reschedule_to_alternate',
        summary='a resize rescheduled to an alternate host claims nothing '
                'there for the instance',
        path='conductor/tasks/migrate.py',
        original=(
            "                host_available = "
            "scheduler_utils.claim_resources(\n"
            "                    elevated, self.reportclient, "
            "self.request_spec,\n"
            "                    self.instance.uuid, alloc_req,\n"
            "                    selection.allocation_request_version)\n"),
        mutated="                host_available = True\n",
        restart=('nova-conductor',),
        tests=r'test_resize_faults\.RescheduleTest'),
    Mutant(
        name='live_migration_rollback_keeps_dest_allocation',
        quick='test_live_migration_reports_failure',
        summary='a live migration that fails before the guest moved is '
                'rolled back without reverting the allocations',
        path='compute/manager.py',
        original=(
            "            # a bug.\n"
            "            self._revert_allocation(context, instance, "
            "migration)\n"),
        mutated="            # a bug.\n            pass\n",
        restart=('nova-compute',),
        # The failures that reach _rollback_live_migration.
        tests=(r'(test_live_migration_faults\.LiveMigrationFailureTest\.'
               r'test_(live_migration_reports_failure|pre_live_migration_'
               r'failure|rollback_at_destination_failure)|'
               r'test_race_faults\.AbortWhileMovingTest|'
               r'test_crash_faults\..*test_destination_dies_(preparing|'
               r'rolling_back)_a_live_migration)')),
    Mutant(
        name='live_migration_keeps_migration_allocation',
        quick='test_live_migration_to_named_host',
        summary='a live migration that succeeds does not delete the '
                'allocation the migration holds on the source',
        path='compute/manager.py',
        original=(
            "            self._delete_allocation_after_move(ctxt,\n"
            "                                               instance,\n"
            "                                               "
            "migrate_data.migration)\n"),
        mutated="            pass\n",
        restart=('nova-compute',),
        tests=(r'test_live_migration_faults\.'
               r'(LiveMigrationControlTest|LiveMigrationRescheduleTest)|'
               r'test_placement_faults\..*test_live_migration_drop_answer_'
               r'lost')),
    Mutant(
        name='refused_live_migration_host_keeps_claim',
        quick='test_destination_refuses_and_alternate_takes_it',
        summary='the conductor tries the next host after a destination '
                'refused a live migration, without dropping the refused '
                'host\'s claim',
        path='conductor/tasks/live_migrate.py',
        original=(
            "                # those before moving on.\n"
            "                self._remove_host_allocations("
            "selection.compute_node_uuid)\n"),
        mutated="                # those before moving on.\n",
        restart=('nova-conductor',),
        tests=(r'test_live_migration_faults\.'
               r'(LiveMigrationRescheduleTest|.*refuses)')),
    Mutant(
        name='live_migration_precheck_failure_not_rolled_back',
        quick='test_source_refuses',
        summary='a live migration whose pre-check failed leaves the '
                'source allocation with the migration',
        path='conductor/tasks/live_migrate.py',
        original=(
            "        if self._held_allocations:\n"
            "            migrate.revert_allocation_for_migration("
            "self.context,\n"),
        mutated=(
            "        if self._held_allocations:\n"
            "            pass\n"
            "        if False:\n"
            "            migrate.revert_allocation_for_migration("
            "self.context,\n"),
        restart=('nova-conductor',),
        tests=(r'(test_live_migration_faults\..*test_source_refuses|'
               r'test_crash_faults\..*dies_checking_a_live_migration)')),
    Mutant(
        name='shelve_offload_keeps_allocation',
        quick='test_unshelve_with_no_valid_host',
        summary='offloading a shelved server keeps its allocation on the '
                'host it left',
        path='compute/manager.py',
        original=(
            "        self.rt.delete_allocation_for_shelve_offloaded_instance("
            "context,\n"
            "                                                                "
            "instance)\n"),
        mutated="",
        restart=('nova-compute',),
        tests=(r'test_shelve_faults|test_placement_faults\..*test_shelve_'
               r'offload_drop_(refused|answer_lost)')),
    Mutant(
        name='unshelve_failure_keeps_claim',
        quick='test_unshelve_failure',
        summary='an unshelve whose spawn fails keeps the claim the '
                'scheduler made on the chosen host',
        path='compute/manager.py',
        original=(
            "                # instance claim will not remove the "
            "allocations.\n"
            "                self.reportclient."
            "delete_allocation_for_instance(\n"
            "                    context, instance.uuid, force=True)\n"),
        mutated=(
            "                # instance claim will not remove the "
            "allocations.\n"),
        restart=('nova-compute',),
        tests=(r'test_shelve_faults|'
               r'test_placement_faults\..*test_unshelve_spawn_drop_answer')),
    Mutant(
        name='evacuation_failure_keeps_dest_allocation',
        quick='test_forced_evacuate_spawn_failure',
        summary='an evacuation whose spawn fails on the destination keeps '
                'the destination part of the instance\'s allocation',
        path='compute/manager.py',
        original=(
            "                if evacuate or scheduled_node is not None:\n"
            "                    self.rt.delete_allocation_for_evacuated_"
            "instance(\n"
            "                        context, instance, scheduled_node,\n"
            "                        node_type='destination')\n"
            "                self._notify_instance_rebuild_error("
            "context, instance, e, bdms)\n"
            "                raise\n"),
        mutated=(
            "                self._notify_instance_rebuild_error("
            "context, instance, e, bdms)\n"
            "                raise\n"),
        restart=('nova-compute',),
        tests=r'test_evacuate_faults\..*test_(forced_)?evacuate_spawn_'
              r'failure'),
    # Other allocation bugs on the paths where a known Nova defect shows:
    # the defect's exact signature must not excuse them.
    Mutant(
        name='finish_resize_failure_keeps_source_allocation',
        quick='test_finish_resize_failure_then_hard_reboot',
        summary='besides the known defect, a failed finish_resize leaves '
                'the old flavor held by the migration on the source',
        path='compute/manager.py',
        original=(
            "                         migration.source_compute, "
            "instance=instance)\n"
            "                self._delete_allocation_after_move(\n"
            "                    context, instance, migration)\n"),
        mutated=(
            "                         migration.source_compute, "
            "instance=instance)\n"),
        restart=('nova-compute',),
        tests=(r'(test_resize_faults\..*test_(same_host_)?finish_resize|'
               r'test_race_faults\..*test_delete_while_destination_'
               r'finishes)')),
    Mutant(
        name='live_migration_error_drops_only_migration_allocation',
        quick='test_live_migration_raises',
        summary='a live migration whose driver call raises deletes the '
                'migration\'s source allocation but leaves the instance '
                'holding the destination while it stays on the source',
        path='compute/manager.py',
        original=(
            "                # as its almost certainly too late to rollback\n"
            "                self._set_migration_status(migration, "
            "'error')\n"),
        mutated=(
            "                # as its almost certainly too late to rollback\n"
            "                self._set_migration_status(migration, "
            "'error')\n"
            "                self.reportclient."
            "delete_allocation_for_instance(\n"
            "                    context, migration.uuid, "
            "consumer_type='migration',\n"
            "                    force=True)\n"),
        restart=('nova-compute',),
        tests=r'test_live_migration_faults\..*test_live_migration_raises'),
    Mutant(
        name='post_live_migration_failure_reverts_to_source',
        quick='test_post_live_migration_at_destination_failure',
        summary='a live migration whose post steps fail gives the source '
                'allocation back to the instance although it runs on the '
                'destination',
        path='compute/manager.py',
        original=(
            "                instance.progress = 0\n"
            "                instance.save()\n"
            "            raise\n"),
        mutated=(
            "                instance.progress = 0\n"
            "                instance.save()\n"
            "            self._revert_allocation(ctxt, instance, "
            "migrate_data.migration)\n"
            "            raise\n"),
        restart=('nova-compute',),
        tests=r'test_live_migration_faults\..*test_post_live_migration'),
    Mutant(
        name='delete_keeps_instance_allocation',
        quick='test_post_live_migration_at_destination_failure',
        summary='deleting a server leaves its instance allocation: a leak '
                'beyond what the known defects leave after the delete',
        path='compute/manager.py',
        original=(
            "        self.reportclient.delete_allocation_for_instance("
            "context,\n"
            "                                                         "
            "instance.uuid,\n"
            "                                                         "
            "force=force)\n"),
        mutated="        del force\n",
        restart=('nova-compute',),
        # Nova's periodic resource task would remove the leak before or
        # after the judge looks, by timing: gone too.
        together=('periodic_keeps_deleted_instance_allocation',),
        # Beside the known defects that leave something after the delete
        # the leak must fail the test beyond the defect; a delete racing a
        # move is judged once that task ran.
        tests=(r'test_(resize|live_migration|lost_cast)_faults\..*test_('
               r'revert_failure_on_destination|live_migration_raises|'
               r'post_live_migration_failure|'
               r'post_live_migration_at_destination_failure|'
               r'prep_resize_never_reaches_the_destination)|'
               r'test_placement_faults\..*test_(delete_drop_(refused|'
               r'answer_lost)|'
               r'(confirm|live_migration)_drop_(refused|reset|conflict)|'
               r'live_migration_rollback_|evacuation_clean_up_refused)|'
               r'test_race_faults\.DeleteWhileMovingTest\.test_delete_while_'
               r'unshelving')),
    # The paths the coverage map added scenarios for.
    Mutant(
        name='forced_live_migration_claims_source',
        quick='test_forced_live_migration',
        summary='a live migration forced to a host claims the source '
                'again for the instance instead of the forced destination',
        path='conductor/tasks/live_migrate.py',
        original=(
            "                self.instance, source_node, dest_node,\n"
            "                source_allocations=self._held_allocations,\n"),
        mutated=(
            "                self.instance, source_node, source_node,\n"
            "                source_allocations=self._held_allocations,\n"),
        restart=('nova-conductor',),
        tests=r'test_live_migration_faults\.ForcedLiveMigrationTest'),
    Mutant(
        name='delete_in_verify_resize_skips_confirm',
        quick='test_delete_in_verify_resize',
        summary='deleting a server in VERIFY_RESIZE does not confirm the '
                'resize first, so the migration keeps the source allocation',
        path='compute/api.py',
        original=(
            "            self.compute_rpcapi.confirm_resize(context,\n"
            "                    instance, migration, "
            "migration.source_compute, cast=False)\n"),
        mutated="            pass\n",
        restart=('nova-api',),
        tests=(r'test_resize_faults\.(ResizeControlTest\.'
               r'test_delete_in_verify_resize|DeleteDuringMoveTest)')),
    Mutant(
        name='local_delete_keeps_allocation',
        quick='test_shelve_offload_drop_reset',
        summary='deleting a server whose host is down (the compute API '
                'deletes it itself) leaves its allocations, and the '
                'periodic resource task no longer removes them',
        path='compute/api.py',
        original=(
            "            self.placementclient."
            "delete_allocation_for_instance(\n"
            "                context, instance.uuid, force=True)\n"
            "            cb(context, instance, bdms, local=True)\n"),
        mutated="            cb(context, instance, bdms, local=True)\n",
        restart=('nova-api',),
        # The host's nova-compute runs on, forced down: its periodic
        # resource task would remove the leak before or after the judge
        # looks, by timing.
        together=('periodic_keeps_deleted_instance_allocation',),
        # ... and beside the known defects of an offloaded server.
        tests=(r'test_evacuate_faults\.EvacuateTest\.test_(evacuate_with_'
               r'no_valid_host|delete_while_evacuating)|'
               r'test_placement_faults\..*test_(shelve_offload_drop_reset|'
               r'(unshelve|(forced_)?evacuation)_claim_answer_lost|'
               r'unshelve_spawn_drop_re)')),
    # Nova's recovery when a nova-compute starts again.
    Mutant(
        name='restart_keeps_resize_migrating_task',
        quick='test_source_dies_migrating_the_disk',
        summary='a source that starts again after dying in resize_instance '
                'reverts the guest but leaves the task state set',
        path='compute/manager.py',
        original=(
            "                         'startup. Resetting task_state',\n"
            "                         instance=instance)\n"
            "                instance.task_state = None\n"
            "                instance.save()\n"),
        mutated=(
            "                         'startup. Resetting task_state',\n"
            "                         instance=instance)\n"),
        restart=('nova-compute',),
        tests=r'test_crash_faults\..*test_source_dies_migrating_the_disk'),
    Mutant(
        name='restart_keeps_resize_prep_task',
        quick='test_resize_instance_never_reaches_the_source',
        summary='a source that starts again with a resize that never left '
                'it (resize_prep) leaves the task state set',
        path='compute/manager.py',
        original=("            instance.task_state in "
                  "[task_states.RESIZE_PREP]):\n"),
        mutated="            instance.task_state in []):\n",
        restart=('nova-compute',),
        tests=r'test_lost_cast_faults\..*test_resize_instance_never_'),
    Mutant(
        name='restart_leaves_spawning_task',
        quick='test_host_dies_unshelving',
        summary='a host that starts again after dying in the spawn of an '
                'unshelve leaves the server spawning',
        path='compute/manager.py',
        original=(
            "            LOG.debug(\"Instance failed to spawn correctly, \"\n"
            "                      \"setting to ERROR state\", "
            "instance=instance)\n"
            "            self._set_instance_obj_error_state(instance, "
            "clean_task_state=True)\n"),
        mutated=(
            "            LOG.debug(\"Instance failed to spawn correctly, \"\n"
            "                      \"setting to ERROR state\", "
            "instance=instance)\n"),
        restart=('nova-compute',),
        tests=r'test_crash_faults\..*test_host_dies_unshelving'),
    Mutant(
        name='restart_leaves_live_migration_running',
        quick='test_source_dies_live_migrating',
        summary='a source that starts again after dying in a live '
                'migration leaves the migration running',
        path='compute/manager.py',
        original=(
            "            if migration:\n"
            "                self._set_migration_status(migration, 'error')\n"
            "            LOG.info('Instance found in migrating state "
            "during '\n"),
        mutated=(
            "            LOG.info('Instance found in migrating state "
            "during '\n"),
        restart=('nova-compute',),
        tests=r'test_crash_faults\..*test_source_dies_live_migrating'),
    Mutant(
        name='restarted_evacuation_source_keeps_allocation',
        quick='test_evacuate_then_source_restarts',
        summary='a source that starts again after its server was evacuated '
                'does not remove the allocation the server still holds on '
                'it',
        path='compute/manager.py',
        original=(
            "            if (not instance.deleted and\n"
            "                    not self.reportclient.\n"
            "                        remove_provider_tree_from_instance_"
            "allocation(\n"
            "                            context, instance.uuid, "
            "cn_uuid)):\n"),
        mutated="            if False:\n",
        restart=('nova-compute',),
        # The clean-up faults show a known defect this mutant leaves too:
        # they must still see their request made.
        tests=(r'test_evacuate_faults\.EvacuateTest\.test_evacuate_then_'
               r'source_restarts|test_placement_faults\..*test_evacuation_'
               r'clean_up_conflict')),
    # The report client's and the move paths' handling of a Placement
    # request that failed (the Placement fault scenarios).
    Mutant(
        name='move_allocations_never_retries',
        quick='test_revert_move_back_conflict',
        summary='moving allocations between consumers gives up at the '
                'first concurrent update (409) instead of retrying',
        path='scheduler/client/report.py',
        original=("    @safe_connect\n    @retries\n"
                  "    def move_allocations("),
        mutated="    @safe_connect\n    def move_allocations(",
        restart=('nova-compute', 'nova-conductor'),
        tests=(r'test_placement_faults\..*test_(revert_move_back|'
               r'(live_migration_)?move_to_migration|'
               r'live_migration_rollback_move_back)_conflict')),
    Mutant(
        name='claim_never_retries',
        quick='test_unshelve_claim_conflict',
        summary='the scheduler\'s claim gives up at the first concurrent '
                'update (409) instead of retrying',
        path='scheduler/client/report.py',
        original=("    @safe_connect\n    @retries\n"
                  "    def claim_resources("),
        mutated="    @safe_connect\n    def claim_resources(",
        # The conductor claims a host an evacuation is forced to.
        restart=('nova-scheduler', 'nova-conductor'),
        tests=(r'test_placement_faults\..*test_(scheduler|unshelve|'
               r'(forced_)?evacuation)_claim_conflict')),
    Mutant(
        name='refused_claim_taken_for_made',
        quick='test_scheduler_claim_refused',
        summary='the scheduler takes a claim Placement refused for made',
        path='scheduler/client/report.py',
        original=("        return r.status_code == 204\n\n"
                  "    def add_resources_to_instance_allocation("),
        mutated=("        return True\n\n"
                 "    def add_resources_to_instance_allocation("),
        restart=('nova-scheduler', 'nova-conductor'),
        tests=(r'test_placement_faults\..*test_(scheduler|unshelve|'
               r'(forced_)?evacuation)_claim_refused')),
    Mutant(
        name='failed_claim_taken_for_made',
        quick='test_scheduler_claim_reset',
        summary='the scheduler takes a claim whose request failed (reset '
                'or refused) for made',
        path='scheduler/utils.py',
        original="            consumer_generation=None)\n",
        mutated="            consumer_generation=None) or True\n",
        restart=('nova-scheduler',),
        tests=(r'test_placement_faults\..*test_(scheduler|unshelve|'
               r'evacuation)_claim_reset')),
    Mutant(
        name='failed_forced_claim_taken_for_made',
        quick='test_forced_evacuation_claim_reset',
        summary='the conductor takes its claim of a forced host whose '
                'request failed (reset or refused) for made',
        path='scheduler/utils.py',
        original="            consumer_generation=consumer_generation):\n",
        mutated=("            consumer_generation=consumer_generation) or "
                 "True:\n"),
        restart=('nova-conductor',),
        tests=r'test_placement_faults\..*test_forced_evacuation_claim_reset'),
    Mutant(
        name='move_allocations_copies',
        quick='test_source_dies_reverting',
        summary='moving allocations between consumers leaves the source '
                'consumer its allocations (a copy, not a move)',
        path='scheduler/client/report.py',
        original=("                # the source consumer\n"
                  "                'allocations': {},\n"),
        mutated=("                # the source consumer\n"
                 "                'allocations': source_alloc['allocations'],"
                 "\n"),
        restart=('nova-conductor',),
        # (The scheduler killed is proven under scheduling_failure_not_
        # rolled_back.)
        tests=r'test_placement_faults\.PlacementHoldKillTest\.test_(conductor|'
              r'source)_dies'),
    Mutant(
        name='failed_move_to_migration_ignored',
        quick='test_move_to_migration_reset',
        summary='the conductor goes on with a resize whose move of the '
                'source allocation to the migration failed',
        path='conductor/tasks/migrate.py',
        original=(
            "    success = reportclient.move_allocations(context, "
            "instance.uuid,\n"
            "                                            migration.uuid)\n"
            "    if not success:\n"),
        mutated=(
            "    success = reportclient.move_allocations(context, "
            "instance.uuid,\n"
            "                                            migration.uuid)\n"
            "    if False:\n"),
        restart=('nova-conductor',),
        tests=(r'test_placement_faults\..*test_(live_migration_)?move_to_'
               r'migration')),
    # Nova's periodic healing of allocations.
    Mutant(
        name='periodic_keeps_deleted_instance_allocation',
        quick='test_delete_drop_reset',
        summary='the periodic resource task no longer removes what a '
                'deleted instance still holds on its host',
        path='compute/resource_tracker.py',
        original=_PERIODIC_HEALING,
        mutated=_PERIODIC_HEALING_GONE,
        restart=('nova-compute',),
        tests=(r'test_race_faults\.DeleteWhileMovingTest\.test_delete_while_'
               r'source_migrates_the_disk|'
               r'test_placement_faults\..*test_delete_drop_reset')),
)


class MutantDoesNotApply(Exception):
    pass


# Beside a patched file: its original, until restore() puts it back.
ORIGINAL_SUFFIX = '.resize-mutant-original'


def nova_file(mutant):
    # Found, not imported: only the cloud's virtualenv has Nova.
    spec = importlib.util.find_spec('nova')
    return os.path.join(os.path.dirname(spec.origin), mutant.path)


def edits(mutant):
    """The mutant itself, then the mutants it applies together with."""
    by_name = {each.name: each for each in MUTANTS}
    return (mutant,) + tuple(by_name[name] for name in mutant.together)


def restarts(mutant):
    """The cloud services that must restart to run the patched code."""
    return tuple(sorted({service for edit in edits(mutant)
                         for service in edit.restart}))


def apply(mutant):
    """Patch Nova; return the original texts for restore().

    The original is kept beside each file first, so a proof killed before
    it restored Nova is undone by the next one (restore_leftovers).
    """
    originals = {}
    try:
        for edit in edits(mutant):
            path = nova_file(edit)
            with open(path) as source:
                text = source.read()
            count = text.count(edit.original)
            if count != 1:
                raise MutantDoesNotApply(
                    '%s: the code it patches appears %d times in %s '
                    '(expected once); this Nova version needs the mutant '
                    'updated' % (edit.name, count, path))
            if path not in originals:
                originals[path] = text
                _replace(path + ORIGINAL_SUFFIX, text)
            _replace(path, text.replace(edit.original, edit.mutated))
    except MutantDoesNotApply:
        restore(mutant, originals)
        raise
    return originals


def restore(mutant, originals):
    """Put back the files apply() patched."""
    for path, text in originals.items():
        _replace(path, text)
        os.unlink(path + ORIGINAL_SUFFIX)


def restore_leftovers():
    """Put back every Nova file a killed proof left patched.

    :returns: the files restored.
    """
    if importlib.util.find_spec('nova') is None:
        return []
    restored = []
    for path in sorted({nova_file(mutant) for mutant in MUTANTS}):
        original = path + ORIGINAL_SUFFIX
        if os.path.exists(original):
            os.replace(original, path)
            restored.append(path)
    return restored


def _replace(path, text):
    """Write a new file over ``path``, never into the one it was.

    An installer may hard-link a virtualenv's files to its cache (uv
    does): writing in place would patch every virtualenv sharing it.
    """
    temporary = path + '.mutant'
    with open(temporary, 'w') as source:
        source.write(text)
    os.replace(temporary, path)


def cloud(args, *command, check=True):
    """Run a command of the cloud CLI on the same state dir."""
    cmd = [sys.executable, '-m', 'resize_tempest_cloud.cli',
           '--state-dir', args.state_dir]
    return subprocess.run(
        cmd + list(command), check=check, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)


def run_suite(args, label, tests=None):
    """Run the scenarios (those matching ``tests``) on the kept cloud.

    :returns: their results.
    """
    started = time.monotonic()
    regex = ['--regex', r'resize_tempest_plugin\.tests\.scenario\.' + tests
             ] if tests else []
    proc = cloud(args, 'run', '--keep', '--no-audit', *regex, '--',
                 '--concurrency', str(args.concurrency), check=False)
    log_path = os.path.join(args.log_dir, 'mutant-%s.log' % label)
    with open(log_path, 'w') as log:
        log.write(proc.stdout)
    tests = results.last_run(layout_mod.Layout(args.state_dir).workspace)
    print('  %s: %d tests, %d failed, %.0f s (log %s)' % (
        label, len(tests), results.counts(tests)[1],
        time.monotonic() - started, log_path), flush=True)
    return tests


def failed_tests(tests):
    return sorted(test.short for test in tests
                  if test.status in results.FAILED)


def add_arguments(parser):
    parser.add_argument('--only', action='append',
                        choices=[mutant.name for mutant in MUTANTS],
                        help='run only the named mutant (repeatable)')
    parser.add_argument('--concurrency', type=int, default=4,
                        help='tempest workers per run (default 4)')
    parser.add_argument('--log-dir',
                        help="where each run's output is kept (default: "
                             "<state dir>/logs)")
    parser.add_argument('--keep', action='store_true',
                        help='leave the cloud running at the end')
    parser.add_argument('--quick', action='store_true',
                        help='run each bug against the quickest scenario '
                             'that catches it, not every scenario of its '
                             'path: the proof that each bug is caught')
    parser.add_argument('--reuse-baseline', action='store_true',
                        help='take the last two runs in the workspace (the '
                             'scenarios and the audit of `run`, on this '
                             'unpatched cloud) as the baseline instead of '
                             'running the suite again')
    parser.add_argument('--tempest-peer', action='store_true',
                        help="also run tempest's own %s under each mutant, "
                             'then the allocation audit, and show what each '
                             'catches' % PEER_REGEX)


PEER_REGEX = 'tempest.api.compute.admin.test_migrations'


def run_peer(args, label):
    """Tempest's own migration tests, then the allocation audit.

    Then the audit's own --delete-orphans removes what they leaked (their
    servers are gone, so their migrations' allocations are orphans), so
    the next run starts clean.

    :returns: (tempest's tests passed, the audit found something)
    """
    cloud(args, 'run', '--keep', '--regex', PEER_REGEX, '--',
          '--concurrency', str(args.concurrency), check=False)
    tests = results.last_runs(layout_mod.Layout(args.state_dir).workspace, 2)
    peer = [test for test in tests if test.id.startswith('tempest.')]
    audit = [test for test in tests if 'tests.audit' in test.id]
    peer_passed = bool(peer) and not any(test.status in results.FAILED
                                         for test in peer)
    audit_found = any(test.status in results.FAILED for test in audit)
    layout = layout_mod.Layout(args.state_dir)
    env = dict(os.environ, **openrc(layout.path('admin-openrc')))
    subprocess.run([procs.venv_bin('resize-tempest-audit'), '--delete-orphans',
                    '--settle-timeout', '30'], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print('  %s, tempest test_migrations: %s; then the audit: %s' % (
        label, 'passed' if peer_passed else 'FAILED',
        'findings' if audit_found else 'clean'), flush=True)
    return peer_passed, audit_found


def openrc(path):
    """The OS_* variables an openrc file exports."""
    found = {}
    with open(path) as lines:
        for line in lines:
            if line.startswith('export ') and '=' in line:
                name, _, value = line[len('export '):].strip().partition('=')
                found[name] = value
    return found


def slowest(tests):
    """{'slowest_test', 'slowest_s'} of a run: the fail-fast figure.

    A test that waits past its deadline for an end state that can no
    longer come shows here as a time near [resize_fault] timeout.
    """
    timed = [test for test in tests if test.seconds is not None]
    if not timed:
        return {}
    test = max(timed, key=lambda each: each.seconds)
    return {'slowest_test': test.short, 'slowest_s': round(test.seconds, 1)}


# A judged failure names a wrong allocation: in the table, or the flavor
# the server shows not held on its host (principle 1); or a move left
# unsettled (principle 4: a task state where none may be).
CAUGHT_MARKS = (ledger.MISMATCH_MARK, ' - %s: ' % judge.SERVER_FLAVOR,
                ' - %s: ' % judge.TASK_STATE)


def verdict_of(tests):
    failed = failed_tests(tests)
    if failed and any(mark in test.details for mark in CAUGHT_MARKS
                      for test in tests if test.status in results.FAILED):
        return failed, 'caught'
    if failed:
        return failed, 'caught, but no allocation table'
    return failed, 'MISSED'


def run(args):
    """Baseline and every mutant; print the table; 0 when all caught."""
    mutants = [mutant for mutant in MUTANTS
               if not args.only or mutant.name in args.only]
    args.log_dir = args.log_dir or os.path.join(args.state_dir, 'logs')
    os.makedirs(args.log_dir, exist_ok=True)

    rows = []
    for path in restore_leftovers():
        print('restored %s, left patched by a proof that was killed' % path)
    try:
        up = cloud(args, 'up', check=False)
        if up.returncode:
            print(up.stdout)
            return 1
        if args.reuse_baseline:
            tests = results.last_runs(
                layout_mod.Layout(args.state_dir).workspace, 2)
            print('baseline (unpatched Nova): the last run, %d tests'
                  % len(tests), flush=True)
        else:
            print('baseline (unpatched Nova):', flush=True)
            tests = run_suite(args, 'baseline')
        failed = failed_tests(tests)
        row = {'bug': 'unpatched Nova', 'failed': failed,
               'verdict': 'pass' if tests and not failed else 'FAILED'}
        row.update(slowest(tests))
        if args.tempest_peer:
            row['peer'] = run_peer(args, 'baseline')
        rows.append(row)
        # Services still running the previous mutant's code: restarted
        # together with the next mutant's, once.
        stale = set()
        try:
            for mutant in mutants:
                print('%s: %s' % (mutant.name, mutant.summary), flush=True)
                try:
                    original = apply(mutant)
                except MutantDoesNotApply as error:
                    rows.append({'bug': mutant.name, 'failed': [str(error)],
                                 'verdict': 'NOT APPLIED'})
                    continue
                row = {'bug': mutant.name}
                try:
                    cloud(args, 'restart', '--quick', *sorted(stale | set(
                        restarts(mutant))))
                    stale = set(restarts(mutant))
                    tests = run_suite(args, mutant.name, (
                        r'.*\.%s\b' % mutant.quick if args.quick
                        else mutant.tests))
                    row['failed'], row['verdict'] = verdict_of(tests)
                    row.update(slowest(tests))
                    if args.tempest_peer:
                        row['peer'] = run_peer(args, mutant.name)
                finally:
                    restore(mutant, original)
                rows.append(row)
        finally:
            if stale:
                cloud(args, 'restart', '--quick', *sorted(stale))
    finally:
        if not args.keep:
            cloud(args, 'down', check=False)
    print_table(rows)
    with open(os.path.join(args.state_dir, 'mutants.json'), 'w') as f:
        json.dump(rows, f, indent=2)
    # The mutants are written against the newest release: there, one that
    # does not apply has lost its bug and fails the proof; an older
    # release may lack the code it patches, which the table says.
    # (A checkout, which matches no release, counts as the newest.)
    older = releases.current() not in (None, releases.newest())
    accepted = ('caught', 'NOT APPLIED') if older else ('caught',)
    return 0 if (rows[0]['verdict'] == 'pass' and
                 all(row['verdict'] in accepted for row in rows[1:])) else 1


def print_table(rows):
    peer = any('peer' in row for row in rows)
    header = ['bug', 'verdict', 'slowest s']
    if peer:
        header += ['tempest alone', 'then the audit']
    lines = []
    for row in rows:
        line = [row['bug'], row['verdict'], row.get('slowest_s', '-')]
        if peer:
            passed, found = row.get('peer', (None, None))
            line += [{True: 'passes', False: 'FAILS', None: '-'}[passed],
                     {True: 'catches', False: 'clean', None: '-'}[found]]
        lines.append(line + [', '.join(row['failed']) or '-'])
    print('\n' + tables.format_table(header + ['tests that failed'], lines,
                                     right=('slowest s',)))

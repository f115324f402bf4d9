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

"""The coverage map: where Nova's moves change allocations, what reaches it.

One entry per place on the move paths of Nova 34.0.0 (the conductor's
tasks, the scheduler's claims, the compute manager, the resource tracker,
the compute API's delete, and the report client calls they make) where a
server's Placement allocations change, or where Nova decides they do not.
Each names the fault stages and scenarios that reach it on a path where it
matters, or a stage the embedded cloud could add (``proposal``), or why no
scenario can reach it here (``unreachable``).  The map was read from
Nova's source; ``where`` gives the lines (relative to the nova package:
manager.py is nova/compute/manager.py, api.py nova/compute/api.py,
migrate.py and live_migrate.py nova/conductor/tasks/, report.py
nova/scheduler/client/report.py).  Scenario requests use compute
microversion 2.61 (2.62 for the claim classes).

The unit tests keep it true to the catalogue: every stage it names exists,
every stage is reached somewhere, and every test it names exists.  The
documentation's coverage page is generated from it.  Standard library
only, like the catalogue.
"""

import dataclasses
import typing

# Kinds of move path, in the order the page shows them.
MOVES = ('resize', 'cold-migration', 'reschedule', 'confirm', 'revert',
         'live-migration', 'evacuation', 'shelve-offload', 'unshelve',
         'delete-during-move', 'restart', 'periodic')


@dataclasses.dataclass(frozen=True)
class Proposal:
    """A fault stage the embedded cloud could add to reach a point."""

    name: str
    driver_method: typing.Optional[str]
    fault_side: typing.Optional[str]
    operation: str
    why: str


@dataclasses.dataclass(frozen=True)
class AllocationPoint:
    """One place where a move changes (or keeps) a server's allocations."""

    move: str
    function: str
    call: str
    change: str
    runs_when: str
    where: str
    stages: typing.Tuple[str, ...] = ()
    tests: typing.Tuple[str, ...] = ()
    proposal: typing.Optional[Proposal] = None
    unreachable: typing.Optional[str] = None

    @property
    def reached(self):
        return bool(self.stages or self.tests)


POINTS = (
    AllocationPoint(
        move='resize',
        function=('nova/conductor/tasks/migrate.py '
                  'MigrationTask._preallocate_migration'),
        call=('replace_allocation_with_migration -> '
              'SchedulerReportClient.move_allocations(instance.uuid, '
              'migration.uuid)'),
        change=("moves the instance consumer's whole allocation (old flavor "
                'on the source) to the migration consumer; the instance '
                'consumer is left empty'),
        runs_when=('every resize (POST action resize) and cold migration '
                   '(POST action migrate; host from 2.56) once the API '
                   'checks pass (CannotMigrateToSameHost for a named host '
                   'equal to the source; ignore_hosts=[source] unless '
                   'allow_resize_to_same_host for a resize / the '
                   'COMPUTE_SAME_HOST_COLD_MIGRATE trait for a cold '
                   'migration) and the conductor ran populate_retry and '
                   '_set_requested_destination_cell (retry dropped for a '
                   "targeted host); creates the 'pre-migrating' migration "
                   '(or reuses one) before calling the scheduler'),
        where=('migrate.py:136-165 (_preallocate_migration), 29-91 (move at '
               ':74); api.py:4295-4498 (checks), 4231, 4422-4423; '
               'migrate.py:232-280'),
        stages=('scheduling', 'claim', 'resize_instance', 'finish_resize',
                'confirm_resize', 'revert_resize', 'revert_resize_dest'),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_cold_migration_finish_failure', 'test_confirm_failure',
               'test_finish_resize_failure_then_hard_reboot',
               'test_reschedule_to_alternate', 'test_resize_instance_failure',
               'test_resize_then_confirm', 'test_resize_then_revert',
               'test_revert_failure', 'test_revert_failure_on_destination',
               'test_same_host_finish_resize_failure',
               'test_same_host_resize_instance_failure',
               'test_same_host_resize_then_confirm', 'test_scheduling_'
               'failure', 'test_move_to_migration_refused',
               'test_move_to_migration_reset',
               'test_move_to_migration_answer_lost',
               'test_move_to_migration_conflict'),
    ),
    AllocationPoint(
        move='resize',
        function=('nova/conductor/tasks/migrate.py '
                  'replace_allocation_with_migration'),
        call='none (returns (None, None) without moving anything)',
        change=('when the instance holds nothing on the provider of '
                'instance.host/instance.node nothing is moved, so the move '
                'runs with the instance as the only consumer, '
                '_held_allocations is None and MigrationTask.rollback / '
                "LiveMigrationTask.rollback revert nothing; the scheduler's "
                'claim_resources then sees existing instance allocations '
                'and doubles them up like an evacuation'),
        runs_when=('the instance consumer has no allocation on its own '
                   'compute node provider (only after an earlier defect '
                   'left it elsewhere); same function for '
                   'LiveMigrationTask._execute'),
        where='migrate.py:59-69; report.py:1683-1704',
        proposal=Proposal(
            name='cold_migrate_after_live_migration_error',
            driver_method='live_migration',
            fault_side='source',
            operation='live-migrate (fails), hard reboot, then cold migrate',
            why=('after the live_migration stage (known defect '
                 'live-migration-driver-error-not-rolled-back) the server '
                 'is ERROR on the source while its instance consumer holds '
                 'its flavor on the destination; a hard reboot makes it '
                 'ACTIVE; a cold migration then finds no source allocation, '
                 'creates no migration-based allocation, and the scheduler '
                 'doubles up the stale destination allocation with the new '
                 'host, which no later step removes: shows how the known '
                 'defect spreads into the next move')),
    ),
    AllocationPoint(
        move='resize',
        function=('nova/conductor/tasks/migrate.py '
                  'replace_allocation_with_migration'),
        call=('SchedulerReportClient.move_allocations (returns False / '
              'raises AllocationMoveFailed)'),
        change=("a failed swap raises NoValidHost('Unable to replace "
                "instance claim on source') before _held_allocations is "
                'set, so rollback only sets the migration error; '
                'AllocationMoveFailed (consumer generation conflict) '
                'propagates the same way'),
        runs_when=('Placement refuses the POST /allocations that swaps the '
                   'consumers'),
        where='migrate.py:74-86',
        unreachable=('needs a Placement fault (future proxy): the swap '
                     'never fails on a healthy Placement'),
    ),
    AllocationPoint(
        move='resize',
        function=('nova/scheduler/manager.py SchedulerManager._schedule '
                  '(MigrationTask._schedule -> select_destinations)'),
        call=('scheduler.utils.claim_resources -> '
              'SchedulerReportClient.claim_resources(instance.uuid, '
              'alloc_req, consumer_generation=None)'),
        change=('PUTs the new flavor (resize) or the same flavor (cold '
                'migration) on the first acceptable host for the instance '
                'consumer, which is empty at this point, so nothing is '
                'doubled; for a same-host resize the claim lands on the '
                'source provider next to the migration consumer'),
        runs_when=('select_destinations gets allocation candidates and a '
                   'host passes the filters/weighers '
                   '(return_alternates=True: the alternates keep their '
                   'allocation requests unclaimed); not for a rebuild-only '
                   'request (request_is_rebuild)'),
        where=('migrate.py:341-353; scheduler/manager.py:188-307, 440-505 '
               '(claim at :489); scheduler/utils.py:1316-1372; '
               'report.py:1635-1741'),
        stages=('claim', 'resize_instance', 'finish_resize', 'confirm_resize',
                'revert_resize', 'revert_resize_dest'),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_cold_migration_finish_failure', 'test_confirm_failure',
               'test_finish_resize_failure_then_hard_reboot',
               'test_reschedule_to_alternate', 'test_resize_instance_failure',
               'test_resize_then_confirm', 'test_resize_then_revert',
               'test_revert_failure', 'test_revert_failure_on_destination',
               'test_same_host_finish_resize_failure',
               'test_same_host_resize_instance_failure',
               'test_same_host_resize_then_confirm'),
    ),
    AllocationPoint(
        move='resize',
        function=('nova/scheduler/manager.py '
                  'SchedulerManager.select_destinations'),
        call='none (NoValidHost before any claim)',
        change=('no allocation is written; the caller rolls back '
                '(MigrationTask.rollback, LiveMigrationTask.rollback) or '
                'errors the server (evacuation); '
                '_ensure_sufficient_hosts/_cleanup_allocations only delete '
                'claims of other instances of a multi-create and never run '
                'for a move'),
        runs_when=('no allocation candidates (the portable fault '
                   'resources:CUSTOM_RESIZE_FAULT_UNSCHEDULABLE=1) or no '
                   'host left after the filters and ignore_hosts (the '
                   'evacuation with no candidate; a live migration whose '
                   'only candidate refused and is now ignored)'),
        where='scheduler/manager.py:223-283, 542-582',
        stages=('scheduling', 'live_migration_dest_check',
                'live_migration_source_check'),
        tests=('test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host',
               'test_evacuate_with_no_valid_host', 'test_scheduling_failure',
               'test_source_refuses'),
    ),
    AllocationPoint(
        move='resize',
        function='nova/conductor/tasks/migrate.py MigrationTask.rollback',
        call=('revert_allocation_for_migration -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=('sets the migration to error and moves the source '
                'allocation held by the migration back to the instance '
                '(overwriting whatever the instance holds); a False return '
                'is only logged'),
        runs_when=('MigrationTask._execute raises after '
                   '_preallocate_migration: NoValidHost from '
                   'select_destinations, MaxRetriesExceeded when a '
                   'reschedule has no alternate left; _cold_migrate then '
                   'resets vm_state/task_state (NoValidHost) or refreshes '
                   'the instance'),
        where=('migrate.py:395-410, 94-112; conductor/manager.py:408-463; '
               'conductor/tasks/base.py:19-27'),
        stages=('scheduling', 'claim'),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_scheduling_failure'),
    ),
    AllocationPoint(
        move='cold-migration',
        function='nova/compute/manager.py ComputeManager._prep_resize',
        call='_revert_allocation (in the _do_prep_resize except block)',
        change=("'same host not allowed' (UnableToMigrateToSelf wrapped in "
                "InstanceFaultRollback) and 'Instance has no source host' "
                '(MigrationError) are caught by _do_prep_resize, which '
                "moves the migration's source allocation back to the "
                'instance before rescheduling or re-raising'),
        runs_when=('the destination is the source with the same flavor and '
                   'the driver lacks supports_migrate_to_same_host, or '
                   'instance.host is empty'),
        where=('manager.py:5846-5866, 6030-6034; api.py:4226-4231, '
               '4500-4556; virt/fake.py:113'),
        unreachable=('the API already puts the source in ignore_hosts for a '
                     'cold migration when its provider lacks '
                     'COMPUTE_SAME_HOST_COLD_MIGRATE (the fake driver '
                     'reports supports_migrate_to_same_host=False), refuses '
                     'a named host equal to the source '
                     '(CannotMigrateToSameHost), and instance.host is '
                     'always set for a resize'),
    ),
    AllocationPoint(
        move='resize',
        function='nova/compute/manager.py ComputeManager._do_prep_resize',
        call='_revert_allocation',
        change=('BuildAbortException from '
                'update_pci_request_with_placement_allocations: the source '
                'allocation goes back to the instance, no reschedule, the '
                'migration goes error and the exception is re-raised'),
        runs_when=('the request spec has a provider mapping (port resource '
                   'requests / PCI in Placement) that cannot be matched'),
        where='manager.py:5889-5901, 6022-6029',
        unreachable=('needs PCI devices tracked in Placement or ports with '
                     'resource requests (no networks here)'),
    ),
    AllocationPoint(
        move='resize',
        function='nova/compute/manager.py ComputeManager._do_prep_resize',
        call=('_revert_allocation -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=("replaces the instance's claim on the destination with the "
                'old flavor held by the migration on the source (the '
                'migration consumer is emptied), then reschedules'),
        runs_when=('anything in _prep_resize raises on the destination: the '
                   'resize claim (rt.resize_claim / MoveClaim rejecting the '
                   'NUMA request: the claim stage), the late anti-affinity '
                   'check (RescheduledException -> InstanceFaultRollback), '
                   'saving the instance; the claim itself writes nothing to '
                   'Placement'),
        where=('manager.py:5987-6044 (revert at :6034), 5813-5838, '
               '5905-5917; resource_tracker.py:253-265, 292-413'),
        stages=('claim',),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_reschedule_to_alternate'),
    ),
    AllocationPoint(
        move='cold-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._reschedule_resize_or_reraise'),
        call=('none (re-raises; the allocation was already given back by '
              '_revert_allocation)'),
        change=("without 'retry' in filter_properties there is no "
                'reschedule: the exception propagates, the server goes '
                'ERROR (or its previous state for InstanceFaultRollback) '
                'and errors_out_migration_ctxt sets the migration error; '
                'allocations stay as _revert_allocation left them'),
        runs_when=('a cold migration to a named host (2.56+: the conductor '
                   'drops retry for a targeted destination) or [scheduler] '
                   "max_attempts=1 when the destination's prep_resize fails"),
        where='manager.py:6046-6121; migrate.py:193-199, 244-250',
        proposal=Proposal(
            name='cold_migration_claim_named_host',
            driver_method=None,
            fault_side='dest',
            operation='cold migrate with host (2.56+)',
            why=("the claim stage's NUMA rejection (rejected_by_claim) on a "
                 'cold migration to a named host: the flavor (same on both '
                 "sides) asks hw:numa_nodes above the named destination's "
                 'cells; Nova reverts at manager.py:6034 and, with no retry '
                 'info, re-raises instead of rescheduling: a different end '
                 'state (ERROR on the source) from the resize claim tests, '
                 'with the same allocation expectation (old flavor back on '
                 'the instance, migration empty)')),
    ),
    AllocationPoint(
        move='reschedule',
        function=('nova/conductor/tasks/migrate.py '
                  'MigrationTask._preallocate_migration (reschedule from '
                  'prep_resize)'),
        call=('replace_allocation_with_migration -> '
              'SchedulerReportClient.move_allocations(instance.uuid, '
              'migration.uuid)'),
        change=("reuses the 'pre-migrating' migration and moves the source "
                'allocation, which the failed destination had just handed '
                'back to the instance, to the migration consumer again'),
        runs_when=('_reschedule_resize_or_reraise casts '
                   'ComputeTaskAPI.resize_instance with host_list (the '
                   'remaining alternates, possibly empty) after '
                   '_revert_allocation'),
        where=('manager.py:6064-6079; conductor/manager.py:339-366, '
               '408-416; migrate.py:136-165, 280'),
        stages=('claim',),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_reschedule_to_alternate'),
    ),
    AllocationPoint(
        move='reschedule',
        function='nova/conductor/tasks/migrate.py MigrationTask._reschedule',
        call=('scheduler.utils.claim_resources -> '
              'SchedulerReportClient.claim_resources(instance.uuid, '
              'alternate alloc_req, consumer_generation=None)'),
        change=("claims the alternate's allocation request for the instance "
                'consumer (empty again), then fill_provider_mapping and '
                'prep_resize to the alternate'),
        runs_when=('a reschedule with alternates left in host_list (from '
                   'the first select_destinations, up to [scheduler] '
                   'max_attempts-1)'),
        where='migrate.py:355-393 (claim at :372)',
        stages=('claim',),
        tests=('test_claim_failure_on_every_alternate',
               'test_reschedule_to_alternate',),
    ),
    AllocationPoint(
        move='reschedule',
        function='nova/conductor/tasks/migrate.py MigrationTask._reschedule',
        call=('none here: MaxRetriesExceeded -> MigrationTask.rollback '
              '(revert_allocation_for_migration)'),
        change=('no alternate left (or every alternate claim returned '
                'False): MaxRetriesExceeded (a NoValidHost) makes rollback '
                'move the source allocation back to the instance and set '
                'the migration error'),
        runs_when=('host_list empty at a reschedule (the only host '
                   'rejected, or the alternate rejected too); the '
                   'claim_resources()==False branch needs the alternate '
                   'consumed since scheduling (race); a Selection without '
                   'allocation_request (non-Placement scheduler) is used '
                   'without any claim'),
        where='migrate.py:363-393, 395-410',
        stages=('claim',),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate'),
    ),
    AllocationPoint(
        move='resize',
        function='nova/compute/manager.py ComputeManager.resize_instance',
        call=('_revert_allocation -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=('moves the old flavor held by the migration on the source '
                "back to the instance, replacing the instance's new-flavor "
                'claim on the destination (same provider for a same-host '
                'resize)'),
        runs_when=('_resize_instance raises on the source: '
                   'driver.migrate_disk_and_power_off, volume/network '
                   'calls, instance.save; migration error '
                   '(errors_out_migration_ctxt), server ERROR (old state '
                   'for InstanceFaultRollback)'),
        where='manager.py:6331-6344, 6346-6418',
        stages=('resize_instance',),
        tests=('test_resize_instance_failure',
               'test_same_host_resize_instance_failure',),
    ),
    AllocationPoint(
        move='resize',
        function='nova/compute/manager.py ComputeManager.finish_resize',
        call=('_delete_allocation_after_move -> '
              'SchedulerReportClient.delete_allocation_for_instance(migration.'
              'uuid, '
              'consumer_type="migration", force=False)'),
        change=('on a failed finish deletes the old flavor held by the '
                "migration on the source and keeps the instance's "
                'new-flavor claim on the destination, while _finish_resize '
                'has reset the instance to the old flavor (known defect '
                'finish-resize-failure-old-flavor-new-allocation); cold '
                'migration: same flavor, so consistent'),
        runs_when=('_finish_resize_helper raises on the destination '
                   '(driver.finish_migration, network/volume setup); '
                   'migration error via errors_out_migration'),
        where='manager.py:6646-6679 (delete at :6673), 6608-6625, 5120-5139',
        stages=('finish_resize',),
        tests=('test_cold_migration_finish_failure',
               'test_finish_resize_failure_then_hard_reboot',
               'test_same_host_finish_resize_failure',),
    ),
    AllocationPoint(
        move='resize',
        function='nova/compute/manager.py ComputeManager._finish_resize',
        call='none (only get_allocs_for_consumer, passed to the driver)',
        change=('keeps the migration-based allocations on purpose: '
                'migration holds the old flavor on the source, instance the '
                "new flavor on the destination; migration 'finished', "
                'server VERIFY_RESIZE'),
        runs_when='driver.finish_migration succeeds',
        where='manager.py:6509-6640 (migration finished at :6631)',
        stages=('claim', 'confirm_resize', 'revert_resize',
                'revert_resize_dest'),
        tests=('test_confirm_failure', 'test_reschedule_to_alternate',
               'test_resize_then_confirm', 'test_resize_then_revert',
               'test_revert_failure', 'test_revert_failure_on_destination',
               'test_same_host_resize_then_confirm'),
    ),
    AllocationPoint(
        move='confirm',
        function='nova/compute/manager.py ComputeManager.confirm_resize',
        call=('_delete_allocation_after_move -> '
              'SchedulerReportClient.delete_allocation_for_instance(migration.'
              'uuid, '
              'consumer_type="migration", force=False)'),
        change=('deletes the old-flavor allocation the migration holds on '
                'the source, whether _confirm_resize succeeded or raised '
                '(finally); AllocationDeleteFailed (consumer generation '
                'conflict or Placement error) is re-raised and leaks it'),
        runs_when=('POST confirmResize on a RESIZED server (API: source '
                   'service must be up, else ServiceUnavailable with '
                   "nothing changed; migration 'confirming') casts to the "
                   'source; drop_move_claim_at_source saves the migration '
                   "'confirmed' before the finally deletes the allocation; "
                   'a driver.confirm_migration failure sets the server '
                   'ERROR and the migration error'),
        where=('manager.py:4957-5030 (finally at :5015-5021), 5059-5118 '
               '(drop_move_claim_at_source :5090), 5120-5139; '
               'resource_tracker.py:631-645; api.py:4115-4165; '
               'report.py:2175-2270'),
        stages=('confirm_resize', 'claim'),
        tests=('test_confirm_failure', 'test_reschedule_to_alternate',
               'test_resize_then_confirm',
               'test_same_host_resize_then_confirm'),
    ),
    AllocationPoint(
        move='confirm',
        function=('nova/compute/manager.py '
                  'ComputeManager.confirm_resize.do_confirm_resize'),
        call='none (returns before the try/finally)',
        change="leaves the migration's source allocation untouched",
        runs_when=("migration already 'confirmed', migration not "
                   "'finished'/'confirming' ('Unexpected confirmation "
                   "status'), or the instance deleted before the source "
                   'handled the cast (InstanceNotFound)'),
        where='manager.py:4975-4997',
        unreachable=('needs two actions in flight together (confirm racing '
                     'a delete or a second confirm / the unconfirmed-resize '
                     'periodic): a held fault (future)'),
    ),
    AllocationPoint(
        move='revert',
        function='nova/compute/manager.py ComputeManager.revert_resize',
        call=('none (rt.drop_move_claim_at_dest only drops local usage and '
              'saves the migration "reverted")'),
        change=('does not touch Placement: the instance keeps the new '
                'flavor on the destination and the migration the old flavor '
                'on the source until finish_revert_resize on the source; '
                'when driver.destroy (or network/volume teardown) raises, '
                'errors_out_migration sets the migration error and nothing '
                "reverts or deletes the migration's allocation (known "
                'defect revert-resize-dest-failure-migration-keeps-source)'),
        runs_when=("POST revertResize (API: migration 'finished' -> "
                   "'reverting', RequestSpec flavor reset, quota check for "
                   'a downsize) casts revert_resize to '
                   'migration.dest_compute; on success it casts '
                   'finish_revert_resize to the source'),
        where=('manager.py:5605-5654 (drop_move_claim_at_dest :5650); '
               'resource_tracker.py:647-664; api.py:4006-4093'),
        stages=('revert_resize_dest', 'revert_resize'),
        tests=('test_resize_then_revert', 'test_revert_failure',
               'test_revert_failure_on_destination'),
    ),
    AllocationPoint(
        move='revert',
        function=('nova/compute/manager.py '
                  'ComputeManager._finish_revert_resize'),
        call=('_revert_allocation -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=('moves the old flavor held by the migration on the source '
                'back to the instance, replacing its new-flavor allocation '
                'on the destination; done before '
                'driver.finish_revert_migration, so a driver failure leaves '
                'the allocations reverted (server ERROR on the source); '
                'AllocationMoveFailed is re-raised (migration allocation '
                'leaked); no migration allocation -> error logged, nothing '
                'changed'),
        runs_when=('finish_revert_resize cast by the destination after '
                   'revert_resize succeeded'),
        where='manager.py:5661-5777 (revert at :5698-5709), 5813-5838',
        stages=('revert_resize',),
        tests=('test_resize_then_revert', 'test_revert_failure'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._execute (pre-checks)'),
        call='none (raises before replace_allocation_with_migration)',
        change=('_check_instance_is_active, _check_instance_has_no_numa and '
                '_check_host_is_up(source) fail before any allocation '
                'change; rollback has no _held_allocations; _live_migrate '
                'sets the migration error and clears the task state'),
        runs_when=('POST os-migrateLive on a server whose power state is '
                   'not RUNNING/PAUSED or whose source nova-compute is '
                   'down: the compute API live_migrate has no '
                   'check_instance_host(check_is_up) in 34.0.0, so a '
                   'forced-down source reaches the conductor'),
        where=('live_migrate.py:81-84, 174-181, 300-305; '
               'conductor/manager.py:499-563; api.py:5575-5640 (no '
               'check_instance_host)'),
        proposal=Proposal(
            name='live_migration_source_down',
            driver_method=None,
            fault_side='source',
            operation='live-migrate while the source compute is forced down',
            why=('portable, no driver fault: force the source down (as the '
                 'evacuation tests do, serialized) and live-migrate; '
                 'ComputeServiceUnavailable comes before any Placement '
                 'change, so the server must stay on the source holding its '
                 'flavor and the migration (error) must hold nothing; low '
                 'allocation risk, but it is the only pre-claim check '
                 'reachable here')),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._execute'),
        call=('migrate.replace_allocation_with_migration -> '
              'SchedulerReportClient.move_allocations(instance.uuid, '
              'migration.uuid)'),
        change=("moves the instance's allocation on the source to the "
                "live-migration migration consumer (created 'accepted' by "
                'ComputeTaskManager._live_migrate)'),
        runs_when='every live migration once the pre-checks pass',
        where='live_migrate.py:86-93; migrate.py:29-91',
        stages=('live_migration_dest_check', 'live_migration_dest_check_error',
                'live_migration_source_check', 'pre_live_migration',
                'live_migration', 'live_migration_recover',
                'post_live_migration', 'post_live_migration_at_destination',
                'rollback_live_migration_at_destination'),
        tests=('test_destination_check_errors',
               'test_destination_refuses_and_alternate_takes_it',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host',
               'test_live_migration_raises',
               'test_live_migration_reports_failure',
               'test_live_migration_scheduled',
               'test_live_migration_to_named_host',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',
               'test_pre_live_migration_failure',
               'test_rollback_at_destination_failure', 'test_source_refuses',
               'test_live_migration_move_to_migration_refused',
               'test_live_migration_move_to_migration_reset',
               'test_live_migration_move_to_migration_answer_lost',
               'test_live_migration_move_to_migration_conflict'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._find_destination'),
        call=('query_client.select_destinations -> '
              'SchedulerManager._schedule -> scheduler.utils.claim_resources'),
        change=('claims the flavor on the chosen host for the (now empty) '
                'instance consumer; return_alternates=False, ignore_hosts = '
                'source + refused hosts, restricted to the source cell'),
        runs_when=('no host, or a host without force (force=False is the '
                   'default 2.30-2.67, and force is gone from 2.68): the '
                   'API puts the host into '
                   'RequestSpec.requested_destination and the conductor '
                   'gets destination=None'),
        where=('live_migrate.py:95-100, 478-588 (select at :544); '
               'api.py:5608-5624; scheduler/manager.py:489'),
        stages=('live_migration_dest_check', 'live_migration_dest_check_error',
                'live_migration_source_check', 'pre_live_migration',
                'live_migration', 'live_migration_recover',
                'post_live_migration', 'post_live_migration_at_destination',
                'rollback_live_migration_at_destination'),
        tests=('test_destination_check_errors',
               'test_destination_refuses_and_alternate_takes_it',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host',
               'test_live_migration_raises',
               'test_live_migration_reports_failure',
               'test_live_migration_scheduled',
               'test_live_migration_to_named_host',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',
               'test_pre_live_migration_failure',
               'test_rollback_at_destination_failure', 'test_source_refuses'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._find_destination'),
        call=('_remove_host_allocations -> '
              'SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation(instance.uuid, '
              'selection.compute_node_uuid)'),
        change=("removes the instance's claim on the refused host (GET, "
                'drop that provider tree, PUT the rest), then asks the '
                'scheduler again with the host ignored'),
        runs_when=('_check_compatible_with_source_hypervisor or '
                   '_call_livem_checks_on_host raise exception.Invalid or '
                   "MigrationPreCheckError: the destination driver's "
                   'check_can_live_migrate_destination refusing, the source '
                   'check (any error from check_can_live_migrate_source is '
                   'wrapped into MigrationPreCheckError by the '
                   'destination), port binding failure, PCI/vpmem checks'),
        where=('live_migrate.py:572-585, 590-600, 373-391; '
               'manager.py:8849-8867; report.py:1976-2027'),
        stages=('live_migration_dest_check', 'live_migration_source_check'),
        tests=('test_destination_refuses_and_alternate_takes_it',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host', 'test_source_refuses'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._check_not_over_max_retries'),
        call='none here (MaxRetriesExceeded -> LiveMigrationTask.rollback)',
        change=("saves the migration 'failed' and raises "
                'MaxRetriesExceeded; the rollback moves the source '
                'allocation back and _live_migrate then saves the migration '
                "'error'"),
        runs_when='more refused hosts than [DEFAULT] migrate_max_retries',
        where='live_migrate.py:541, 602-615; conductor/manager.py:535-551',
        unreachable=('migrate_max_retries defaults to -1 (unlimited); a '
                     'cloud setting it to 0 would reach it with '
                     'live_migration_dest_check on an unnamed move with two '
                     'candidates'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._execute (forced destination)'),
        call=('scheduler.utils.claim_resources_on_destination -> '
              'SchedulerReportClient.claim_resources(instance.uuid, {dest: '
              'source resources}, consumer_generation=None)'),
        change=('copies the source allocation (held by the migration) to '
                'the forced destination for the instance consumer, '
                'bypassing the scheduler; NoValidHost if it does not fit or '
                'the source allocation spans several providers'),
        runs_when=('os-migrateLive with host and force=true (2.30-2.67; any '
                   'host before 2.30), after '
                   '_check_destination_is_not_source, '
                   '_check_host_is_up(dest), '
                   '_check_destination_has_enough_memory and '
                   '_check_compatible_with_source_hypervisor'),
        where=('live_migrate.py:101-132; scheduler/utils.py:834-948 (claim '
               'at :927); report.py:1635-1741; api.py:5587-5640'),
        stages=('live_migration_dest_check',
                'live_migration_dest_check_error'),
        tests=('test_forced_live_migration',
               'test_forced_destination_refuses',
               'test_forced_destination_check_errors'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask._execute (forced destination)'),
        call=('_remove_host_allocations -> '
              'SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation(instance.uuid, '
              'dest_node.uuid)'),
        change=('removes the forced-destination claim when '
                '_check_requested_destination fails (driver pre-checks on '
                'either side, cross-cell destination), then re-raises into '
                'LiveMigrationTask.rollback'),
        runs_when=('forced live migration (2.30-2.67 with force=true) whose '
                   'destination or source check fails'),
        where='live_migrate.py:133-137, 306-325',
        stages=('live_migration_dest_check',
                'live_migration_dest_check_error'),
        tests=('test_forced_live_migration',
               'test_forced_destination_refuses',
               'test_forced_destination_check_errors'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/conductor/tasks/live_migrate.py '
                  'LiveMigrationTask.rollback'),
        call=('migrate.revert_allocation_for_migration -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=('moves the source allocation held by the migration back to '
                'the instance, replacing whatever the instance still holds '
                '(a destination claim not yet removed)'),
        runs_when=('any exception from _execute after '
                   'replace_allocation_with_migration: NoValidHost after '
                   'refusals, MigrationError from the destination check '
                   '(not an Invalid/MigrationPreCheckError, so '
                   '_find_destination does not catch it), '
                   'MigrationSchedulerRPCError; _live_migrate then saves '
                   "the migration 'error' (server ERROR for unexpected "
                   'exceptions)'),
        where='live_migrate.py:162-172; conductor/manager.py:533-563',
        stages=('live_migration_dest_check', 'live_migration_dest_check_error',
                'live_migration_source_check'),
        tests=('test_destination_check_errors',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host', 'test_source_refuses'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._live_migration_claim'),
        call='none (rt.live_migration_claim is local accounting)',
        change=('a rejected NUMA claim on the destination becomes '
                'MigrationPreCheckError, which _find_destination treats as '
                'a refusal (_remove_host_allocations)'),
        runs_when=('migrate_data.src_supports_numa_live_migration is set by '
                   'the source driver'),
        where='manager.py:8868-8872, 8980-9006; resource_tracker.py:267-290',
        unreachable=('only the libvirt driver sets '
                     'src_supports_numa_live_migration; the fake driver '
                     'never does'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._do_pre_live_migration_from_source'),
        call=('_cleanup_pre_live_migration -> '
              '_rollback_live_migration(pre_live_migration=True) -> '
              '_revert_allocation'),
        change=('moves the source allocation held by the migration back to '
                'the instance (dropping the destination claim); migration '
                "'error', then 'failed' at the end of the rollback"),
        runs_when=('the pre_live_migration RPC call to the destination '
                   'raises (driver.pre_live_migration, volume attachments), '
                   'VirtualInterfacePlugException, or a fatal vif-plugged '
                   'timeout'),
        where='manager.py:9359-9393, 9252-9282, 10113-10157',
        stages=('pre_live_migration',),
        tests=('test_pre_live_migration_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._rollback_live_migration (recover_method '
                  'of driver.live_migration)'),
        call=('_revert_allocation -> '
              'SchedulerReportClient.move_allocations(migration.uuid, '
              'instance.uuid)'),
        change=('moves the source allocation back to the instance first, '
                'then (instance path not shared) casts '
                'rollback_live_migration_at_destination, clears the task '
                "state and saves the migration 'failed'"),
        runs_when=('the driver reports a failed migration through '
                   'recover_method'),
        where=('manager.py:9433-9447 (recover partial), 10113-10260 (revert '
               'at :10157)'),
        stages=('live_migration_recover',
                'rollback_live_migration_at_destination',),
        tests=('test_live_migration_reports_failure',
               'test_rollback_at_destination_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function='nova/compute/manager.py ComputeManager._do_live_migration',
        call='none (no _rollback_live_migration, no _revert_allocation)',
        change=('sets the migration error and the server ERROR (task state '
                'cleared) without reverting: the instance keeps its '
                'destination claim and the migration the source allocation '
                '(known defect live-migration-driver-error-not-rolled-back)'),
        runs_when=('driver.live_migration raises, including an exception '
                   'from the post_method it calls (the fake driver calls '
                   '_post_live_migration_update_host synchronously)'),
        where='manager.py:9446-9462',
        stages=('live_migration', 'post_live_migration',
                'post_live_migration_at_destination'),
        tests=('test_live_migration_raises',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function='nova/compute/manager.py ComputeManager._do_live_migration',
        call=("_rollback_live_migration(..., 'cancelled') -> "
              '_revert_allocation'),
        change=('moves the source allocation back to the instance and ends '
                "the migration 'cancelled'"),
        runs_when=('live_migration_abort (DELETE '
                   '/servers/{id}/migrations/{id}, 2.24+) popped the '
                   'migration from _waiting_live_migrations while '
                   '_do_live_migration was preparing'),
        where='manager.py:9418-9431',
        unreachable=('needs the abort to land between queued and running: a '
                     'held fault (future) on pre_live_migration could open '
                     'the window'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager.live_migration_abort'),
        call='_revert_allocation',
        change=('a still-queued migration is cancelled: source allocation '
                'back to the instance, task state cleared, migration '
                "'cancelled'; a running one only gets "
                "driver.live_migration_abort (the driver's recover path "
                'must revert)'),
        runs_when=('DELETE /servers/{id}/migrations/{id} (2.24+; queued '
                   'abort 2.65+) while the live migration is queued or '
                   'running'),
        where='manager.py:9539-9617 (revert at :9586)',
        unreachable=('the fake live migration is synchronous and instant: '
                     'needs a held fault (future) to abort while '
                     'queued/running'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._post_live_migration'),
        call=('_delete_allocation_after_move -> '
              'SchedulerReportClient.delete_allocation_for_instance(migration.'
              'uuid, '
              'consumer_type="migration", force=False)'),
        change=("after saving the migration 'completed', deletes the source "
                "allocation held by the migration; the instance's "
                'destination claim is then all that is left'),
        runs_when=('driver.live_migration calls post_method and '
                   'driver.post_live_migration, driver.cleanup (if needed) '
                   'and the post_live_migration_at_destination RPC call '
                   'succeed; update_available_resource runs inline on the '
                   'source just before'),
        where=('manager.py:9771-9931 (update_available_resource at :9902; '
               'completed + delete at :9916-9921); manager.py:5120-5139'),
        stages=('live_migration_dest_check',),
        tests=('test_destination_refuses_and_alternate_takes_it',
               'test_live_migration_scheduled',
               'test_live_migration_to_named_host',),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._post_live_migration_update_host'),
        call='none',
        change=('sets instance.host/node to the destination and re-raises; '
                '_delete_allocation_after_move is never reached, so the '
                'migration (set to error by _do_live_migration) keeps the '
                'source allocation (known defects '
                'post-live-migration-failure-migration-keeps-source, '
                'post-live-migration-at-destination-failure-migration-keeps-'
                'source)'),
        runs_when=('driver.post_live_migration raises in the finally of '
                   '_post_live_migration, or the '
                   'post_live_migration_at_destination RPC call raises'),
        where='manager.py:9732-9769, 9831-9841, 9895-9907',
        stages=('post_live_migration', 'post_live_migration_at_destination'),
        tests=('test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._do_post_live_migration_at_destination'),
        call='none (rt.allocate_pci_devices_for_instance is local)',
        change=('applies the migration context and moves instance.host/node '
                'to the destination whether or not '
                'driver.post_live_migration_at_destination raised; '
                "Placement untouched (the source deletes the migration's "
                'allocation afterwards, unless this raised)'),
        runs_when='RPC call from the source in _post_live_migration',
        where='manager.py:9950-10060',
        stages=('live_migration_dest_check',
                'post_live_migration_at_destination',),
        tests=('test_destination_refuses_and_alternate_takes_it',
               'test_live_migration_scheduled',
               'test_live_migration_to_named_host',
               'test_post_live_migration_at_destination_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._do_rollback_live_migration_at_destination'),
        call='none',
        change=('network teardown, PCI claims freed, '
                'driver.rollback_live_migration_at_destination; the '
                'allocations were already reverted by the source before '
                'this cast, so a failure here changes nothing in Placement'),
        runs_when=('cast by _rollback_live_migration when '
                   '_live_migration_cleanup_flags says do_cleanup (instance '
                   'path not shared)'),
        where=('manager.py:10290-10381; manager.py:10206-10211 (cast); '
               'compute/rpcapi.py:1394-1402'),
        stages=('rollback_live_migration_at_destination',),
        tests=('test_rollback_at_destination_failure',),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/compute/manager.py '
                  'ComputeManager._rollback_live_migration / '
                  '_post_live_migration'),
        call='none',
        change=("without migrate_data.migration the rollback logs 'Unable "
                "to revert allocations' and the success path logs 'Live "
                "migration ended with no migrate_data record': neither "
                'reverts nor deletes the migration-based allocation'),
        runs_when=('a driver calls post_method/recover_method with '
                   'migrate_data lacking the migration'),
        where='manager.py:10146-10161, 9922-9930, 9408',
        unreachable=('_do_live_migration always sets migrate_data.migration '
                     'before calling the driver; only a buggy driver '
                     'reaches it'),
    ),
    AllocationPoint(
        move='live-migration',
        function='nova/compute/manager.py ComputeManager.live_migration',
        call='none',
        change=('LiveMigrationNotSubmitted: errors_out_migration sets the '
                'migration error; the allocations stay migration-based '
                '(instance on the destination, migration on the source) and '
                'nobody reverts them'),
        runs_when=('the live-migration thread pool is already shut down '
                   '(nova-compute stopping) when the live_migration cast '
                   'arrives'),
        where='manager.py:9463-9505',
        unreachable=('needs the source nova-compute to be stopping when the '
                     'cast arrives (process stop, future)'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.rebuild_instance (evacuate, '
                  'destination chosen by the scheduler)'),
        call=('_schedule_instances -> select_destinations -> '
              'scheduler.utils.claim_resources -> '
              'SchedulerReportClient.claim_resources'),
        change=('the instance consumer already holds the source, so '
                'claim_resources doubles it up '
                '(_move_operation_alloc_request): PUT source + destination '
                'for the instance consumer with the consumer generation '
                'read just before; there is no migration consumer'),
        runs_when=('evacuate without host, or with host and force=false '
                   '(default 2.29-2.67; no force from 2.68): '
                   'ignore_hosts=[source], _restrict_request_spec_to_cell, '
                   'requested_destination if a host was given; the API '
                   'first refuses if the source service is up '
                   "(ComputeServiceInUse) and creates the 'accepted' "
                   'evacuation migration'),
        where=('conductor/manager.py:1233-1364 (schedule at :1354); '
               'report.py:1683-1704, 172-205; api.py:5720-5796'),
        stages=('evacuate_spawn',),
        tests=('test_evacuate_spawn_failure',
               'test_evacuate_then_source_restarts',
               'test_evacuation_claim_refused',
               'test_evacuation_claim_reset',
               'test_evacuation_claim_answer_lost',
               'test_evacuation_claim_conflict'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager._allocate_for_evacuate_dest_host'),
        call=('scheduler.utils.claim_resources_on_destination -> '
              'SchedulerReportClient.claim_resources(consumer_generation=the '
              'one just read)'),
        change=('copies the source allocation to the forced host for the '
                'instance consumer (doubled), bypassing the scheduler; '
                'NoValidHost -> migration error; AllocationUpdateFailed -> '
                'migration error and server ERROR'),
        runs_when=('evacuate with host and force=true (2.29-2.67), or any '
                   'host before 2.29'),
        where=('conductor/manager.py:1264-1300, 1190-1230; '
               'scheduler/utils.py:834-948'),
        stages=('evacuate_spawn',),
        tests=('test_forced_evacuate_spawn_failure',
               'test_forced_evacuation_claim_refused',
               'test_forced_evacuation_claim_reset',
               'test_forced_evacuation_claim_answer_lost',
               'test_forced_evacuation_claim_conflict'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.rebuild_instance'),
        call='none',
        change=('migration error, server ERROR with task state cleared; '
                'nothing was claimed so the source allocation stays (if '
                'fill_provider_mapping raised '
                'NotImplementedError/ValueError after a successful claim, '
                'the doubled allocation would be left: a software error)'),
        runs_when=('select_destinations raises NoValidHost / '
                   'UnsupportedPolicyException / AllocationUpdateFailed '
                   '(also when the claim was made but its answer lost: '
                   'then the doubled allocation is left)'),
        where='conductor/manager.py:1366-1392',
        tests=('test_evacuate_with_no_valid_host',
               'test_evacuation_claim_refused',
               'test_evacuation_claim_answer_lost'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.rebuild_instance'),
        call='none (no clean-up of the doubled allocation)',
        change=('an exception while re-creating accelerator requests after '
                'the claim is re-raised without removing the destination '
                'part the scheduler claimed'),
        runs_when='the flavor has accel:device_profile and Cyborg fails',
        where='conductor/manager.py:1400-1422',
        unreachable='needs Cyborg accelerators',),
    AllocationPoint(
        move='evacuation',
        function='nova/compute/manager.py ComputeManager.rebuild_instance',
        call=("rt.delete_allocation_for_evacuated_instance(node_"
              "type='destination') "
              '-> '
              'SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation'),
        change=('removes the destination part of the doubled instance '
                'allocation, sets the migration failed and keeps the server '
                'vm_state (InstanceFaultRollback)'),
        runs_when=('rebuild_claim (MoveClaim, move_type evacuation) raises '
                   'ComputeResourcesUnavailable (e.g. a NUMA request the '
                   'destination cannot fit) or the late server-group check '
                   'raises RescheduledException'),
        where=('manager.py:3948-3953, 4014-4043 (delete at :4037), '
               '4069-4093; resource_tracker.py:244-251, 292-413, 1849-1857'),
        proposal=Proposal(
            name='evacuate_claim',
            driver_method=None,
            fault_side='dest',
            operation='evacuate',
            why=('like the resize claim stage (rejected_by_claim: flavor '
                 "hw:numa_nodes above the destination's [resize_fault] "
                 'numa_cells, a source with enough cells, no '
                 "NUMATopologyFilter): the destination's rebuild claim "
                 'rejects the evacuated server after the scheduler doubled '
                 'its allocation; the only evacuation failure branch with '
                 'its own clean-up (manager.py:4037) that no test reaches; '
                 'if that clean-up failed the instance would hold two hosts '
                 'for good')),
    ),
    AllocationPoint(
        move='evacuation',
        function='nova/compute/manager.py ComputeManager.rebuild_instance',
        call=("rt.delete_allocation_for_evacuated_instance(node_"
              "type='destination') "
              '-> '
              'SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation'),
        change=('removes the destination part of the doubled instance '
                'allocation, sets the migration failed and re-raises: the '
                'server goes ERROR, still on the source (instance.host '
                'unchanged)'),
        runs_when=('anything in _do_rebuild_instance raises on the '
                   'destination, e.g. driver.spawn (the fake driver has no '
                   'rebuild, so _rebuild_default_impl spawns with task '
                   'state rebuild_spawning)'),
        where=('manager.py:4050-4058, 3870-3880 (driver.spawn in '
               '_rebuild_default_impl)'),
        stages=('evacuate_spawn',),
        tests=('test_evacuate_spawn_failure',),
    ),
    AllocationPoint(
        move='evacuation',
        function='nova/compute/manager.py ComputeManager.rebuild_instance',
        call='none',
        change=('ComputeHostNotFound while looking up the node of an '
                'evacuation without scheduled_node: migration failed, '
                'InstanceFaultRollback; the doubled allocation is not '
                'removed'),
        runs_when=('forced evacuation (no node from the scheduler) to a '
                   'host whose compute node record is missing'),
        where='manager.py:3970-3993',
        unreachable=('the conductor already resolved the destination '
                     'compute node (ComputeHostNotFound there first)'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/compute/manager.py ComputeManager.rebuild_instance '
                  '-> ResourceTracker.finish_evacuation'),
        call='none (deliberate)',
        change=('sets instance.host/node to the destination and the '
                "migration 'done'; the source part of the instance "
                'allocation is kept on purpose until the source '
                'nova-compute starts again'),
        runs_when='the rebuild/spawn on the destination succeeded',
        where='manager.py:4059-4066; resource_tracker.py:2150-2167',
        tests=('test_evacuate_then_source_restarts',),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py '
                  'ComputeManager._destroy_evacuated_instances'),
        call=('SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation(instance.uuid, '
              'source cn_uuid)'),
        change=("removes the source part of each evacuated instance's "
                "allocation and saves the migration 'completed' (guests "
                'still on the hypervisor are destroyed first)'),
        runs_when=('init_host of the source (driver supports_evacuate; '
                   'fake: True) for evacuation migrations from this host in '
                   "'accepted', 'pre-migrating' or 'done' "
                   '(read_deleted=yes); an instance deleted meanwhile -> '
                   'InstanceNotFound -> skipped (its migration row was '
                   "soft-deleted with it; the destination's delete already "
                   'removed the whole consumer); a source node missing from '
                   'the node cache -> error logged, skipped'),
        where=('manager.py:818-932 (remove at :923-929, completed at :931), '
               '1627-1634'),
        tests=('test_evacuate_then_source_restarts',),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py '
                  'ComputeManager._destroy_evacuated_instances'),
        call=('SchedulerReportClient.remove_provider_tree_from_instance_'
              'allocation'),
        change=("for an evacuation still 'accepted'/'pre-migrating' the "
                'source part is removed and the migration completed '
                'although the server may still be on the source (rebuild '
                'not finished or its destination died)'),
        runs_when=('the source restarts while an evacuation from it has not '
                   'finished'),
        where='manager.py:839-851, 896-932',
        unreachable=('needs the source to start while the destination is '
                     'still rebuilding: a held fault on the destination '
                     'spawn (future) or a destination crash (future)'),
    ),
    AllocationPoint(
        move='evacuation',
        function=('nova/scheduler/client/report.py '
                  'SchedulerReportClient.delete_resource_provider('
                  'cascade=True)'),
        call=('delete_allocation_for_instance(force=True) per instance on '
              'the node + _remove_allocations_for_evacuated_instances '
              '(remove_provider_tree_from_instance_allocation for "done" '
              'evacuations)'),
        change=('deletes the allocations of instances still on the node and '
                'the source part of evacuated instances before deleting the '
                'provider'),
        runs_when=('DELETE /os-services/{id} of a nova-compute with no '
                   'instances and no in-progress migrations (a '
                   'decommissioned evacuation source), or '
                   'update_available_resource finding an orphan compute '
                   'node the driver says is deleted'),
        where=('api/openstack/compute/services.py:262-330; '
               'report.py:2389-2435, 2373-2387; manager.py:11160-11206'),
        unreachable=('deleting a compute service or node of a shared cloud '
                     'is destructive; the fake driver never reports a node '
                     'as deleted'),
    ),
    AllocationPoint(
        move='shelve-offload',
        function=('nova/compute/manager.py '
                  'ComputeManager._shelve_offload_instance'),
        call=('rt.delete_allocation_for_shelve_offloaded_instance -> '
              'SchedulerReportClient.delete_allocation_for_instance(instance.'
              'uuid, '
              'force=True)'),
        change=('deletes the whole instance allocation just before the '
                'vm_state becomes SHELVED_OFFLOADED and host/node are '
                'cleared'),
        runs_when=('shelve with [DEFAULT] shelved_offload_time=0 (offload '
                   'inside shelve_instance), POST shelveOffload of a '
                   'SHELVED server, a volume-backed shelve, or the '
                   '_poll_shelved_instances periodic'),
        where=('manager.py:7225-7283, 7289-7383 (delete at :7349); '
               'resource_tracker.py:1859-1862; api.py:4558-4612'),
        stages=('unshelve',),
        tests=('test_shelve_offload_then_unshelve', 'test_unshelve_failure'),
    ),
    AllocationPoint(
        move='shelve-offload',
        function=('nova/compute/manager.py '
                  'ComputeManager._shelve_offload_instance'),
        call='none (raises before the delete)',
        change=('driver.destroy (or power off / port unbind) raising leaves '
                'the instance allocation on its host; the server stays '
                'SHELVED on the host with a fault'),
        runs_when=('the offload fails before '
                   'rt.delete_allocation_for_shelve_offloaded_instance'),
        where='manager.py:7310-7349',
        stages=('shelve_offload',),
        tests=('test_shelve_offload_failure',),
    ),
    AllocationPoint(
        move='unshelve',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.unshelve_instance'),
        call=('_schedule_instances -> select_destinations -> '
              'scheduler.utils.claim_resources'),
        change=('claims the flavor on the chosen host for the instance '
                'consumer (empty since the offload)'),
        runs_when=('POST unshelve of a SHELVED_OFFLOADED server '
                   '(availability_zone 2.77+, host 2.91+ -> '
                   'requested_destination), restricted to the cell, '
                   'return_alternates=False'),
        where=('conductor/manager.py:1033-1165 (schedule at :1113); '
               'api.py:4718-4822'),
        stages=('unshelve',),
        tests=('test_shelve_offload_then_unshelve', 'test_unshelve_failure'),
    ),
    AllocationPoint(
        move='unshelve',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.unshelve_instance'),
        call='none',
        change=('NoValidHost / UnsupportedPolicyException: task state '
                'cleared, the server stays SHELVED_OFFLOADED, nothing was '
                'claimed'),
        runs_when='no host can take the server at unshelve time',
        where='conductor/manager.py:1166-1172',
        tests=('test_unshelve_with_no_valid_host',),
    ),
    AllocationPoint(
        move='unshelve',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.unshelve_instance'),
        call=('SchedulerReportClient.delete_allocation_for_instance(instance.'
              'uuid, '
              'force=True)'),
        change='deletes the fresh claim when the quota recheck fails',
        runs_when=('[quota] count_usage_from_placement or unified limits, '
                   'and the project went over quota between the API check '
                   'and the claim'),
        where='conductor/manager.py:1115-1138',
        unreachable=('needs a quota race (or a quota tightened while the '
                     'server is offloaded) with Placement-counted quotas'),
    ),
    AllocationPoint(
        move='unshelve',
        function=('nova/conductor/manager.py '
                  'ComputeTaskManager.unshelve_instance'),
        call='none (no clean-up of the claim)',
        change=('an exception after the claim (fill_provider_mapping, '
                'accelerator binding, the unshelve cast) clears the task '
                'state and re-raises without deleting the allocation just '
                'claimed: an offloaded server would hold a host'),
        runs_when=('accel:device_profile with a failing Cyborg, or a '
                   'software error in fill_provider_mapping'),
        where='conductor/manager.py:1140-1183',
        unreachable='needs Cyborg accelerators or a software error',),
    AllocationPoint(
        move='unshelve',
        function='nova/compute/manager.py ComputeManager._unshelve_instance',
        call=('SchedulerReportClient.delete_allocation_for_instance(instance.'
              'uuid, '
              'force=True)'),
        change=('deletes the claim the scheduler made on this host and '
                'clears host/node: the server stays SHELVED_OFFLOADED '
                'holding nothing'),
        runs_when=('rt.instance_claim raises (ComputeResourcesUnavailable: '
                   'the claim branch, reached by no test) or driver.spawn / '
                   'network setup / PCI / accelerator steps raise'),
        where='manager.py:7421-7512 (delete at :7506)',
        stages=('unshelve',),
        tests=('test_unshelve_failure', 'test_unshelve_spawn_drop_refused',
               'test_unshelve_spawn_drop_reset',
               'test_unshelve_spawn_drop_answer_lost'),
    ),
    AllocationPoint(
        move='delete-during-move',
        function='nova/compute/api.py API._confirm_resize_on_deleting',
        call=('compute_rpcapi.confirm_resize(cast=False) -> '
              'ComputeManager.confirm_resize -> '
              '_delete_allocation_after_move'),
        change=('confirms synchronously on the source so that the '
                "migration's old-flavor allocation there is deleted before "
                'the delete goes to the destination (which then deletes the '
                'instance consumer)'),
        runs_when=('DELETE (or force/soft delete) of a server in '
                   'VERIFY_RESIZE (vm_state RESIZED) with a '
                   "'finished'/'confirming' migration; the API has already "
                   "saved task_state 'deleting'"),
        where='api.py:2571-2596, 2651-2685, 2608-2614; manager.py:4957-5030',
        stages=('confirm_resize',),
        tests=('test_delete_in_verify_resize',
               'test_delete_in_verify_resize_confirm_fails'),
    ),
    AllocationPoint(
        move='delete-during-move',
        function='nova/compute/api.py API._local_delete',
        call=('placementclient.delete_allocation_for_instance(instance.uuid, '
              'force=True)'),
        change=('deletes the whole instance consumer (every provider, so '
                "both parts of an evacuated server) when the server's host "
                'is down or it is shelved offloaded; migration consumers '
                'are not touched'),
        runs_when=('DELETE of a server whose nova-compute is down (servers '
                   'left on a forced-down evacuation source) or '
                   'SHELVED_OFFLOADED'),
        where='api.py:2598-2645, 2731-2757',
        stages=('evacuate_spawn', 'unshelve'),
        tests=('test_evacuate_spawn_failure',
               'test_evacuate_with_no_valid_host', 'test_unshelve_failure'),
    ),
    AllocationPoint(
        move='delete-during-move',
        function='nova/compute/manager.py ComputeManager._complete_deletion',
        call=('SchedulerReportClient.delete_allocation_for_instance(instance.'
              'uuid, '
              'force=True unless reclaim_instance_interval > 0)'),
        change=('deletes the instance consumer only; the consumers of the '
                "server's migrations are never deleted here (only "
                '_confirm_resize_on_deleting handles a RESIZED server), so '
                'a migration that kept an allocation outlives the server '
                "(the 'deleted' step of the known defects)"),
        runs_when=("terminate_instance on the server's host (every final "
                   'delete when that host is up) and init_host for a server '
                   'left DELETING'),
        where='manager.py:974-991, 3381-3445',
        stages=('scheduling', 'claim', 'resize_instance', 'finish_resize',
                'confirm_resize', 'revert_resize', 'revert_resize_dest',
                'live_migration_dest_check', 'live_migration_dest_check_error',
                'live_migration_source_check', 'pre_live_migration',
                'live_migration', 'live_migration_recover',
                'post_live_migration', 'post_live_migration_at_destination',
                'rollback_live_migration_at_destination', 'shelve_offload'),
        tests=('test_claim_failure', 'test_claim_failure_on_every_alternate',
               'test_cold_migration_finish_failure', 'test_confirm_failure',
               'test_destination_check_errors',
               'test_destination_refuses_and_alternate_takes_it',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host',
               'test_evacuate_then_source_restarts',
               'test_finish_resize_failure_then_hard_reboot',
               'test_live_migration_raises',
               'test_live_migration_reports_failure',
               'test_live_migration_scheduled',
               'test_live_migration_to_named_host',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',
               'test_pre_live_migration_failure',
               'test_reschedule_to_alternate', 'test_resize_instance_failure',
               'test_resize_then_confirm', 'test_resize_then_revert',
               'test_revert_failure', 'test_revert_failure_on_destination',
               'test_rollback_at_destination_failure',
               'test_same_host_finish_resize_failure',
               'test_same_host_resize_instance_failure',
               'test_same_host_resize_then_confirm', 'test_scheduling_failure',
               'test_shelve_offload_failure',
               'test_shelve_offload_then_unshelve', 'test_source_refuses'),
    ),
    AllocationPoint(
        move='delete-during-move',
        function=('nova/compute/api.py API._delete (server not RESIZED, '
                  'move in progress)'),
        call='none for the migration consumer',
        change=('a server deleted while a resize/cold or live migration '
                'runs gets no confirm/revert: the delete goes to '
                'instance.host, _complete_deletion removes the instance '
                'consumer and the migration consumer keeps the source '
                'allocation (bug 1848343); the migration row is '
                'soft-deleted with the instance, so no periodic sees it '
                'again'),
        runs_when=('DELETE while the task state is '
                   'resize_prep/resize_migrating/resize_migrated/resize_'
                   'finish '
                   'or migrating'),
        where='api.py:2571-2625; db/main/api.py:1344-1349',
        unreachable=('needs a delete while a move step is in progress: a '
                     'fault driver that holds a step until the test signals '
                     'it (future)'),
    ),
    AllocationPoint(
        move='delete-during-move',
        function='nova/compute/manager.py ComputeManager.rebuild_instance',
        call='none',
        change=('InstanceNotFound / UnexpectedDeletingTaskStateError during '
                'an evacuation: migration failed, the destination part is '
                'not removed here (the API local delete, force=True, '
                'already deleted the whole consumer)'),
        runs_when=('the server is deleted while its evacuation rebuilds on '
                   'the destination'),
        where='manager.py:4044-4049',
        unreachable=('needs a delete during the rebuild: a held fault '
                     '(future)'),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/resource_tracker.py '
                  'ResourceTracker._remove_deleted_instances_allocations'),
        call='none (skips)',
        change=('consumers that are migrations listed by '
                'get_in_progress_and_error (every status except '
                'confirmed/reverted/failed/completed/cancelled/done, so '
                "'error' included) are left alone: a migration saved "
                "'error' while still holding the source allocation is never "
                'healed while its server exists'),
        runs_when=('every update_available_resource (periodic, and inline '
                   'on the source near the end of _post_live_migration) for '
                   'each node'),
        where=('resource_tracker.py:1715-1751 (skip at :1745), 1026-1027, '
               '1069-1077; db/main/api.py:3473-3502; manager.py:9902 '
               '(inline update_available_resource)'),
        stages=('revert_resize_dest', 'live_migration', 'post_live_migration',
                'post_live_migration_at_destination'),
        tests=('test_live_migration_raises',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',
               'test_revert_failure_on_destination',),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/resource_tracker.py '
                  'ResourceTracker._remove_deleted_instances_allocations'),
        call='none (skips)',
        change=('a consumer that is neither tracked nor a listed migration '
                'and not found as an instance (read_deleted=yes) is '
                'skipped: this is where the migration consumers of deleted '
                'servers land (their migration rows are soft-deleted with '
                'the instance), so a leaked migration allocation outlives '
                'the server for good'),
        runs_when=('every update_available_resource after a server whose '
                   'migration kept an allocation was deleted'),
        where='resource_tracker.py:1753-1771; db/main/api.py:1344-1349',
        stages=('revert_resize_dest', 'live_migration', 'post_live_migration',
                'post_live_migration_at_destination'),
        tests=('test_live_migration_raises',
               'test_post_live_migration_at_destination_failure',
               'test_post_live_migration_failure',
               'test_revert_failure_on_destination',),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/resource_tracker.py '
                  'ResourceTracker._remove_deleted_instances_allocations'),
        call=('SchedulerReportClient.delete_allocation_for_instance(instance_'
              'uuid, '
              'force=False)'),
        change=('heals a deleted (not hidden) instance consumer still '
                'holding on this node; a conflict is retried at the next run'),
        runs_when='an instance consumer outlived its server on this node',
        where='resource_tracker.py:1773-1793',
        unreachable=('every delete path already deletes the instance '
                     'consumer (force=True): reaching this needs that '
                     'deletion to fail (Placement fault, future proxy) or '
                     'reclaim_instance_interval > 0 with a conflict'),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/resource_tracker.py '
                  'ResourceTracker._remove_deleted_instances_allocations'),
        call='none (warning only)',
        change=('an instance consumer whose instance.host is another host '
                "only gets 'There are allocations remaining against the "
                "source host that might need to be removed'; instances "
                'without host or on this host but untracked are skipped too'),
        runs_when=('on the evacuation source while it is forced down but '
                   'running (instance moved, source part kept until '
                   'restart); on the destination after the live_migration '
                   'stage defect (server on the source, its instance '
                   'consumer on the destination)'),
        where='resource_tracker.py:1794-1848 (moved host at :1826-1848)',
        stages=('live_migration',),
        tests=('test_evacuate_then_source_restarts',
               'test_live_migration_raises',),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/resource_tracker.py '
                  'ResourceTracker._update_usage_from_migrations'),
        call='none',
        change=("a listed migration whose instance's migration_context "
                "points at another migration is saved 'error'; Placement "
                'untouched (that error migration then counts as active for '
                'the skip above)'),
        runs_when=('a second move of the same server starts while an '
                   'earlier migration of it is still in progress/error on '
                   'this node'),
        where='resource_tracker.py:1570-1636 (error at :1619-1629)',
        unreachable='no scenario chains a second move after an errored one',),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/manager.py '
                  'ComputeManager._cleanup_incomplete_migrations'),
        call='none',
        change=("for 'error' migrations of deleted instances on this host: "
                'deletes instance files, '
                'cleanup_lingering_instance_resources, saves the migration '
                "'failed'; never touches Placement (as read, its "
                "MigrationList query uses read_deleted='no' while those "
                'migration rows were soft-deleted with the instance)'),
        runs_when='periodic, [DEFAULT] instance_delete_interval (300 s)',
        where='manager.py:11790-11842; db/main/api.py:3364-3371',
        unreachable=('periodic only (300 s) and it does not change '
                     'allocations'),
    ),
    AllocationPoint(
        move='periodic',
        function=('nova/compute/manager.py '
                  'ComputeManager._poll_unconfirmed_resizes'),
        call=('compute_api.confirm_resize -> (source) '
              'ComputeManager.confirm_resize -> '
              '_delete_allocation_after_move; or none when it saves the '
              "migration 'error'"),
        change=("auto-confirms 'finished' migrations older than "
                "resize_confirm_window (deleting the migration's "
                'allocation); for a server in ERROR or not RESIZED/None it '
                "saves the migration 'error' and leaves the migration's "
                'source allocation in place'),
        runs_when=('periodic on the destination with [DEFAULT] '
                   'resize_confirm_window > 0'),
        where='manager.py:10550-10633',
        unreachable=('off by default (resize_confirm_window=0); the '
                     'embedded cloud could enable it with a short window, '
                     'and a failed action on a VERIFY_RESIZE server would '
                     'then show the error branch'),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py ComputeManager._init_instance '
                  '(RESIZE_MIGRATING)'),
        call='none',
        change=('driver.finish_revert_migration and task state cleared, but '
                "the migration stays 'migrating' and the allocations stay "
                'migration-based (instance on the destination, migration on '
                'the source) while the server is on the source; nothing '
                'later reverts them'),
        runs_when=('the source nova-compute starts with a server in task '
                   'state resize_migrating (also in vm_state ERROR)'),
        where='manager.py:1029-1037, 1230-1257',
        stages=('resize_instance',),
        tests=('test_source_dies_migrating_the_disk',),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py ComputeManager._init_instance '
                  '(REBUILDING / REBUILD_BLOCK_DEVICE_MAPPING / '
                  'REBUILD_SPAWNING)'),
        call='none',
        change='server set ERROR, task state cleared; allocations untouched',
        runs_when=('the host that owns the server restarts during a rebuild '
                   '(for an evacuation instance.host is still the source, '
                   'so the destination skips it: next entry)'),
        where='manager.py:1062-1074',
        unreachable='needs a crash during rebuild (future)',),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py ComputeManager._init_instance '
                  '(instance.host != self.host)'),
        call='none',
        change=('the destination of an unfinished evacuation skips the '
                "server ('appears to not be owned by this host'): the "
                'doubled allocation stays until the source restarts and '
                '_destroy_evacuated_instances removes the source part '
                "('pre-migrating' included) although the server was never "
                'rebuilt'),
        runs_when='the evacuation destination restarts mid-rebuild',
        where='manager.py:1015-1028',
        unreachable=('needs the destination to die during the evacuation '
                     'rebuild: process crash (future)'),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py ComputeManager._init_instance '
                  '(RESIZE_PREP)'),
        call='none',
        change=("task state cleared; the migration stays 'pre-migrating' "
                'and, if the destination had claimed, the allocations stay '
                'migration-based (instance on the destination, migration on '
                'the source) for a server back on the source'),
        runs_when=('the source restarts while the server is resize_prep '
                   '(prep_resize lost on a dead destination or the '
                   'resize_instance cast lost)'),
        where='manager.py:1087-1093',
        unreachable='needs a lost cast or a dead destination (future)',),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py '
                  'ComputeManager._reset_live_migration'),
        call=('none (live_migration_abort for a running migration finds '
              'nothing queued)'),
        change=("saves the 'running' migration 'error' and clears the task "
                'state without _revert_allocation: the instance keeps its '
                'destination claim and the migration the source allocation'),
        runs_when=('the source restarts with a server in task state '
                   'migrating'),
        where='manager.py:994-1011, 1258-1260',
        stages=('live_migration',),
        tests=('test_source_dies_live_migrating',),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py ComputeManager._init_instance '
                  '(DELETING)'),
        call=('_delete_instance -> _complete_deletion -> '
              'delete_allocation_for_instance(instance.uuid)'),
        change=('finishes an interrupted delete: instance consumer deleted, '
                'migration consumers untouched'),
        runs_when='the host restarts with a server in task state deleting',
        where='manager.py:1095-1108, 3381-3445, 974-991',
        unreachable='needs a crash during a delete (future)',),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py '
                  'ComputeManager._error_out_instances_whose_build_was_'
                  'interrupted'),
        call='none (reads get_allocations_for_resource_provider)',
        change=('sets BUILDING instances that hold an allocation on this '
                'node but were not handled by init_host to ERROR; '
                'allocations untouched (evacuated instances are in '
                'already_handled)'),
        runs_when='every init_host',
        where='manager.py:1655-1659, 1681-1739',
        tests=('test_evacuate_then_source_restarts',),
    ),
    AllocationPoint(
        move='restart',
        function=('nova/compute/manager.py '
                  'ComputeManager._cleanup_live_migrations_in_pool'),
        call='none',
        change=("a queued live migration is cancelled and saved 'cancelled' "
                '(a final status) without _revert_allocation: the migration '
                'keeps the source allocation and the instance its '
                'destination claim'),
        runs_when=('graceful stop (SIGTERM) of nova-compute with a live '
                   'migration still queued'),
        where='manager.py:1741-1801',
        unreachable=('needs a graceful stop while a live migration is '
                     'queued: process stop timing (future)'),
    ),
    AllocationPoint(
        move='confirm',
        function=('nova/compute/manager.py '
                  'ComputeManager.confirm_snapshot_based_resize_at_source'),
        call='_delete_allocation_after_move',
        change=("deletes the migration's source allocation in a finally, as "
                'confirm_resize does'),
        runs_when=('confirm of a cross-cell resize '
                   '(ComputeTaskManager.confirm_snapshot_based_resize)'),
        where='manager.py:5152-5202 (delete at :5200), 5204-5249',
        unreachable=('needs a cross-cell resize (two cells, '
                     'compute:servers:resize:cross_cell policy)'),
    ),
    AllocationPoint(
        move='revert',
        function=('nova/compute/manager.py '
                  'ComputeManager._finish_revert_snapshot_based_resize_at_'
                  'source'),
        call='_revert_allocation',
        change=('moves the source allocation back to the instance; '
                'AllocationMoveFailed is only logged (not re-raised)'),
        runs_when='revert of a cross-cell resize',
        where='manager.py:5452-5530 (revert at :5516)',
        unreachable='needs a cross-cell resize',),
    AllocationPoint(
        move='resize',
        function=('nova/conductor/tasks/migrate.py MigrationTask._execute '
                  '(cross-cell branch)'),
        call=('CrossCellMigrationTask.execute (its own rollback; the '
              'scheduler claim and migration allocation are already made)'),
        change=('hands the already swapped allocations to the cross-cell '
                'task'),
        runs_when=('the scheduler picked a host in another cell and '
                   'cross-cell resize is allowed'),
        where='migrate.py:293-306; api.py:4167-4209',
        unreachable='needs a second cell and the cross-cell policy',),
    AllocationPoint(
        move='revert',
        function=('nova/scheduler/client/report.py '
                  'SchedulerReportClient.move_allocations'),
        call='none (returns True)',
        change=('if the target consumer has allocations and the source '
                'consumer none, assumes the move already happened and '
                'writes nothing; otherwise one POST /allocations empties '
                'the source and writes its allocations to the target '
                '(overwriting it), consumer generations checked '
                '(AllocationMoveFailed on conflict, Retry on provider '
                'conflict, False on other errors)'),
        runs_when='replay of a move (migration -> instance twice)',
        where='report.py:2040-2131 (already moved at :2073-2081)',
        unreachable=('needs a replayed move (retried RPC, or a Placement '
                     'answer lost after the write: future proxy); on every '
                     'scenario path the source consumer holds something '
                     'when moved'),
    ),
    AllocationPoint(
        move='live-migration',
        function=('nova/scheduler/client/report.py '
                  'SchedulerReportClient.remove_provider_tree_from_instance_'
                  'allocation'),
        call=('_put_allocations (PUT /allocations/{instance} with the '
              'remaining providers and the consumer generation)'),
        change=('GETs the consumer, drops every provider of the given tree '
                'and PUTs the rest; no allocations at all -> error log and '
                'False, nothing written; nothing on that tree -> warning '
                'and True, nothing written; a failed PUT is only logged by '
                'the callers'),
        runs_when=('callers: LiveMigrationTask._remove_host_allocations, '
                   'ResourceTracker.delete_allocation_for_evacuated_instance, '
                   'ComputeManager._destroy_evacuated_instances, '
                   'report._remove_allocations_for_evacuated_instances'),
        where='report.py:1976-2027',
        stages=('live_migration_dest_check', 'live_migration_source_check',
                'evacuate_spawn'),
        tests=('test_destination_refuses_and_alternate_takes_it',
               'test_destination_refuses_and_no_host_is_left',
               'test_destination_refuses_named_host',
               'test_evacuate_spawn_failure',
               'test_evacuate_then_source_restarts', 'test_source_refuses'),
    ),
)

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

"""The Placement requests of Nova's moves, and their faults.

Each PlacementCall is one request a step of a move makes, as the fault
proxy's log of a clean run on Nova 34 shows it (service, method, path, its
rank among the matching requests of the test's own request id).  Each
PlacementFault fails one call one way (the proxy's modes) and says where a
correct Nova leaves the server: the statuses are Nova's choice, the
allocations come from the principles, and principle 5 adds that a step
whose allocation change failed either retries until it is made or
reports itself failed.  Standard library only, like the catalogue.
"""

import dataclasses
import typing

from resize_tempest_plugin import faults

# The proxy's modes (resize_tempest_proxy.rules).
REFUSE = 'refuse'
RESET = 'reset'
LOST = 'lost'
CONFLICT = 'conflict'
HOLD = 'hold'
# The services of Nova's controller, besides the computes (faults.SOURCE,
# faults.DEST): the proxy path each one reaches Placement on.
CONDUCTOR = 'conductor'
SCHEDULER = 'scheduler'


@dataclasses.dataclass(frozen=True)
class PlacementCall:
    """One Placement request of one step of a move."""

    name: str
    summary: str
    # The operation whose request it is (faults.RESIZE, faults.CONFIRM...).
    operation: str
    # Who sends it: faults.SOURCE, faults.DEST, CONDUCTOR or SCHEDULER.
    service: str
    method: str
    # A regular expression the request's path matches.
    path: str
    # Its rank among the requests of the same service, method and path
    # that carry the operation's request id.
    nth: int = 1
    code_path: str = ''
    # Sent by a nova-compute starting again, with a request id of its own:
    # the rule names the instance's uuid instead.
    at_start_up: bool = False


@dataclasses.dataclass(frozen=True)
class PlacementFault:
    """A call failed one way, and where a correct Nova then leaves it."""

    call: PlacementCall
    mode: str
    end_state: faults.EndState
    # A driver stage that fails too: the call is on its failure path.
    driver_stage: typing.Optional[str] = None
    # The service killed while the proxy holds the call (mode HOLD): the
    # end state is where the move must settle once it runs again.
    killed: typing.Optional[str] = None
    # Where a correct Nova leaves the move when it sent the failed request
    # again and that retry was made (some releases' clients retry a reset
    # connection once): principle 5's other branch.  None: the same.
    retried: typing.Optional[faults.EndState] = None
    # Older Novas that end it otherwise (faults.OlderNova; its end_state
    # only).
    older: typing.Tuple[faults.OlderNova, ...] = ()

    def on_nova(self, max_microversion):
        """The fault as a Nova whose newest microversion is this ends it."""
        oldest = faults.oldest_applicable(self.older, max_microversion)
        if oldest is None or oldest.end_state is None:
            return self
        return dataclasses.replace(self, end_state=oldest.end_state)

    def due(self, retried):
        """The end state due, knowing whether Nova retried the call."""
        return self.retried if retried and self.retried else self.end_state

    @property
    def name(self):
        """The name the known defects use for it (the move's stage)."""
        return '%s:%s' % (self.call.name, self.mode)


MOVE_TO_MIGRATION = PlacementCall(
    name='move_to_migration',
    summary='the conductor moves the instance\'s source allocation to the '
            'migration before it asks the scheduler',
    operation=faults.RESIZE, service=CONDUCTOR, method='POST',
    path=r'^/allocations$',
    code_path='nova/conductor/tasks/migrate.py '
              'replace_allocation_with_migration -> '
              'SchedulerReportClient.move_allocations')
SCHEDULER_CLAIM = PlacementCall(
    name='scheduler_claim',
    summary='the scheduler claims the destination for the instance',
    operation=faults.RESIZE, service=SCHEDULER, method='PUT',
    path=r'^/allocations/',
    code_path='nova/scheduler/utils.py claim_resources -> '
              'SchedulerReportClient.claim_resources')
REVERT_READ = PlacementCall(
    name='revert_read',
    summary='after a failed resize_instance the source reads the '
            'migration\'s allocation to give it back to the instance',
    operation=faults.RESIZE, service=faults.SOURCE, method='GET',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._revert_allocation -> '
              'SchedulerReportClient.get_allocations_for_consumer')
CONFIRM_DROP = PlacementCall(
    name='confirm_drop',
    summary='at confirm the source deletes the migration\'s allocation',
    operation=faults.CONFIRM, service=faults.SOURCE, method='PUT',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._delete_allocation_'
              'after_move -> SchedulerReportClient.'
              'delete_allocation_for_instance')
REVERT_MOVE_BACK = PlacementCall(
    name='revert_move_back',
    summary='at the revert the source gives the migration\'s allocation '
            'back to the instance',
    operation=faults.REVERT, service=faults.SOURCE, method='POST',
    path=r'^/allocations$',
    code_path='nova/compute/manager.py ComputeManager.finish_revert_resize '
              '-> _revert_allocation -> SchedulerReportClient.'
              'move_allocations')
LIVE_MIGRATION_DROP = PlacementCall(
    name='live_migration_drop',
    summary='after a live migration the source deletes the migration\'s '
            'allocation',
    operation=faults.LIVE_MIGRATION, service=faults.SOURCE, method='PUT',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._post_live_migration '
              '-> _delete_allocation_after_move -> SchedulerReportClient.'
              'delete_allocation_for_instance')
DELETE_DROP = PlacementCall(
    name='delete_drop',
    summary='at the delete of a server its host deletes the instance\'s '
            'allocation',
    operation=faults.DELETE, service=faults.SOURCE, method='DELETE',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._complete_deletion '
              '-> SchedulerReportClient.delete_allocation_for_instance')
LIVE_MIGRATION_MOVE_TO_MIGRATION = PlacementCall(
    name='live_migration_move_to_migration',
    summary='the conductor moves the instance\'s source allocation to the '
            'migration before it claims the destination of a live '
            'migration',
    operation=faults.LIVE_MIGRATION, service=CONDUCTOR, method='POST',
    path=r'^/allocations$',
    code_path='nova/conductor/tasks/live_migrate.py LiveMigrationTask.'
              '_execute -> replace_allocation_with_migration -> '
              'SchedulerReportClient.move_allocations')
LIVE_MIGRATION_ROLLBACK_READ = PlacementCall(
    name='live_migration_rollback_read',
    summary='after a failed live migration the source reads the '
            'migration\'s allocation to give it back to the instance',
    operation=faults.LIVE_MIGRATION, service=faults.SOURCE, method='GET',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager.'
              '_rollback_live_migration -> _revert_allocation -> '
              'SchedulerReportClient.get_allocations_for_consumer')
LIVE_MIGRATION_ROLLBACK_MOVE_BACK = PlacementCall(
    name='live_migration_rollback_move_back',
    summary='after a failed live migration the source gives the '
            'migration\'s allocation back to the instance',
    operation=faults.LIVE_MIGRATION, service=faults.SOURCE, method='POST',
    path=r'^/allocations$',
    code_path='nova/compute/manager.py ComputeManager.'
              '_rollback_live_migration -> _revert_allocation -> '
              'SchedulerReportClient.move_allocations')
SHELVE_OFFLOAD_DROP = PlacementCall(
    name='shelve_offload_drop',
    summary='at the offload of a shelved server its host deletes the '
            'instance\'s allocation',
    operation=faults.SHELVE, service=faults.SOURCE, method='DELETE',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._shelve_offload_'
              'instance -> ResourceTracker.delete_allocation_for_shelve_'
              'offloaded_instance -> SchedulerReportClient.'
              'delete_allocation_for_instance')
UNSHELVE_CLAIM = PlacementCall(
    name='unshelve_claim',
    summary='the scheduler claims a host for an offloaded server being '
            'unshelved',
    operation=faults.UNSHELVE, service=SCHEDULER, method='PUT',
    path=r'^/allocations/',
    code_path='nova/scheduler/utils.py claim_resources -> '
              'SchedulerReportClient.claim_resources')
UNSHELVE_SPAWN_DROP = PlacementCall(
    name='unshelve_spawn_drop',
    summary='after the spawn of an unshelve failed the host deletes the '
            'instance\'s allocation',
    operation=faults.UNSHELVE, service=faults.SOURCE, method='DELETE',
    path=r'^/allocations/',
    code_path='nova/compute/manager.py ComputeManager._unshelve_instance '
              '(the spawn failed) -> SchedulerReportClient.delete_'
              'allocation_for_instance(force=True)')
EVACUATION_CLAIM = PlacementCall(
    name='evacuation_claim',
    summary='the scheduler claims the destination of an evacuation for '
            'the instance, beside what it holds on the down source',
    operation=faults.EVACUATION, service=SCHEDULER, method='PUT',
    path=r'^/allocations/',
    code_path='nova/conductor/manager.py ComputeTaskManager.rebuild_'
              'instance -> nova/scheduler/utils.py claim_resources -> '
              'SchedulerReportClient.claim_resources')
FORCED_EVACUATION_CLAIM = PlacementCall(
    name='forced_evacuation_claim',
    summary='the conductor claims the host an evacuation is forced to '
            '(microversions 2.29 to 2.67), bypassing the scheduler',
    operation=faults.EVACUATION, service=CONDUCTOR, method='PUT',
    path=r'^/allocations/',
    code_path='nova/conductor/manager.py ComputeTaskManager._allocate_for_'
              'evacuate_dest_host -> nova/scheduler/utils.py claim_'
              'resources_on_destination -> SchedulerReportClient.'
              'claim_resources')
EVACUATION_CLEAN_UP = PlacementCall(
    name='evacuation_clean_up',
    summary='the source of an evacuation, started again, removes what the '
            'instance still holds on it',
    operation=faults.EVACUATION, service=faults.SOURCE, method='PUT',
    path=r'^/allocations/', at_start_up=True,
    code_path='nova/compute/manager.py ComputeManager._destroy_evacuated_'
              'instances -> SchedulerReportClient.remove_provider_tree_'
              'from_instance_allocation')
CALLS = (MOVE_TO_MIGRATION, SCHEDULER_CLAIM, REVERT_READ, CONFIRM_DROP,
         REVERT_MOVE_BACK, LIVE_MIGRATION_DROP, DELETE_DROP,
         LIVE_MIGRATION_MOVE_TO_MIGRATION, LIVE_MIGRATION_ROLLBACK_READ,
         LIVE_MIGRATION_ROLLBACK_MOVE_BACK, SHELVE_OFFLOAD_DROP,
         UNSHELVE_CLAIM, UNSHELVE_SPAWN_DROP, EVACUATION_CLAIM,
         FORCED_EVACUATION_CLAIM, EVACUATION_CLEAN_UP)

_NOT_MOVED = faults.EndState(
    server_status='ACTIVE', server_side=faults.SOURCE,
    migration_status='error',
    instance=faults.Holding(faults.OLD, faults.SOURCE), migration=None,
    settled_by='conductor_migrate_server')

# A confirm that reports its failed allocation change (principle 5).
_CONFIRM_FAILED = faults.EndState(
    server_status='ERROR', server_side=faults.DEST,
    migration_status='error',
    instance=faults.Holding(faults.NEW, faults.DEST), migration=None,
    settled_by='compute_confirm_resize')

# A live migration whose last step reports its failed allocation change
# (principle 5): Nova puts a live migration that fails after the guest
# moved in ERROR, where it runs.
_LIVE_MIGRATION_FAILED_ON_DEST = faults.EndState(
    server_status='ERROR', server_side=faults.DEST,
    migration_status='error',
    instance=faults.Holding(faults.OLD, faults.DEST), migration=None,
    settled_by='compute_live_migration')

_REVERT_FAILED = faults.EndState(
    server_status='ERROR', server_side=faults.SOURCE,
    migration_status='error',
    instance=faults.Holding(faults.OLD, faults.SOURCE), migration=None,
    settled_by='compute_finish_revert_resize')

_DELETE_FAILED = faults.EndState(
    server_status='ERROR', server_side=faults.SOURCE, migration_status=None,
    instance=faults.Holding(faults.OLD, faults.SOURCE), migration=None)

# A live migration that failed before anything moved.
_LIVE_MIGRATION_NOT_MOVED = dataclasses.replace(
    _NOT_MOVED, settled_by=None)
# An evacuation whose forced host the conductor could not claim: the
# server as it was, on its (down) source.
_FORCED_HOST_REFUSED = dataclasses.replace(
    _NOT_MOVED, settled_by='rebuild_server')
# A shelve whose offload failed: the server stays shelved on its host,
# holding its flavor there (faults' shelve_offload stage).
_OFFLOAD_FAILED = faults.get_stage('shelve_offload').end_state


def _on_failed_stage(call, mode, stage):
    """A call on the failure path of a driver stage that fails too.

    Where the failure ends the move is the stage's end state (the
    catalogue's), whatever the call's fault adds.
    """
    return PlacementFault(call, mode, faults.get_stage(stage).end_state,
                          driver_stage=stage)


def _sent_again_fails(end_state):
    """Nova 32 and 33 end a step whose answer was lost this way.

    Their keystoneauth sends a request whose connection dropped once more:
    after a lost answer the request meets the change it made (409), and
    the step fails with the allocations right (principle 5 holds).
    """
    return (faults.OlderNova(below=faults.NOVA_2026_2, end_state=end_state),)


FAULTS = (
    PlacementFault(MOVE_TO_MIGRATION, REFUSE, _NOT_MOVED),
    PlacementFault(MOVE_TO_MIGRATION, RESET, _NOT_MOVED,
                   retried=faults.VERIFY_RESIZE_STATE),
    # Made, its answer lost: the conductor takes the move for failed, so
    # the instance must get its source allocation back.
    PlacementFault(MOVE_TO_MIGRATION, LOST, _NOT_MOVED),
    # The report client moves again after a concurrent update.
    PlacementFault(MOVE_TO_MIGRATION, CONFLICT, faults.VERIFY_RESIZE_STATE),
    PlacementFault(SCHEDULER_CLAIM, REFUSE, _NOT_MOVED),
    PlacementFault(SCHEDULER_CLAIM, RESET, _NOT_MOVED,
                   retried=faults.VERIFY_RESIZE_STATE),
    # The scheduler claims again after a concurrent update.
    PlacementFault(SCHEDULER_CLAIM, CONFLICT, faults.VERIFY_RESIZE_STATE),
    _on_failed_stage(REVERT_READ, RESET, 'resize_instance'),
    _on_failed_stage(REVERT_READ, REFUSE, 'resize_instance'),
    PlacementFault(CONFIRM_DROP, REFUSE, _CONFIRM_FAILED),
    PlacementFault(CONFIRM_DROP, RESET, faults.CONFIRMED_STATE),
    PlacementFault(CONFIRM_DROP, LOST, faults.CONFIRMED_STATE,
                   older=_sent_again_fails(_CONFIRM_FAILED)),
    PlacementFault(CONFIRM_DROP, CONFLICT, _CONFIRM_FAILED),
    PlacementFault(REVERT_MOVE_BACK, REFUSE, faults.REVERTED_STATE),
    PlacementFault(REVERT_MOVE_BACK, RESET, faults.REVERTED_STATE),
    PlacementFault(REVERT_MOVE_BACK, LOST, faults.REVERTED_STATE,
                   older=_sent_again_fails(_REVERT_FAILED)),
    PlacementFault(REVERT_MOVE_BACK, CONFLICT, faults.REVERTED_STATE),
    # The conductor dies while its move of the source allocation is under
    # way; the request reaches Placement after the death.
    PlacementFault(MOVE_TO_MIGRATION, HOLD, _NOT_MOVED, killed=CONDUCTOR),
    # The scheduler dies while its claim is under way: the conductor's call
    # times out and the move fails, the claim made after the death undone.
    PlacementFault(SCHEDULER_CLAIM, HOLD, _NOT_MOVED, killed=SCHEDULER),
    # The source dies while its revert moves the allocation back to the
    # instance: once it runs again the revert must be over.
    PlacementFault(REVERT_MOVE_BACK, HOLD, faults.REVERTED_STATE,
                   killed=faults.SOURCE),
    # A delete refused by Placement is reported failed (principle 5): the
    # server ERROR, still holding; the user's next delete must leave
    # nothing.
    PlacementFault(DELETE_DROP, REFUSE, _DELETE_FAILED),
    # A reset one is not seen: nothing may be left once the host's periodic
    # resource task ran (it removes what a deleted instance still holds).
    PlacementFault(DELETE_DROP, RESET, faults.left_after_delete()),
    # Made, its answer lost: nothing is left.
    PlacementFault(DELETE_DROP, LOST, faults.left_after_delete()),
    PlacementFault(LIVE_MIGRATION_DROP, REFUSE,
                   _LIVE_MIGRATION_FAILED_ON_DEST),
    PlacementFault(LIVE_MIGRATION_DROP, RESET, faults.LIVE_MIGRATED_STATE),
    PlacementFault(LIVE_MIGRATION_DROP, LOST, faults.LIVE_MIGRATED_STATE,
                   older=_sent_again_fails(_LIVE_MIGRATION_FAILED_ON_DEST)),
    PlacementFault(LIVE_MIGRATION_DROP, CONFLICT,
                   _LIVE_MIGRATION_FAILED_ON_DEST),
    # The answer of a claim lost: the claim is made, the scheduler takes
    # the host for refused; what it made must not stay.
    PlacementFault(SCHEDULER_CLAIM, LOST, _NOT_MOVED),
    PlacementFault(LIVE_MIGRATION_MOVE_TO_MIGRATION, REFUSE,
                   _LIVE_MIGRATION_NOT_MOVED),
    PlacementFault(LIVE_MIGRATION_MOVE_TO_MIGRATION, RESET,
                   _LIVE_MIGRATION_NOT_MOVED,
                   retried=faults.LIVE_MIGRATED_STATE),
    # Nova 32 and 33 send the move again: it meets the move it made (409)
    # and the live migration fails reported, the server ERROR.
    PlacementFault(LIVE_MIGRATION_MOVE_TO_MIGRATION, LOST,
                   _LIVE_MIGRATION_NOT_MOVED,
                   older=_sent_again_fails(dataclasses.replace(
                       _LIVE_MIGRATION_NOT_MOVED, also_statuses=('ERROR',)))),
    PlacementFault(LIVE_MIGRATION_MOVE_TO_MIGRATION, CONFLICT,
                   faults.LIVE_MIGRATED_STATE),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_READ, RESET,
                     'pre_live_migration'),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_READ, REFUSE,
                     'pre_live_migration'),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_MOVE_BACK, REFUSE,
                     'pre_live_migration'),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_MOVE_BACK, RESET,
                     'pre_live_migration'),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_MOVE_BACK, LOST,
                     'pre_live_migration'),
    _on_failed_stage(LIVE_MIGRATION_ROLLBACK_MOVE_BACK, CONFLICT,
                     'pre_live_migration'),
    PlacementFault(SHELVE_OFFLOAD_DROP, REFUSE, _OFFLOAD_FAILED),
    # Retried (the fault hits one request), the offload completes; lost,
    # the delete was made.
    PlacementFault(SHELVE_OFFLOAD_DROP, RESET,
                   faults.SHELVED_OFFLOADED_STATE),
    PlacementFault(SHELVE_OFFLOAD_DROP, LOST,
                   faults.SHELVED_OFFLOADED_STATE),
    PlacementFault(UNSHELVE_CLAIM, REFUSE,
                   faults.UNSHELVE_NO_VALID_HOST_STATE),
    PlacementFault(UNSHELVE_CLAIM, RESET,
                   faults.UNSHELVE_NO_VALID_HOST_STATE,
                   retried=faults.UNSHELVED_STATE),
    PlacementFault(UNSHELVE_CLAIM, LOST,
                   faults.UNSHELVE_NO_VALID_HOST_STATE),
    # The scheduler claims again after a concurrent update.
    PlacementFault(UNSHELVE_CLAIM, CONFLICT, faults.UNSHELVED_STATE),
    _on_failed_stage(UNSHELVE_SPAWN_DROP, REFUSE, 'unshelve'),
    _on_failed_stage(UNSHELVE_SPAWN_DROP, RESET, 'unshelve'),
    _on_failed_stage(UNSHELVE_SPAWN_DROP, LOST, 'unshelve'),
    PlacementFault(EVACUATION_CLAIM, REFUSE,
                   faults.EVACUATION_NO_VALID_HOST_STATE),
    PlacementFault(EVACUATION_CLAIM, RESET,
                   faults.EVACUATION_NO_VALID_HOST_STATE,
                   retried=faults.EVACUATED_STATE),
    # The claim made but taken for refused: what it made must not stay.
    PlacementFault(EVACUATION_CLAIM, LOST,
                   faults.EVACUATION_NO_VALID_HOST_STATE),
    # The scheduler claims again after a concurrent update.
    PlacementFault(EVACUATION_CLAIM, CONFLICT, faults.EVACUATED_STATE),
    # Refused, the forced host is no valid host: the server stays as it
    # was on its source.
    PlacementFault(FORCED_EVACUATION_CLAIM, REFUSE, _FORCED_HOST_REFUSED),
    PlacementFault(FORCED_EVACUATION_CLAIM, RESET, _FORCED_HOST_REFUSED,
                   retried=faults.EVACUATED_STATE),
    # Nova 32 and 33 send the claim again: it meets the claim it made
    # (409) and the evacuation fails reported, the server ERROR.
    PlacementFault(FORCED_EVACUATION_CLAIM, LOST, _FORCED_HOST_REFUSED,
                   older=_sent_again_fails(dataclasses.replace(
                       _FORCED_HOST_REFUSED, also_statuses=('ERROR',)))),
    PlacementFault(FORCED_EVACUATION_CLAIM, CONFLICT,
                   faults.EVACUATED_STATE),
    # Retried or reported, the clean-up must not end with the migration
    # completed while the source is still held.
    PlacementFault(EVACUATION_CLEAN_UP, REFUSE,
                   faults.EVACUATION_COMPLETED_STATE),
    PlacementFault(EVACUATION_CLEAN_UP, CONFLICT,
                   faults.EVACUATION_COMPLETED_STATE),
)
FAULTS_BY_NAME = {fault.name: fault for fault in FAULTS}


def get_fault(call_name, mode):
    """The PlacementFault of a call and mode; ValueError names the known."""
    try:
        return FAULTS_BY_NAME['%s:%s' % (call_name, mode)]
    except KeyError:
        raise ValueError('unknown Placement fault %s:%s; known: %s'
                         % (call_name, mode, ', '.join(FAULTS_BY_NAME)))


def was_retried(call, rule_id, requests):
    """Whether the service sent the call again after the rule failed it.

    :param requests: the proxy's log of the move's requests, oldest first
        (PlacementFaultsClient.requests).
    :returns: True when the service's next request is the same one (the
        same method and path, so the same consumer) and it went through
        to Placement and succeeded.  A later read of the same consumer for
        another reason comes after other requests of the service.
    """
    fired = [index for index, entry in enumerate(requests)
             if entry.get('rule') == rule_id]
    if not fired:
        return False
    failed = requests[fired[0]]
    following = [entry for entry in requests[fired[0] + 1:]
                 if entry['service'] == failed['service']]
    return bool(following) and (
        following[0]['method'] == call.method and
        following[0]['path'] == failed['path'] and
        str(following[0]['outcome']).startswith('2'))

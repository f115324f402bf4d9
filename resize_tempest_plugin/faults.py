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

"""The fault catalogue: every failure stage, how to trigger it, how it ends.

One entry per stage.  Flavor creation (the extra specs that trigger the
fault), the fault driver (which stage to raise at) and the scenario
assertions (the end state Nova must reach) all read this table, so a new
stage is one new entry.

This module is imported inside nova-compute by the fault driver as well as
by tempest, so it must only use the standard library.
"""

import dataclasses
import typing

DEFAULT_NAMESPACE = 'resize_fault'

# How the compute API shows a server's host and task state.
HOST_ATTRIBUTE = 'OS-EXT-SRV-ATTR:host'
TASK_ATTRIBUTE = 'OS-EXT-STS:task_state'
# Migration statuses after which a migration changes no more, and its
# consumer must hold nothing.  'finished' (a resize awaiting confirm) and
# 'done' (an evacuation whose source has not cleaned up yet) are not final.
FINAL_MIGRATION_STATUSES = frozenset((
    'confirmed', 'reverted', 'completed', 'error', 'failed', 'cancelled'))

# Sides of a move, as the end states name them.
SOURCE = 'source'
DEST = 'dest'
ALTERNATE = 'alternate'

# Flavors of a move.
OLD = 'old'
NEW = 'new'

# Consumers of a move in Placement.
INSTANCE = 'instance'
MIGRATION = 'migration'

# The API action whose processing fails.
RESIZE = 'resize'
CONFIRM = 'confirm'
REVERT = 'revert'
LIVE_MIGRATE = 'live-migrate'
SHELVE = 'shelve'
UNSHELVE = 'unshelve'
EVACUATE = 'evacuate'

# Kinds of move, as the known defects name them.
COLD_MIGRATION = 'cold-migration'
# A server deleted while its move is unfinished: the delete ends the move.
DELETE = 'delete'
LIVE_MIGRATION = 'live-migration'
EVACUATION = 'evacuation'

# How a stage's fault acts (the flavor's <namespace>:kind).
RAISE = 'raise'  # the driver method raises the stage's exception
CRASH = 'crash'  # the process running the stage kills itself (SIGKILL)
# The stage blocks until the test releases it or the move is aborted
# (bounded by the fault driver's [resize_fault] hold_timeout), then goes
# on as the fake driver does.
HOLD = 'hold'
KINDS = (RAISE, CRASH, HOLD)
# Not a flavor's kind: a Placement request of the move failed by the fault
# proxy (placement_faults.py); the known defects name it so.
PLACEMENT = 'placement'
# Not a flavor's kind either: a cast of the move dropped from the queue of
# its stopped receiver (LOST_CASTS).
LOST_CAST = 'lost-cast'

# The trait the fault driver creates in Placement just before a crash
# fault kills its nova-compute, one per server: the test reaches it
# through the Placement API, on any cloud.
CRASHED_TRAIT_PREFIX = 'CUSTOM_RESIZE_FAULT_CRASHED_'


def crashed_trait(instance_uuid):
    """The trait that says the stage of this server's move crashed."""
    return CRASHED_TRAIT_PREFIX + _trait_suffix(instance_uuid)


# A held stage: the fault driver creates the first trait once it holds the
# stage of this server's move; the test creates the second to release it.
# Traits, because the compute API refuses metadata and tag changes while a
# move runs, and Placement's traits reach the driver on any host.
HELD_TRAIT_PREFIX = 'CUSTOM_RESIZE_FAULT_HELD_'
RELEASE_TRAIT_PREFIX = 'CUSTOM_RESIZE_FAULT_RELEASE_'


def held_trait(instance_uuid):
    """The trait that says the stage of this server's move is held."""
    return HELD_TRAIT_PREFIX + _trait_suffix(instance_uuid)


def release_trait(instance_uuid):
    """The trait that releases the held stage of this server's move."""
    return RELEASE_TRAIT_PREFIX + _trait_suffix(instance_uuid)


def _trait_suffix(instance_uuid):
    return instance_uuid.replace('-', '').upper()


# Extra spec of the portable scheduling fault: a custom resource class that
# no provider has, so Placement returns no allocation candidates.
UNSCHEDULABLE_RESOURCE = 'CUSTOM_RESIZE_FAULT_UNSCHEDULABLE'

# The trait the fault driver puts on its compute node providers, so a test
# can tell before any move which hosts run it.
DRIVER_TRAIT = 'CUSTOM_RESIZE_FAULT_DRIVER'

# Extra spec of the claim fault: the guest NUMA nodes the new flavor asks
# for.  A destination whose host NUMA topology has fewer cells rejects the
# flavor in its resize claim, provided the scheduler does not check NUMA
# fit (no NUMATopologyFilter).
NUMA_NODES_SPEC = 'hw:numa_nodes'


@dataclasses.dataclass(frozen=True)
class Holding:
    """A consumer holding one flavor's amounts on one side of the move."""

    flavor: str
    side: str


@dataclasses.dataclass(frozen=True)
class EndState:
    """Where a correct Nova leaves the server after the stage fails."""

    server_status: str
    # None: the server has no host (shelved offloaded).
    server_side: typing.Optional[str]
    # None: the move makes no migration record (shelve, unshelve).
    migration_status: typing.Optional[str]
    instance: typing.Optional[Holding]
    migration: typing.Optional[Holding]
    # The instance action event whose end marks the end of the operation
    # (failed stages name theirs in FaultStage.failed_event).
    settled_by: typing.Optional[str] = None
    # What the instance consumer holds besides ``instance``: the source
    # part of a successful evacuation, until the source nova-compute starts
    # again (the one exception to "the instance holds only on its host").
    instance_elsewhere: typing.Optional[Holding] = None
    # Other server statuses this Nova leaves instead, depending on timing
    # (only older releases do; see OlderNova).
    also_statuses: typing.Tuple[str, ...] = ()
    # The flavor the compute API shows for the server.  None: whichever it
    # shows, the instance must hold exactly that flavor on its host (the
    # principle).  A known defect's signature names it, because there the
    # two disagree.
    server_flavor: typing.Optional[str] = None
    # The task state the server shows: none once a move ended (principle
    # 4); a known defect's signature names the one a stuck move keeps.
    task_state: typing.Optional[str] = None


@dataclasses.dataclass(frozen=True)
class OlderNova:
    """How an older Nova ends a stage, where it differs.

    Statuses, faults and events are Nova's choice and change between
    releases; the allocations follow the principles in every release, so
    an older end state differs in its statuses, never in who holds what.
    A Nova is older when its newest compute API microversion is below
    ``below`` (2.100 is 2025.2, 2.103 2026.1, 2.104 2026.2).
    """

    below: str
    end_state: typing.Optional[EndState] = None
    # Replaces FaultStage.failed_event when not None ('' for no event).
    failed_event: typing.Optional[str] = None


# The newest compute API microversion of the first Nova release that ends
# some stages as the newest does (FaultStage.older): "below NOVA_2026_1"
# means 2025.2 and older.
NOVA_2026_1 = '2.103'
NOVA_2026_2 = '2.104'


# Instance action events that end before the operation they name, on a
# Nova whose newest microversion is below the one given: before 2026.2,
# compute_live_migration ends once the live migration is handed to a
# thread, and nothing the API shows marks the end of _post_live_migration,
# which saves the migration's final status before it deletes the
# migration's allocation.
EVENTS_ENDING_EARLY = {'compute_live_migration': NOVA_2026_2}


def event_marks_end(event, max_microversion):
    """Whether ``event`` ending means its operation ended, on this Nova."""
    below = EVENTS_ENDING_EARLY.get(event)
    return not (below and max_microversion and
                microversion(max_microversion) < microversion(below))


def microversion(text):
    """'2.61' as (2, 61), for comparisons."""
    return tuple(int(part) for part in text.split('.'))


def oldest_applicable(olders, max_microversion):
    """Of ``olders`` (each with ``below``), the one this Nova is, or None.

    :param max_microversion: e.g. '2.100'; None for the newest Nova.
    """
    if not max_microversion:
        return None
    applicable = [older for older in olders
                  if microversion(max_microversion) <
                  microversion(older.below)]
    return min(applicable, key=lambda older: microversion(older.below),
               default=None)


@dataclasses.dataclass(frozen=True)
class FaultStage:
    """One failure stage of a move."""

    name: str
    summary: str
    operation: str
    end_state: EndState
    # The virt driver method that raises; None for a portable fault.
    driver_method: typing.Optional[str] = None
    # The side whose nova-compute raises; None for a portable fault.
    fault_side: typing.Optional[str] = None
    # Name of the nova.exception class raised (what the fault shows).
    exception: typing.Optional[str] = None
    # Text expected in the server's fault message, if the server records
    # one at this stage.
    fault_message: typing.Optional[str] = None
    # The instance action event that records the failure (result Error).
    failed_event: typing.Optional[str] = None
    # True when the fault driver calls the recover callback of a live
    # migration instead of raising, as real drivers report a failure.
    settles_by_recovery: bool = False
    # True when the destination's resize claim rejects the new flavor: no
    # driver method raises, but the fault driver must report host NUMA
    # cells (nova.conf [resize_fault] numa_cells).
    rejected_by_claim: bool = False
    # Where a hard reboot of the failed server leaves it, for stages whose
    # failure a hard reboot recovers.
    after_hard_reboot: typing.Optional[EndState] = None
    # For driver methods that also run outside the move (spawn, destroy):
    # the task states of the instance in which the fault fires.
    task_states: typing.Optional[typing.Tuple[str, ...]] = None
    # Older Novas that end the stage otherwise (OlderNova), any order.
    older: typing.Tuple[OlderNova, ...] = ()
    # Where a correct Nova leaves the server once the nova-compute that
    # crashed at this stage (kind CRASH) started again and its periodic
    # resource task ran (principle 4); None: no crash scenario.
    after_crash: typing.Optional[EndState] = None
    # True when the stage runs inside an RPC call whose caller waits for
    # its answer: after a crash the caller gives up only once Nova's
    # rpc_response_timeout has passed.
    called_synchronously: bool = False

    def on_nova(self, max_microversion):
        """The stage as a Nova whose newest microversion is this ends it.

        :param max_microversion: e.g. '2.100'; None for the newest Nova.
        """
        oldest = oldest_applicable(self.older, max_microversion)
        if oldest is None:
            return self
        changes = {}
        if oldest.end_state is not None:
            changes['end_state'] = oldest.end_state
        if oldest.failed_event is not None:
            changes['failed_event'] = oldest.failed_event or None
        return dataclasses.replace(self, **changes)
    # ... and the vm states (None: any).
    vm_states: typing.Optional[typing.Tuple[str, ...]] = None
    # A driver method that must fail first so that Nova reaches this one
    # (a live migration must fail before Nova rolls it back).
    reached_through: typing.Optional[str] = None
    # Whether the fault driver reports migrate data whose instance path is
    # not shared, without which Nova skips the destination's roll-back.
    unshared_instance_path: bool = False

    def fires_in(self, driver_method, task_state=None, vm_state=None):
        """Whether this stage's fault fires in a call of driver_method.

        :param task_state: the instance's task state during the call.
        :param vm_state: the instance's vm state during the call.
        """
        if driver_method == self.reached_through:
            return True
        return (driver_method == self.driver_method and
                (self.task_states is None or
                 task_state in self.task_states) and
                (self.vm_states is None or vm_state in self.vm_states))

    @property
    def event(self):
        """The instance action event of the call that runs the stage."""
        return self.failed_event or self.end_state.settled_by

    @property
    def needs_fault_driver(self):
        return self.driver_method is not None or self.rejected_by_claim

    def extra_specs(self, namespace=DEFAULT_NAMESPACE, host=None,
                    once=False, numa_nodes=2, kind=RAISE):
        """The flavor extra specs that make a move fail at this stage.

        :param host: limit the fault to the nova-compute of this host.
        :param once: fail only the first time, so a retry can succeed.
        :param numa_nodes: for the claim stage, the guest NUMA nodes to ask
            for: hosts with fewer NUMA cells reject the flavor.
        :param kind: how the fault acts (KINDS).
        """
        if kind not in KINDS:
            raise ValueError('unknown fault kind %r; known kinds: %s'
                             % (kind, ', '.join(KINDS)))
        if self.driver_method is None:
            if host or once or kind != RAISE:
                raise ValueError(
                    'stage %r is not injected by a driver method: it cannot '
                    'be limited to a host or to one attempt, crash or hold'
                    % self.name)
            if self.rejected_by_claim:
                return {NUMA_NODES_SPEC: str(numa_nodes)}
            return {'resources:%s' % UNSCHEDULABLE_RESOURCE: '1'}
        specs = {'%s:stage' % namespace: self.name}
        if host:
            specs['%s:host' % namespace] = host
        if once:
            specs['%s:once' % namespace] = 'true'
        if kind != RAISE:
            specs['%s:kind' % namespace] = kind
        return specs


# End states of moves that do not fail: the controls.
VERIFY_RESIZE_STATE = EndState(
    server_status='VERIFY_RESIZE', server_side=DEST,
    migration_status='finished',
    instance=Holding(NEW, DEST), migration=Holding(OLD, SOURCE),
    settled_by='compute_finish_resize')
# Nova saves the confirmed server and migration before it deletes the
# migration's allocation: only the end of compute_confirm_resize says the
# confirm is over.
CONFIRMED_STATE = EndState(
    server_status='ACTIVE', server_side=DEST, migration_status='confirmed',
    instance=Holding(NEW, DEST), migration=None,
    settled_by='compute_confirm_resize')
REVERTED_STATE = EndState(
    server_status='ACTIVE', server_side=SOURCE, migration_status='reverted',
    instance=Holding(OLD, SOURCE), migration=None,
    settled_by='compute_finish_revert_resize')
# A resize whose first destination rejected it and whose alternate took it:
# the migration record (Nova reuses it) names the alternate.
RESCHEDULED_STATE = EndState(
    server_status='VERIFY_RESIZE', server_side=ALTERNATE,
    migration_status='finished',
    instance=Holding(NEW, ALTERNATE), migration=Holding(OLD, SOURCE),
    settled_by='compute_finish_resize')

# A live migration that succeeds: the migration's allocation is deleted at
# the end of _post_live_migration, before the event ends.
LIVE_MIGRATED_STATE = EndState(
    server_status='ACTIVE', server_side=DEST, migration_status='completed',
    instance=Holding(OLD, DEST), migration=None,
    settled_by='compute_live_migration')
# A live migration aborted while the guest migrates: the driver reports
# the job cancelled and Nova rolls it back, saving the migration's status
# last, after the allocations.
LIVE_MIGRATION_ABORTED_STATE = EndState(
    server_status='ACTIVE', server_side=SOURCE,
    migration_status='cancelled', instance=Holding(OLD, SOURCE),
    migration=None)
# A live migration whose first choice refused it and whose alternate took
# it.
LIVE_MIGRATED_TO_ALTERNATE_STATE = EndState(
    server_status='ACTIVE', server_side=ALTERNATE,
    migration_status='completed',
    instance=Holding(OLD, ALTERNATE), migration=None,
    settled_by='compute_live_migration')
# Shelved and offloaded: the server has no host and holds nothing.
SHELVED_OFFLOADED_STATE = EndState(
    server_status='SHELVED_OFFLOADED', server_side=None,
    migration_status=None, instance=None, migration=None,
    settled_by='compute_shelve_instance')
# Unshelved on the host the scheduler chose (pinned to the source).
UNSHELVED_STATE = EndState(
    server_status='ACTIVE', server_side=SOURCE, migration_status=None,
    instance=Holding(OLD, SOURCE), migration=None,
    settled_by='compute_unshelve_instance')

# No host can take an offloaded server being unshelved: it stays
# offloaded, holding nothing.
UNSHELVE_NO_VALID_HOST_STATE = EndState(
    server_status='SHELVED_OFFLOADED', server_side=None,
    migration_status=None, instance=None, migration=None)

# Evacuated while the source is down: the instance holds the destination
# and, until the source nova-compute starts again, the source too.
EVACUATED_STATE = EndState(
    server_status='ACTIVE', server_side=DEST, migration_status='done',
    instance=Holding(OLD, DEST), migration=None,
    instance_elsewhere=Holding(OLD, SOURCE),
    settled_by='compute_rebuild_instance')
# ... and once the source nova-compute started again and cleaned up.
EVACUATION_COMPLETED_STATE = EndState(
    server_status='ACTIVE', server_side=DEST, migration_status='completed',
    instance=Holding(OLD, DEST), migration=None)
# No host can take the evacuated server: it stays on the (down) source, in
# ERROR.
EVACUATION_NO_VALID_HOST_STATE = EndState(
    server_status='ERROR', server_side=SOURCE, migration_status='error',
    instance=Holding(OLD, SOURCE), migration=None,
    settled_by='rebuild_server')

# The move failed before anything moved: all back on the source.
_ACTIVE_ON_SOURCE_WITH_OLD = EndState(
    server_status='ACTIVE', server_side=SOURCE, migration_status='error',
    instance=Holding(OLD, SOURCE), migration=None)
# A live migration Nova rolled back (_rollback_live_migration).
_ROLLED_BACK_TO_SOURCE = EndState(
    server_status='ACTIVE', server_side=SOURCE, migration_status='failed',
    instance=Holding(OLD, SOURCE), migration=None)
_ERROR_ON_SOURCE_WITH_OLD = EndState(
    server_status='ERROR', server_side=SOURCE, migration_status='error',
    instance=Holding(OLD, SOURCE), migration=None)

STAGES = (
    FaultStage(
        name='scheduling',
        summary='no host can satisfy the new flavor (portable)',
        operation=RESIZE,
        end_state=_ACTIVE_ON_SOURCE_WITH_OLD,
        exception='NoValidHost',
        failed_event='conductor_migrate_server'),
    FaultStage(
        name='claim',
        summary='the destination\'s resize claim rejects the new flavor\'s '
                'NUMA request (prep_resize), with no alternate that fits',
        operation=RESIZE,
        end_state=_ERROR_ON_SOURCE_WITH_OLD,
        fault_side=DEST,
        exception='ComputeResourcesUnavailable',
        fault_message='Insufficient compute resources',
        failed_event='compute_prep_resize',
        rejected_by_claim=True,
        # Before 2026.2 Nova leaves compute_prep_resize unfinished, the
        # conductor's event records the failure, and the server ends
        # ACTIVE with no fault or, when the alternates ran out first, ERROR
        # with "No valid host found for resize", by timing.
        older=(OlderNova(below=NOVA_2026_2,
                         end_state=dataclasses.replace(
                             _ACTIVE_ON_SOURCE_WITH_OLD,
                             also_statuses=('ERROR',)),
                         failed_event='conductor_migrate_server'),)),
    FaultStage(
        name='resize_instance',
        summary='the source fails to power off and migrate the disk',
        operation=RESIZE,
        end_state=_ERROR_ON_SOURCE_WITH_OLD,
        driver_method='migrate_disk_and_power_off',
        fault_side=SOURCE,
        exception='ResizeError',
        fault_message='Resize error',
        failed_event='compute_resize_instance',
        after_crash=_ACTIVE_ON_SOURCE_WITH_OLD),
    FaultStage(
        name='finish_resize',
        summary='the destination fails to finish the migration '
                '(bug 1825537)',
        operation=RESIZE,
        end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None),
        driver_method='finish_migration',
        fault_side=DEST,
        exception='VirtualInterfaceCreateException',
        fault_message='Virtual Interface creation failed',
        failed_event='compute_finish_resize',
        after_hard_reboot=EndState(
            server_status='ACTIVE', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None),
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None)),
    FaultStage(
        name='confirm_resize',
        summary='the source fails to clean up when the resize is confirmed',
        operation=CONFIRM,
        end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None),
        driver_method='confirm_migration',
        fault_side=SOURCE,
        exception='MigrationPreCheckError',
        fault_message='Migration pre-check error',
        failed_event='compute_confirm_resize',
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None)),
    FaultStage(
        name='revert_resize',
        summary='the source fails to restart the server when the resize '
                'is reverted',
        operation=REVERT,
        end_state=_ERROR_ON_SOURCE_WITH_OLD,
        driver_method='finish_revert_migration',
        fault_side=SOURCE,
        exception='VirtualInterfaceCreateException',
        fault_message='Virtual Interface creation failed',
        failed_event='compute_finish_revert_resize',
        # The revert, failed on the source: as the raise leaves it.
        after_crash=_ERROR_ON_SOURCE_WITH_OLD),
    FaultStage(
        name='revert_resize_dest',
        summary='the destination fails to destroy the resized guest when '
                'the resize is reverted (the first half of a revert)',
        operation=REVERT,
        end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None),
        driver_method='destroy',
        fault_side=DEST,
        exception='InstanceTerminationFailure',
        fault_message='Failed to terminate instance',
        failed_event='compute_revert_resize',
        task_states=('resize_reverting',),
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(NEW, DEST), migration=None)),
    FaultStage(
        name='live_migration_dest_check',
        summary='the destination\'s pre-check refuses the live migration '
                '(Nova tries the next host, if it may choose one)',
        operation=LIVE_MIGRATE,
        end_state=_ACTIVE_ON_SOURCE_WITH_OLD,
        driver_method='check_can_live_migrate_destination',
        fault_side=DEST,
        exception='MigrationPreCheckError',
        failed_event='conductor_live_migrate_instance',
        called_synchronously=True,
        after_crash=_ACTIVE_ON_SOURCE_WITH_OLD),
    FaultStage(
        name='live_migration_dest_check_error',
        summary='the destination\'s pre-check fails with an error that '
                'is not a refusal (Nova tries no other host)',
        operation=LIVE_MIGRATE,
        end_state=EndState(
            server_status='ERROR', server_side=SOURCE,
            migration_status='error',
            instance=Holding(OLD, SOURCE), migration=None),
        driver_method='check_can_live_migrate_destination',
        fault_side=DEST,
        exception='MigrationError',
        fault_message='Migration error',
        failed_event='conductor_live_migrate_instance',
        called_synchronously=True),
    FaultStage(
        name='live_migration_source_check',
        summary='the source\'s pre-check refuses the live migration',
        operation=LIVE_MIGRATE,
        end_state=_ACTIVE_ON_SOURCE_WITH_OLD,
        driver_method='check_can_live_migrate_source',
        fault_side=SOURCE,
        exception='MigrationPreCheckError',
        failed_event='conductor_live_migrate_instance',
        called_synchronously=True,
        after_crash=_ACTIVE_ON_SOURCE_WITH_OLD),
    FaultStage(
        name='pre_live_migration',
        summary='the destination fails to prepare for the incoming guest',
        operation=LIVE_MIGRATE,
        end_state=_ROLLED_BACK_TO_SOURCE,
        driver_method='pre_live_migration',
        fault_side=DEST,
        exception='VirtualInterfaceCreateException',
        failed_event='compute_pre_live_migration',
        called_synchronously=True,
        after_crash=_ROLLED_BACK_TO_SOURCE),
    FaultStage(
        name='live_migration',
        summary='the source\'s driver raises while migrating the guest',
        operation=LIVE_MIGRATE,
        end_state=EndState(
            server_status='ERROR', server_side=SOURCE,
            migration_status='error',
            instance=Holding(OLD, SOURCE), migration=None,
            settled_by='compute_live_migration'),
        driver_method='live_migration',
        fault_side=SOURCE,
        exception='MigrationError',
        # The restarted source sets the running migration to error
        # (ComputeManager._reset_live_migration).
        after_crash=_ACTIVE_ON_SOURCE_WITH_OLD),
    FaultStage(
        name='live_migration_recover',
        summary='the source\'s driver reports a failed migration through '
                'its recover callback, as a real driver does',
        operation=LIVE_MIGRATE,
        end_state=EndState(
            server_status='ACTIVE', server_side=SOURCE,
            migration_status='failed',
            instance=Holding(OLD, SOURCE), migration=None,
            settled_by='compute_live_migration'),
        driver_method='live_migration',
        fault_side=SOURCE,
        settles_by_recovery=True),
    FaultStage(
        name='post_live_migration',
        summary='the source fails to clean up after the guest moved',
        operation=LIVE_MIGRATE,
        end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(OLD, DEST), migration=None,
            settled_by='compute_live_migration'),
        driver_method='post_live_migration',
        fault_side=SOURCE,
        exception='MigrationError',
        fault_message='Migration error',
        # Before 2026.2 the server ends ERROR or ACTIVE on the destination,
        # by timing.
        older=(OlderNova(below=NOVA_2026_2, end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(OLD, DEST), migration=None,
            settled_by='compute_live_migration',
            also_statuses=('ACTIVE',))),),
        # The guest moved, the source's clean-up failed: as the raise
        # leaves it.
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(OLD, DEST), migration=None)),
    FaultStage(
        name='post_live_migration_at_destination',
        summary='the destination fails to finish after the guest moved',
        operation=LIVE_MIGRATE,
        end_state=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(OLD, DEST), migration=None),
        driver_method='post_live_migration_at_destination',
        fault_side=DEST,
        exception='VirtualInterfaceCreateException',
        fault_message='Virtual Interface creation failed',
        failed_event='compute_post_live_migration_at_destination',
        called_synchronously=True,
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status='error',
            instance=Holding(OLD, DEST), migration=None)),
    FaultStage(
        name='rollback_live_migration_at_destination',
        summary='the migration fails, then the destination fails to roll '
                'back (instance path not shared)',
        operation=LIVE_MIGRATE,
        end_state=_ROLLED_BACK_TO_SOURCE,
        driver_method='rollback_live_migration_at_destination',
        fault_side=DEST,
        exception='InstanceTerminationFailure',
        failed_event='compute_rollback_live_migration_at_destination',
        reached_through='live_migration',
        unshared_instance_path=True,
        after_crash=_ROLLED_BACK_TO_SOURCE),
    FaultStage(
        name='evacuate_spawn',
        summary='the destination fails to spawn the guest of a server '
                'evacuated from a host that is down',
        operation=EVACUATE,
        end_state=EndState(
            server_status='ERROR', server_side=SOURCE,
            migration_status='failed',
            instance=Holding(OLD, SOURCE), migration=None),
        driver_method='spawn',
        fault_side=DEST,
        exception='VirtualInterfaceCreateException',
        fault_message='Virtual Interface creation failed',
        failed_event='compute_rebuild_instance',
        task_states=('rebuild_spawning',),
        # The evacuation failed on the destination: as the raise leaves it
        # (the source still down, forced so by the test).
        after_crash=EndState(
            server_status='ERROR', server_side=SOURCE,
            migration_status='failed',
            instance=Holding(OLD, SOURCE), migration=None)),
    FaultStage(
        name='shelve_offload',
        summary='the host fails to destroy the guest of a server being '
                'shelved and offloaded',
        operation=SHELVE,
        end_state=EndState(
            server_status='SHELVED', server_side=SOURCE,
            migration_status=None,
            instance=Holding(OLD, SOURCE), migration=None),
        driver_method='destroy',
        fault_side=SOURCE,
        exception='InstanceTerminationFailure',
        fault_message='Failed to terminate instance',
        failed_event='compute_shelve_instance',
        task_states=('shelving_offloading',),
        # The offload failed: the server stays shelved on its host.
        after_crash=EndState(
            server_status='SHELVED', server_side=SOURCE,
            migration_status=None,
            instance=Holding(OLD, SOURCE), migration=None)),
    FaultStage(
        name='unshelve',
        summary='the chosen host fails to spawn an offloaded server being '
                'unshelved',
        operation=UNSHELVE,
        end_state=EndState(
            server_status='SHELVED_OFFLOADED', server_side=None,
            migration_status=None,
            instance=None, migration=None),
        driver_method='spawn',
        fault_side=DEST,
        exception='VirtualInterfaceCreateException',
        failed_event='compute_unshelve_instance',
        task_states=('spawning',),
        vm_states=('shelved_offloaded',),
        # At start-up Nova errors out an instance that was spawning on the
        # host: ERROR there, holding its flavor there (principle 1).
        after_crash=EndState(
            server_status='ERROR', server_side=DEST,
            migration_status=None,
            instance=Holding(OLD, DEST), migration=None)),
)


@dataclasses.dataclass(frozen=True)
class LostCast:
    """A cast of a move that its receiver never gets."""

    # The RPC method cast (the known defects' stage).
    name: str
    summary: str
    operation: str
    # The nova-compute it is cast to: SOURCE or DEST.
    receiver: str
    # Where a correct Nova leaves the server once the receiver started
    # again and its periodic resource task ran (principle 4).
    after_restart: EndState


LOST_CASTS = (
    LostCast(
        name='prep_resize',
        summary='the conductor casts prep_resize to the destination',
        operation=RESIZE, receiver=DEST,
        after_restart=_ACTIVE_ON_SOURCE_WITH_OLD),
    LostCast(
        name='resize_instance',
        summary='the destination casts resize_instance to the source',
        operation=RESIZE, receiver=SOURCE,
        after_restart=_ACTIVE_ON_SOURCE_WITH_OLD),
)
LOST_CASTS_BY_NAME = {cast.name: cast for cast in LOST_CASTS}

STAGES_BY_NAME = {stage.name: stage for stage in STAGES}
STAGE_NAMES = tuple(stage.name for stage in STAGES)
PORTABLE_STAGE_NAMES = tuple(
    stage.name for stage in STAGES if not stage.needs_fault_driver)


def first_choice_spec(namespace=DEFAULT_NAMESPACE):
    """The extra spec naming the host the first-choice weigher puts first."""
    return '%s:first_choice' % namespace


def first_choice_host(extra_specs, namespace=DEFAULT_NAMESPACE):
    """The host a flavor asks the scheduler to try first, or None."""
    return (extra_specs or {}).get(first_choice_spec(namespace)) or None


def get_stage(name):
    """Return the stage called ``name`` or fail naming the known stages."""
    try:
        return STAGES_BY_NAME[name]
    except KeyError:
        raise ValueError('unknown fault stage %r; known stages: %s'
                         % (name, ', '.join(STAGE_NAMES)))


@dataclasses.dataclass(frozen=True)
class FaultRequest:
    """A fault that a flavor's extra specs ask the fault driver for."""

    stage: FaultStage
    host: typing.Optional[str] = None
    once: bool = False
    kind: str = RAISE

    def applies_to(self, host):
        return self.host is None or self.host == host


_TRUE_VALUES = ('1', 'true', 'yes', 'on')
_FALSE_VALUES = ('0', 'false', 'no', 'off', '')


def parse_fault_request(extra_specs, namespace=DEFAULT_NAMESPACE):
    """Read the fault a flavor asks for from its extra specs.

    :returns: a FaultRequest, or None when the flavor asks for no fault.
    :raises ValueError: when the extra specs name an unknown stage, a
        portable stage, an invalid ``once`` value or an unknown kind.
    """
    extra_specs = extra_specs or {}
    name = extra_specs.get('%s:stage' % namespace)
    if name is None:
        return None
    stage = get_stage(name)
    if stage.driver_method is None:
        raise ValueError('stage %r is not injected by a driver method, the '
                         'fault driver does not inject it' % name)
    once = extra_specs.get('%s:once' % namespace, 'false').strip().lower()
    if once not in _TRUE_VALUES + _FALSE_VALUES:
        raise ValueError('%s:once must be true or false, not %r'
                         % (namespace, once))
    kind = extra_specs.get('%s:kind' % namespace, RAISE).strip().lower()
    if kind not in KINDS:
        raise ValueError('%s:kind must be one of %s, not %r'
                         % (namespace, ', '.join(KINDS), kind))
    return FaultRequest(stage=stage,
                        host=extra_specs.get('%s:host' % namespace) or None,
                        once=once in _TRUE_VALUES, kind=kind)


# Per move without a migration record, the statuses its server rests in
# once the move is over (no task in progress): the API sets the move's
# task state before it accepts the request, and only a user's action
# changes them (with [DEFAULT] shelved_offload_time = 0).
RESTING_STATUSES = {
    SHELVE: ('ACTIVE', 'SHELVED', 'SHELVED_OFFLOADED'),
    UNSHELVE: ('ACTIVE', 'SHELVED_OFFLOADED'),
}

# The judgement step after the server is deleted.
DELETED = 'deleted'
# The judgement step once a crashed nova-compute started again.
RESTARTED = 'restart'


@dataclasses.dataclass(frozen=True)
class AfterDelete:
    """What a delete of the server leaves (a correct Nova: nothing)."""

    instance: typing.Optional[Holding] = None
    migration: typing.Optional[Holding] = None
    instance_elsewhere: typing.Optional[Holding] = None
    # The status of a server the delete left in place (None: it is gone).
    server_status: typing.Optional[str] = None
    # The HTTP status of a delete the compute API refused (None: accepted).
    answer: typing.Optional[int] = None

    def __bool__(self):
        return any((self.instance, self.migration, self.instance_elsewhere,
                    self.server_status, self.answer))


def left_after_delete(instance=None, migration=None, server_status=None,
                      answer=None):
    """What a known defect leaves once its server is deleted."""
    return AfterDelete(instance=instance, migration=migration,
                       server_status=server_status, answer=answer)


@dataclasses.dataclass(frozen=True)
class KnownDefect:
    """A Nova defect, as the exact state Nova leaves where it shows.

    ``signature`` gives, per judgement step of a move of kind ``move``
    failing at ``stage`` ('' for the failure itself, 'hard_reboot',
    DELETED), the end state Nova leaves there: statuses, the flavor the
    server shows and who holds which flavor on which side.  A judgement at
    such a step is compared twice: with the end state a correct Nova
    leaves, and with the signature.  Matching the signature exactly is the
    defect (an expected failure naming it); matching the correct end state
    means Nova no longer shows it (an unexpected success); anything else,
    more or less, fails the test, naming the defect and what goes beyond
    it.
    """

    name: str
    move: str
    stage: str
    signature: typing.Tuple[typing.Tuple[str, EndState], ...]
    # The bug report to file upstream: its title and its text.
    title: str
    report: str
    code_path: str
    seen_in: typing.Tuple[str, ...]
    # The scenarios (test method names) that show it; none: no fault of
    # the catalogue provokes it yet (found under load), so no judgement
    # expects it.
    tests: typing.Tuple[str, ...] = ()
    # How the stage's fault acts where the defect shows (KINDS).
    fault_kind: str = RAISE
    # Other faults that lead Nova to the same signature: (stage,
    # fault_kind) pairs, their tests among ``tests``.
    also_at: typing.Tuple[typing.Tuple[str, str], ...] = ()
    # Shown only by a Nova whose newest compute API microversion is below
    # this one (an older release, as OlderNova.below); None: by any.
    below: typing.Optional[str] = None

    @property
    def steps(self):
        return tuple(step for step, _ in self.signature)

    def leaves_at(self, step, also_statuses=()):
        """The end state Nova leaves at ``step``, or None.

        :param also_statuses: the statuses an older Nova leaves instead,
            by timing, as the stage's end state on that Nova names them.
        """
        for each, state in self.signature:
            if each == step:
                if isinstance(state, AfterDelete):
                    return state
                return dataclasses.replace(
                    state, also_statuses=tuple(also_statuses))
        return None

    def shows_at(self, move, stage_name, step, fault_kind=RAISE,
                 max_microversion=None):
        """Whether a judgement of this move may show the defect.

        :param max_microversion: the Nova's newest compute API
            microversion, e.g. '2.100'; None for the newest Nova.
        """
        return (bool(self.tests) and move == self.move and
                (stage_name, fault_kind) in (
                    ((self.stage, self.fault_kind),) + self.also_at) and
                step in self.steps and self.shown_by(max_microversion))

    def shown_by(self, max_microversion):
        """Whether the Nova with this newest microversion may show it."""
        return self.below is None or bool(
            max_microversion and
            microversion(max_microversion) < microversion(self.below))


# The answers of the fault proxy's modes, as the defects' texts name them.
_ANSWERS = {'refuse': '503', 'conflict': '409 (concurrent update)'}


def _drop_fails_for_good(name, move, call, mode, step, at, state, code_path,
                         test, seen_in=('34.0.0',)):
    """A step whose delete of the migration's allocation is refused.

    The step fails and nothing retries the delete: the migration, final,
    keeps the old flavor on the source, also after the server is deleted.
    """
    answer = _ANSWERS[mode]
    return KnownDefect(
        name=name, move=move,
        stage='%s:%s' % (call, mode), fault_kind=PLACEMENT,
        signature=(('', state),
                   (DELETED, left_after_delete(
                       migration=Holding(OLD, SOURCE)))),
        title='A %s whose delete of the migration\'s allocation gets %s '
              'fails for good, the migration keeping the source' % (
                  step, answer),
        report='When Placement answers %s to the source\'s delete of '
               'the migration\'s allocation at %s, the %s fails: '
               'the server goes ERROR with the fault "Failed to delete '
               'allocations for consumer", the migration error.  Nothing '
               'retries the delete, so the migration, in a final status, '
               'keeps the old flavor on the source, also after the server '
               'is deleted.  Expected: the delete retried (the fault hit '
               'one request only), or the allocation removed once the '
               'migration is final.' % (answer, at, step),
        code_path=code_path, seen_in=seen_in, tests=(test,))


def _drop_reset_silently(name, move, call, step, at, state, code_path, test,
                         seen_in=('34.0.0',)):
    """A step whose delete of the migration's allocation is reset.

    @safe_connect turns the connection failure into a silent None: the
    step reports success while the migration keeps the source.
    """
    return KnownDefect(
        name=name, move=move,
        stage='%s:reset' % call, fault_kind=PLACEMENT,
        signature=(('', state),
                   (DELETED, left_after_delete(
                       migration=Holding(OLD, SOURCE)))),
        title='A %s whose delete of the migration\'s allocation is '
              'reset reports success, the migration keeping the source'
              % step,
        report='When the connection of the source\'s delete of the '
               'migration\'s allocation is reset at %s, the %s ends as if '
               'it worked: the server ACTIVE on the destination, the '
               'migration %s, no fault.  The migration keeps the old flavor '
               'on the source for good, also after the server is deleted.  '
               'Expected: the delete retried, or the %s reported failed '
               '(principle 5).' % (at, step, state.migration_status, step),
        code_path=code_path + ' -> SchedulerReportClient.'
                              'delete_allocation_for_instance: @safe_connect '
                              'turns the connection failure into a silent '
                              'None',
        seen_in=seen_in, tests=(test,))


# A live migration rolled back while the instance keeps the destination
# and the migration the source.
_ROLLED_BACK_KEEPING_DEST = EndState(
    server_status='ACTIVE', server_side=SOURCE, migration_status='failed',
    server_flavor=OLD, instance=Holding(OLD, DEST),
    migration=Holding(OLD, SOURCE))


def _rollback_revert_skipped(name, call, mode, what, code_path, test,
                             seen_in=('34.0.0',), also=()):
    """A live migration rolled back without its allocation revert.

    The source's _revert_allocation fails silently: the server is ACTIVE on
    the source, the instance holds its flavor on the destination and the
    migration keeps the source, also after the server is deleted.

    :param also: (mode, test) of other faults of the call that show it.
    """
    return KnownDefect(
        name=name, move=LIVE_MIGRATION, stage='%s:%s' % (call, mode),
        fault_kind=PLACEMENT,
        signature=(('', _ROLLED_BACK_KEEPING_DEST),
                   (DELETED, left_after_delete(
                       migration=Holding(OLD, SOURCE)))),
        title='A live migration rolled back after %s reports success with '
              'the allocations still as during the move' % what,
        report='Fail pre_live_migration on the destination so that the '
               'source rolls the live migration back; %s.  The roll-back '
               'ends as if it worked: the server ACTIVE on the source, the '
               'migration failed, no fault.  The instance still holds its '
               'flavor on the destination, where the server is not, and '
               'nothing on the source; the migration keeps the flavor on '
               'the source, also after the server is deleted.  Expected: '
               'the revert retried, or the roll-back reported failed '
               '(principle 5).' % what,
        code_path='nova/compute/manager.py ComputeManager._rollback_live_'
                  'migration -> _revert_allocation, whose result nobody '
                  'checks -> ' + code_path,
        seen_in=seen_in, tests=(test,) + tuple(each for _, each in also),
        also_at=tuple(('%s:%s' % (call, other), PLACEMENT)
                      for other, _ in also))


def _evacuation_clean_up_fails(name, mode, test, seen_in=('34.0.0',)):
    """The evacuated source's clean-up request fails: logged, not redone.

    The migration is completed all the same while the instance keeps its
    flavor on the source; the delete of the server removes it.
    """
    answer = _ANSWERS[mode]
    return KnownDefect(
        name=name, move=EVACUATION, stage='evacuation_clean_up:%s' % mode,
        fault_kind=PLACEMENT,
        signature=((RESTARTED, EndState(
            server_status='ACTIVE', server_side=DEST,
            migration_status='completed', server_flavor=OLD,
            instance=Holding(OLD, DEST),
            instance_elsewhere=Holding(OLD, SOURCE), migration=None)),),
        title='An evacuation whose source clean-up gets %s is completed '
              'while the instance keeps holding the source' % answer,
        report='Evacuate a server from a host forced down, then start '
               'nova-compute on that host again; Placement answers %s to '
               'its PUT /allocations/<instance> that removes the source '
               'from the instance\'s allocation.  The start-up logs "Failed '
               'to clean allocation of evacuated instance" and marks the '
               'migration completed all the same: the server runs ACTIVE on '
               'the destination while the instance holds its flavor on the '
               'source too, for good (nothing retries it; only the delete '
               'of the server removes it).  Expected: the clean-up retried, '
               'or the migration left "done" so that the next start-up '
               'tries again (principle 5).' % answer,
        code_path='nova/compute/manager.py ComputeManager._destroy_'
                  'evacuated_instances: remove_provider_tree_from_instance_'
                  'allocation returns False (no retry on a 409 either), '
                  'the error is logged and migration.status = "completed" '
                  'is saved regardless',
        seen_in=seen_in, tests=(test,))


# An offloaded server (no host) whose instance still holds its flavor on
# the source: what a shelve offload or an unshelve leaves when its
# allocation change is lost.
_OFFLOADED_HOLDING_SOURCE = EndState(
    server_status='SHELVED_OFFLOADED', server_side=None,
    migration_status=None, server_flavor=OLD,
    instance=Holding(OLD, SOURCE), migration=None)


def _evacuation_lost_claim(name, call, state, host, request, outcome,
                           code_path, test, seen_in=('34.0.0',)):
    """An evacuation whose claim was made, its answer lost.

    The claim taken for refused, the evacuation fails while the instance
    keeps the claim on the destination beside the source.
    """
    return KnownDefect(
        name=name, move=EVACUATION, stage='%s:lost' % call,
        fault_kind=PLACEMENT,
        signature=(('', dataclasses.replace(
            state, server_flavor=OLD,
            instance_elsewhere=Holding(OLD, DEST))),),
        title='An evacuation whose claim is made but its answer lost '
              'leaves the server holding the destination it never went to',
        report='Evacuate a server from a host whose nova-compute is down '
               'to %s, and lose the answer of %s after Placement made the '
               'claim (the instance\'s allocation now names the source and '
               'the destination).  %s, but the claim stays: the instance '
               'holds its flavor on the source and on the destination '
               'until the server is deleted.  Nothing re-reads a claim '
               'whose answer was lost, and the failed evacuation gives '
               'nothing back.  Expected: the instance holding its flavor '
               'on the source only (the claim re-read, or the destination '
               'removed from the instance\'s allocation when the '
               'evacuation fails).' % (host, request, outcome),
        code_path=code_path, seen_in=seen_in, tests=(test,))


def _move_to_migration_lost(name, move, call, what, code_path, test,
                            seen_in=('34.0.0',)):
    """A move whose source allocation was moved, the answer lost.

    The conductor takes the move for failed and gives nothing back: the
    migration keeps the source, the instance holds nothing.
    """
    return KnownDefect(
        name=name, move=move, stage='%s:lost' % call, fault_kind=PLACEMENT,
        signature=(
            ('', EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='error', server_flavor=OLD,
                instance=None, migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A %s whose move of the source allocation to the migration '
              'is made but its answer lost fails with the migration '
              'holding the source for good' % what,
        report='Start a %s and lose the answer of the conductor\'s POST '
               '/allocations, which moves the instance\'s allocation on '
               'the source to the migration, after Placement made it.  '
               'The conductor takes the move for failed and ends it (the '
               'server ACTIVE on the source, the migration "error"), but '
               'gives nothing back: the server holds nothing on its host '
               'while the migration, in a final status, holds its flavor '
               'there, also after the server is deleted.  The roll-back '
               'gives the allocation back only when the move was known to '
               'be made.  Expected: the instance holding its flavor on the '
               'source (the move re-read, or undone when the task fails), '
               'and nothing left after the delete.' % what,
        code_path=code_path, seen_in=seen_in, tests=(test,))


def _unshelve_spawn_drop_fails(name, mode, what, why, test,
                               seen_in=('34.0.0',)):
    """An unshelve whose spawn failed, its delete of the claim failing.

    The server is offloaded again, with no host, while the instance keeps
    the claim the scheduler made on the host that failed the spawn.
    """
    return KnownDefect(
        name=name, move=UNSHELVE, stage='unshelve_spawn_drop:%s' % mode,
        fault_kind=PLACEMENT, signature=(('', _OFFLOADED_HOLDING_SOURCE),),
        title='An unshelve whose spawn fails and whose delete of the claim '
              '%s leaves the offloaded server holding that host' % what,
        report='Unshelve an offloaded server on a host whose spawn fails; '
               'that host\'s DELETE /allocations/<instance>, which gives '
               'back the claim the scheduler made, %s.  The server is '
               'SHELVED_OFFLOADED again, with no host, but the instance '
               'keeps its flavor on the host that failed the spawn until '
               'the server is deleted.  Expected: the delete retried, or '
               'the claim removed once the server has no host (principles '
               '1 and 5).' % what,
        code_path='nova/compute/manager.py ComputeManager._unshelve_'
                  'instance (the spawn failed) -> SchedulerReportClient.'
                  'delete_allocation_for_instance(force=True) ' + why,
        seen_in=seen_in, tests=(test,))


# The Novas of the maintained releases (2025.2, 2026.1, 2026.2): where a
# known defect was seen on each.
_EVERY_RELEASE = ('32.2.1', '33.0.2', '34.0.0')
_CONFIRM_DROP_PATH = ('nova/compute/manager.py ComputeManager._confirm_resize '
                      '-> _delete_allocation_after_move')
_LIVE_MIGRATION_DROP_PATH = ('nova/compute/manager.py ComputeManager.'
                             '_post_live_migration (the migration saved '
                             'completed first) -> '
                             '_delete_allocation_after_move')
_DROP_RAISES = (' -> SchedulerReportClient.delete_allocation_for_instance '
                'raises AllocationDeleteFailed; no retry, nothing heals it')
_CONFIRM_FAILED = EndState(
    server_status='ERROR', server_side=DEST, migration_status='error',
    server_flavor=NEW, instance=Holding(NEW, DEST),
    migration=Holding(OLD, SOURCE))
_LIVE_MIGRATION_FAILED = EndState(
    server_status='ERROR', server_side=DEST, migration_status='error',
    server_flavor=OLD, instance=Holding(OLD, DEST),
    migration=Holding(OLD, SOURCE))

KNOWN_DEFECTS = (
    KnownDefect(
        name='finish-resize-failure-old-flavor-new-allocation',
        move=RESIZE, stage='finish_resize',
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=DEST,
                migration_status='error', server_flavor=OLD,
                instance=Holding(NEW, DEST), migration=None)),
            ('hard_reboot', EndState(
                server_status='ACTIVE', server_side=DEST,
                migration_status='error', server_flavor=OLD,
                instance=Holding(NEW, DEST), migration=None))),
        title='After a failed finish_resize the instance shows the old '
              'flavor but holds the new flavor\'s allocation',
        report='When finish_migration fails on the destination, Nova '
               'points the instance at the destination, resets its flavor '
               'to the old one and deletes the old flavor\'s allocation on '
               'the source, keeping the new flavor\'s allocation on the '
               'destination.  The API then shows the old flavor for a '
               'server whose Placement allocation is sized for the new '
               'one, and a hard reboot (which recovers the server) keeps '
               'it that way.  Expected: the instance\'s allocation matches '
               'the flavor the instance has.',
        code_path='nova/compute/manager.py ComputeManager._finish_resize: '
                  'when driver.finish_migration raises it resets the '
                  'instance to the old flavor (_set_instance_info(instance, '
                  'old_flavor)), while finish_resize\'s handler '
                  '(_delete_allocation_after_move) keeps the new flavor\'s '
                  'allocation on the destination',
        seen_in=_EVERY_RELEASE,
        tests=('test_finish_resize_failure_then_hard_reboot',
               'test_same_host_finish_resize_failure')),
    KnownDefect(
        name='revert-resize-dest-failure-migration-keeps-source',
        move=RESIZE, stage='revert_resize_dest',
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=DEST,
                migration_status='error', server_flavor=NEW,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='Failed revert_resize on the destination leaks the source '
              'allocation held by the migration',
        report='When reverting a resize, if the destination compute fails '
               'in revert_resize (for example driver.destroy raises), the '
               'instance goes to ERROR on the destination and the '
               'migration to error, but the allocation the migration '
               'consumer holds on the source compute node (the old flavor) '
               'is neither moved back to the instance nor deleted.  It '
               'stays after the instance is deleted.  Steps: resize a '
               'server, let it reach VERIFY_RESIZE, make driver.destroy '
               'fail on the destination, revert.  Expected: a migration in '
               'a final status holds no allocation.',
        code_path='nova/compute/manager.py ComputeManager.revert_resize: '
                  'when driver.destroy raises, errors_out_migration sets '
                  'the migration to error and nothing reverts or deletes '
                  'the allocation the migration holds on the source '
                  '(_revert_allocation runs only in finish_revert_resize '
                  'on the source, which is never cast)',
        seen_in=_EVERY_RELEASE,
        tests=('test_revert_failure_on_destination',)),
    KnownDefect(
        name='live-migration-driver-error-not-rolled-back',
        move=LIVE_MIGRATION, stage='live_migration',
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=SOURCE,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A live migration whose driver call raises is not rolled '
              'back in Placement',
        report='If the virt driver\'s live_migration raises instead of '
               'calling the recover callback, _do_live_migration marks the '
               'migration error and re-raises; the allocations are left as '
               'the conductor set them for the move: the instance consumer '
               'holds the flavor on the destination and the migration '
               'consumer on the source, while the instance stays (ERROR) '
               'on the source.  The migration\'s allocation survives the '
               'deletion of the instance.  Expected: the instance consumer '
               'holds its flavor on the source and the migration holds '
               'nothing.',
        code_path='nova/compute/manager.py ComputeManager._do_live_migration:'
                  ' when driver.live_migration raises, the handler sets the '
                  'migration to error and re-raises without '
                  '_rollback_live_migration, so the allocations are never '
                  'reverted (_revert_allocation)',
        seen_in=_EVERY_RELEASE,
        tests=('test_live_migration_raises',)),
    KnownDefect(
        name='post-live-migration-failure-migration-keeps-source',
        move=LIVE_MIGRATION, stage='post_live_migration',
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=DEST,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='Source allocation leaks when post live migration fails on '
              'the source',
        report='When driver.post_live_migration raises on the source after '
               'the guest moved, the instance is set to the destination '
               'host (ERROR) and the migration to error, but the '
               'allocation held by the migration consumer on the source '
               'node is never deleted, also not when the instance is '
               'deleted.  Expected: a migration in a final status holds '
               'nothing.',
        code_path='nova/compute/manager.py '
                  'ComputeManager._post_live_migration: driver.'
                  'post_live_migration raises in its finally block, so the '
                  'migration is never set to completed and '
                  '_delete_allocation_after_move never runs; '
                  '_post_live_migration_update_host only moves the host',
        seen_in=_EVERY_RELEASE,
        tests=('test_post_live_migration_failure',)),
    KnownDefect(
        name='post-live-migration-at-destination-failure-migration-keeps-'
             'source',
        move=LIVE_MIGRATION, stage='post_live_migration_at_destination',
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=DEST,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='Source allocation leaks when '
              'post_live_migration_at_destination fails',
        report='If post_live_migration_at_destination fails on the '
               'destination, _post_live_migration re-raises the error; the '
               'instance ends ERROR on the destination and the migration '
               'error, and the allocation the migration consumer holds on '
               'the source is never deleted, also not when the instance is '
               'deleted.  Expected: a migration in a final status holds '
               'nothing.',
        code_path='nova/compute/manager.py '
                  'ComputeManager._post_live_migration: the call to '
                  'post_live_migration_at_destination raises and is '
                  're-raised before the migration is set to completed and '
                  '_delete_allocation_after_move runs',
        seen_in=_EVERY_RELEASE,
        tests=('test_post_live_migration_at_destination_failure',)),
    KnownDefect(
        name='delete-in-verify-resize-confirm-failure-stuck-deleting',
        move=DELETE, stage='confirm_resize',
        signature=(
            (DELETED, left_after_delete(
                instance=Holding(NEW, DEST), server_status='ERROR',
                answer=500)),),
        title='Deleting a server in VERIFY_RESIZE whose confirm fails '
              'answers 500 and leaves it undeletable, holding its '
              'allocation',
        report='The compute API confirms a resize awaiting confirmation '
               'before it deletes the server (_confirm_resize_on_deleting, '
               'a synchronous RPC call).  When that confirm fails on the '
               'source (for example driver.confirm_migration raises), the '
               'error comes back through the call and DELETE answers 500 '
               '"Unexpected API Error"; the server is left ERROR with '
               'task_state deleting, its instance consumer holding the new '
               'flavor on the destination.  A second DELETE is ignored as '
               '"already in deleting state", so the server and its '
               'allocation stay until nova-compute on its host is '
               'restarted (init_host then finishes the delete).  Expected: '
               'the delete deletes the server and everything it holds, or '
               'fails with a clear error leaving a server that can be '
               'deleted again.',
        code_path='nova/compute/api.py API._delete -> '
                  '_confirm_resize_on_deleting: compute_rpcapi.'
                  'confirm_resize(cast=False) re-raises the remote error '
                  'after task_state was saved as deleting; API._delete '
                  'ignores a delete of a server already in deleting state',
        seen_in=_EVERY_RELEASE,
        tests=('test_delete_in_verify_resize_confirm_fails',)),
    # A nova-compute killed mid-move (fault kind CRASH), started again,
    # its periodic resource task run: the move must settle (principle 4).
    KnownDefect(
        name='crash-in-resize-instance-not-recovered',
        move=RESIZE, stage='resize_instance', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='migrating', server_flavor=OLD,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A resize whose source nova-compute dies in resize_instance '
              'is never cleaned up: the migration stays migrating and the '
              'instance holds the new flavor on the destination',
        report='If nova-compute on the source dies while it migrates the '
               'disk (migrate_disk_and_power_off), then starts again, '
               '_init_instance finds the instance in task RESIZE_MIGRATING, '
               'reverts the guest and clears the task state: the server is '
               'ACTIVE on the source with its old flavor.  Nothing touches '
               'the migration or the allocations: the migration stays '
               '"migrating" for good and keeps the old flavor on the source, '
               'and the instance consumer keeps the new flavor the '
               'scheduler claimed on the destination, where the server is '
               'not.  Expected: the migration ends in a final status '
               'holding nothing and the instance holds its flavor on the '
               'source only (the allocation revert that resize_instance\'s '
               'exception handler would have done).  Compare bug 1836369.'
               '  The migration\'s allocation survives the delete of '
               'the server.',
        code_path='nova/compute/manager.py ComputeManager._init_instance, '
                  'the RESIZE_MIGRATING branch: driver.'
                  'finish_revert_migration and task_state = None, with no '
                  '_revert_allocation and no migration status',
        seen_in=_EVERY_RELEASE,
        tests=('test_source_dies_migrating_the_disk',)),
    KnownDefect(
        name='crash-in-finish-resize-never-settles',
        move=RESIZE, stage='finish_resize', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='RESIZE', server_side=DEST,
                migration_status='post-migrating', server_flavor=NEW,
                task_state='resize_finish',
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A resize whose destination nova-compute dies in '
              'finish_resize stays in RESIZE for good',
        report='If nova-compute on the destination dies in finish_resize '
               '(driver.finish_migration), then starts again, nothing '
               'resumes or fails the move: the server stays RESIZE with '
               'task_state resize_finish, the migration post-migrating, '
               'and the migration keeps the old flavor on the source.  '
               'Expected: at start-up the move is failed (server ERROR, '
               'migration error) or finished, and the allocations follow '
               'the server.'
               '  The migration\'s allocation survives the delete of '
               'the server.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  'has no branch for task_state RESIZE_FINISH (only '
                  'RESIZE_MIGRATING and RESIZE_PREP), and no periodic task '
                  'finds the unfinished migration',
        seen_in=_EVERY_RELEASE,
        tests=('test_destination_dies_finishing',)),
    KnownDefect(
        name='crash-in-confirm-resize-never-settles',
        move=RESIZE, stage='confirm_resize', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='VERIFY_RESIZE', server_side=DEST,
                migration_status='confirming', server_flavor=NEW,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),),
        title='A confirm whose source nova-compute dies leaves the '
              'migration confirming for good, holding the source',
        report='If nova-compute on the source dies in confirm_resize '
               '(driver.confirm_migration), then starts again, the server '
               'stays VERIFY_RESIZE and the migration "confirming", still '
               'holding the old flavor on the source: the restarted source '
               'skips the instance in _init_instance because its host is '
               'the destination.  Expected: the confirm is finished or '
               'failed at start-up, and the migration ends holding '
               'nothing.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  'returns early for an instance of another host; no '
                  'start-up step looks at migrations in confirming',
        seen_in=_EVERY_RELEASE,
        tests=('test_source_dies_confirming',)),
    KnownDefect(
        name='crash-in-revert-resize-never-settles',
        move=RESIZE, stage='revert_resize_dest', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='REVERT_RESIZE', server_side=DEST,
                migration_status='reverting', server_flavor=NEW,
                task_state='resize_reverting',
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A revert whose destination nova-compute dies stays in '
              'REVERT_RESIZE for good',
        report='If nova-compute on the destination dies in revert_resize '
               '(driver.destroy), then starts again, nothing resumes or '
               'fails the revert: the server stays REVERT_RESIZE with '
               'task_state resize_reverting, the migration "reverting", '
               'the instance holding the new flavor on the destination and '
               'the migration the old flavor on the source.  Expected: at '
               'start-up the revert is finished or failed, and the '
               'allocations follow the server.'
               '  The migration\'s allocation survives the delete of '
               'the server.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  'has no branch for task_state RESIZE_REVERTING',
        seen_in=_EVERY_RELEASE,
        tests=('test_destination_dies_reverting',)),
    KnownDefect(
        name='crash-in-live-migration-not-rolled-back',
        move=LIVE_MIGRATION, stage='live_migration', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A live migration whose source nova-compute dies is set to '
              'error at start-up without rolling back its allocations',
        report='If nova-compute on the source dies during the live '
               'migration, then starts again, _reset_live_migration aborts '
               'the migration, sets it to error and clears the task state: '
               'the server is ACTIVE on the source.  The allocations stay '
               'as the conductor set them for the move: the instance holds '
               'its flavor on the destination, the errored migration keeps '
               'it on the source.  Expected: the instance holds its flavor '
               'on the source only, the migration nothing.'
               '  The migration\'s allocation survives the delete of '
               'the server.',
        code_path='nova/compute/manager.py ComputeManager._reset_live_'
                  'migration (from _init_instance, task MIGRATING): '
                  'live_migration_abort and _set_migration_status(error), '
                  'no _revert_allocation',
        seen_in=_EVERY_RELEASE,
        tests=('test_source_dies_live_migrating',)),
    KnownDefect(
        name='crash-in-finish-revert-resize-never-settles',
        move=RESIZE, stage='revert_resize', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='REVERT_RESIZE', server_side=SOURCE,
                migration_status='reverted', server_flavor=OLD,
                task_state='resize_reverting',
                instance=Holding(OLD, SOURCE), migration=None)),),
        title='A revert whose source nova-compute dies finishing it stays '
              'in REVERT_RESIZE for good',
        report='If nova-compute on the source dies in finish_revert_resize '
               '(driver.finish_revert_migration), then starts again, '
               'nothing finishes or fails the revert: the server stays '
               'REVERT_RESIZE with task_state resize_reverting on the '
               'source, while its migration already says "reverted" and '
               'the allocations were moved back (the instance holds the old '
               'flavor on the source).  Expected: at start-up the revert is '
               'finished or failed, with no task state left.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  'has no branch for task_state RESIZE_REVERTING',
        seen_in=_EVERY_RELEASE,
        tests=('test_source_dies_finishing_the_revert',
               'test_source_dies_reverting'),
        # The source killed while the fault proxy holds its move of the
        # allocation back, which Placement makes after the death.
        also_at=(('revert_move_back:hold', PLACEMENT),)),
    KnownDefect(
        name='crash-in-post-live-migration-not-rolled-back',
        move=LIVE_MIGRATION, stage='post_live_migration', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A live migration whose source nova-compute dies cleaning up '
              'is set to error at start-up, its allocations left as '
              'during the move',
        report='If nova-compute on the source dies in _post_live_migration '
               '(driver.post_live_migration, the guest already on the '
               'destination), then starts again, _reset_live_migration sets '
               'the migration to error and clears the task state: the '
               'server is ACTIVE on the source.  The instance still holds '
               'its flavor on the destination and the migration on the '
               'source.  Expected: the allocations follow the server (the '
               'instance on its host, the migration nothing).  The '
               'migration\'s allocation survives the delete of the server.',
        code_path='nova/compute/manager.py ComputeManager._reset_live_'
                  'migration (from _init_instance, task MIGRATING): no '
                  '_revert_allocation and no completion of the move',
        seen_in=_EVERY_RELEASE,
        tests=('test_source_dies_cleaning_up_a_live_migration',)),
    KnownDefect(
        name='crash-in-post-live-migration-at-destination-migration-keeps-'
             'source',
        move=LIVE_MIGRATION, stage='post_live_migration_at_destination',
        fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='ERROR', server_side=DEST,
                migration_status='error', server_flavor=OLD,
                instance=Holding(OLD, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A live migration whose destination nova-compute dies '
              'finishing it leaves the source allocation with the '
              'migration',
        report='If nova-compute on the destination dies in '
               'post_live_migration_at_destination (the guest already '
               'moved), the source\'s RPC call to it times out after '
               'rpc_response_timeout: _post_live_migration re-raises the '
               'MessagingTimeout, the server ends ERROR on the destination '
               'and the migration error.  Neither the source nor the '
               'restarted destination deletes the allocation the migration '
               'consumer holds on the source, also not when the server is '
               'deleted.  The same code path as '
               'post-live-migration-at-destination-failure-migration-keeps-'
               'source, reached through a timeout instead of an error '
               'answer.  Expected: a migration in a final status holds '
               'nothing.',
        code_path='nova/compute/manager.py ComputeManager._post_live_'
                  'migration: the post_live_migration_at_destination call '
                  'raises MessagingTimeout and is re-raised before '
                  '_delete_allocation_after_move runs; nothing at the '
                  'destination\'s start-up looks at the migration',
        seen_in=('34.0.0',),
        tests=('test_destination_dies_finishing_a_live_migration',)),
    KnownDefect(
        name='crash-in-shelve-offload-never-settles',
        move=SHELVE, stage='shelve_offload', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='SHELVED', server_side=SOURCE,
                migration_status=None, server_flavor=OLD,
                task_state='shelving_offloading',
                instance=Holding(OLD, SOURCE), migration=None)),),
        title='A shelve offload whose nova-compute dies keeps task_state '
              'shelving_offloading for good',
        report='If nova-compute dies while it offloads a shelved server '
               '(driver.destroy), then starts again, nothing finishes or '
               'fails the offload: the server stays SHELVED with task_state '
               'shelving_offloading, holding its flavor on the host.  '
               'Expected: at start-up the offload is finished or failed, '
               'with no task state left.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  'has no branch for task_state SHELVING_OFFLOADING',
        seen_in=_EVERY_RELEASE,
        tests=('test_host_dies_offloading',)),
    KnownDefect(
        name='crash-in-evacuation-spawn-never-settles',
        move=EVACUATION, stage='evacuate_spawn', fault_kind=CRASH,
        signature=(
            (RESTARTED, EndState(
                server_status='REBUILD', server_side=SOURCE,
                migration_status='pre-migrating', server_flavor=OLD,
                task_state='rebuild_spawning',
                instance=Holding(OLD, SOURCE),
                instance_elsewhere=Holding(OLD, DEST), migration=None)),),
        title='An evacuation whose destination nova-compute dies spawning '
              'stays in REBUILD for good, holding both hosts',
        report='If nova-compute on the destination of an evacuation dies in '
               'the spawn (task_state rebuild_spawning), then starts again, '
               'nothing resumes or fails the evacuation: the instance\'s '
               'host is still the source until the rebuild ends, so the '
               'destination\'s _init_instance skips it.  The server stays '
               'REBUILD with task_state rebuild_spawning, the migration '
               '"pre-migrating", and the instance holds its flavor on the '
               'source and on the destination.  Expected: the evacuation '
               'is failed (or finished) at the destination\'s start-up, '
               'with no task state left and the allocations where the '
               'server is.',
        code_path='nova/compute/manager.py ComputeManager._init_instance '
                  '(instance.host != self.host: skipped); nothing looks at '
                  'the evacuation migrations to this host at start-up',
        seen_in=('32.2.1', '34.0.0'),
        tests=('test_destination_dies_spawning',)),
    # A Placement request of the move failed by the fault proxy (fault kind
    # PLACEMENT; the stage is placement_faults.PlacementFault.name).
    KnownDefect(
        name='revert-skipped-after-placement-connection-error',
        move=RESIZE, stage='revert_read:reset', fault_kind=PLACEMENT,
        signature=(
            ('', EndState(
                server_status='ERROR', server_side=SOURCE,
                migration_status='error', server_flavor=OLD,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A failed resize\'s allocation revert is skipped for good '
              'when Placement cannot be reached for a moment',
        report='_revert_allocation reads the migration\'s allocation '
               'through get_allocations_for_consumer, which returns nothing '
               'on a connection error (None) and on an error answer such '
               'as a 503 (an empty dict).  The revert then logs "Did not find '
               'resource allocations for migration" and returns, and the '
               'instance keeps the destination allocation while the '
               'migration keeps the source one; the migration\'s survives '
               'the delete.  A transient error should fail (and be '
               'retried), not read as "nothing to revert".  First seen '
               'once under load at concurrency 4 (the WSGI servers in '
               'front of Placement resetting kept-alive connections); the '
               'fault proxy reproduces it every time by resetting that one '
               'read, or by answering it 503.',
        code_path='nova/compute/manager.py ComputeManager._revert_allocation '
                  'asks SchedulerReportClient.get_allocations_for_consumer, '
                  'which turns a connection failure (ks_exc.ClientException) '
                  'and a non-200 answer (ConsumerAllocationRetrievalFailed) '
                  'into an empty answer; the revert takes "no allocations" '
                  'for a fact and gives up; nothing retries or heals it',
        seen_in=('34.0.0',),
        tests=('test_revert_read_reset_after_failed_resize_instance',
               'test_revert_read_refused_after_failed_resize_instance'),
        also_at=(('revert_read:refuse', PLACEMENT),)),
    _drop_fails_for_good(
        'confirm-refuse-migration-keeps-source', RESIZE, 'confirm_drop',
        'refuse', 'confirm', 'confirm', _CONFIRM_FAILED,
        _CONFIRM_DROP_PATH + _DROP_RAISES, 'test_confirm_drop_refused',
        seen_in=_EVERY_RELEASE),
    _drop_fails_for_good(
        'confirm-conflict-migration-keeps-source', RESIZE, 'confirm_drop',
        'conflict', 'confirm', 'confirm', _CONFIRM_FAILED,
        _CONFIRM_DROP_PATH + _DROP_RAISES, 'test_confirm_drop_conflict',
        seen_in=_EVERY_RELEASE),
    _drop_reset_silently(
        'confirm-reset-silently-keeps-migration-allocation', RESIZE,
        'confirm_drop',
        'confirm', 'confirm', EndState(
            server_status='ACTIVE', server_side=DEST,
            migration_status='confirmed', server_flavor=NEW,
            instance=Holding(NEW, DEST), migration=Holding(OLD, SOURCE),
            settled_by='compute_confirm_resize'),
        'nova/compute/manager.py ComputeManager._delete_allocation_after_'
        'move', 'test_confirm_drop_reset'),
    _drop_fails_for_good(
        'live-migration-refuse-migration-keeps-source', LIVE_MIGRATION,
        'live_migration_drop', 'refuse', 'live migration',
        'the end of a live migration', _LIVE_MIGRATION_FAILED,
        _LIVE_MIGRATION_DROP_PATH + _DROP_RAISES,
        'test_live_migration_drop_refused', seen_in=_EVERY_RELEASE),
    _drop_fails_for_good(
        'live-migration-conflict-migration-keeps-source', LIVE_MIGRATION,
        'live_migration_drop', 'conflict', 'live migration',
        'the end of a live migration', _LIVE_MIGRATION_FAILED,
        _LIVE_MIGRATION_DROP_PATH + _DROP_RAISES,
        'test_live_migration_drop_conflict', seen_in=_EVERY_RELEASE),
    _drop_reset_silently(
        'live-migration-reset-silently-keeps-migration-allocation',
        LIVE_MIGRATION, 'live_migration_drop', 'live migration',
        'the end of a live migration', EndState(
            server_status='ACTIVE', server_side=DEST,
            migration_status='completed', server_flavor=OLD,
            instance=Holding(OLD, DEST), migration=Holding(OLD, SOURCE),
            settled_by='compute_live_migration'),
        _LIVE_MIGRATION_DROP_PATH, 'test_live_migration_drop_reset'),
    _rollback_revert_skipped(
        'live-migration-rollback-read-reset-skips-revert',
        'live_migration_rollback_read', 'reset',
        'the source\'s read of the migration\'s allocation is reset (or '
        'answered 503)',
        'SchedulerReportClient.get_allocations_for_consumer turns the '
        'connection failure, and a non-200 answer, into an empty answer '
        '("Did not find resource allocations for migration")',
        'test_live_migration_rollback_read_reset',
        also=(('refuse', 'test_live_migration_rollback_read_refused'),)),
    _rollback_revert_skipped(
        'live-migration-rollback-refuse-silently-leaves-the-move-'
        'allocations', 'live_migration_rollback_move_back', 'refuse',
        'the source\'s move of the allocation back gets 503',
        'SchedulerReportClient.move_allocations returns False on a 5xx',
        'test_live_migration_rollback_move_back_refused',
        seen_in=_EVERY_RELEASE),
    _rollback_revert_skipped(
        'live-migration-rollback-reset-silently-leaves-the-move-'
        'allocations', 'live_migration_rollback_move_back', 'reset',
        'the source\'s move of the allocation back is reset',
        'SchedulerReportClient.move_allocations: @safe_connect returns None '
        'on a connection failure',
        'test_live_migration_rollback_move_back_reset'),
    # Nova 34 does not send the request again: its roll-back settles.
    KnownDefect(
        name='live-migration-rollback-failed-move-back-never-settles',
        move=LIVE_MIGRATION, stage='live_migration_rollback_move_back:lost',
        fault_kind=PLACEMENT, below=NOVA_2026_2,
        signature=(('', EndState(
            server_status='MIGRATING', server_side=SOURCE,
            migration_status='error', server_flavor=OLD,
            task_state='migrating', instance=Holding(OLD, SOURCE),
            migration=None)),),
        title='A live migration roll-back whose move of the allocation back '
              'fails leaves the server MIGRATING for good',
        report='Fail pre_live_migration on the destination so that the '
               'source rolls the live migration back, and drop the answer '
               'of the source\'s move of the migration\'s allocation back '
               'to the instance (POST /allocations) once Placement made it.  '
               'The source\'s client sends the request again; it meets the '
               'move it made (409 "consumer generation conflict") and '
               'AllocationMoveFailed raises out of the roll-back before '
               'anything after the revert runs.  The allocations are right '
               '(the instance holds its flavor on the source, the migration '
               'nothing) and the migration is error, but the server stays '
               'MIGRATING / migrating with no fault, for good: no periodic '
               'task resets it and only a reset-state by an admin gets it '
               'out.  Expected: the roll-back finishes (the server ACTIVE on '
               'the source, no task) or the server goes ERROR with a fault '
               '(principles 4 and 5).',
        code_path='nova/compute/manager.py ComputeManager._rollback_live_'
                  'migration -> _revert_allocation -> SchedulerReportClient.'
                  'move_allocations raises AllocationMoveFailed on the 409, '
                  'before instance.task_state = None; keystoneauth sends the '
                  'request whose answer was lost once more',
        seen_in=('32.2.1', '33.0.2'),
        tests=('test_live_migration_rollback_move_back_answer_lost',)),
    _evacuation_clean_up_fails(
        'evacuation-clean-up-refuse-completes-keeping-source', 'refuse',
        'test_evacuation_clean_up_refused', seen_in=_EVERY_RELEASE),
    _evacuation_clean_up_fails(
        'evacuation-clean-up-conflict-completes-keeping-source', 'conflict',
        'test_evacuation_clean_up_conflict', seen_in=_EVERY_RELEASE),
    KnownDefect(
        name='shelve-offload-reset-silently-keeps-instance-allocation',
        move=SHELVE, stage='shelve_offload_drop:reset', fault_kind=PLACEMENT,
        signature=(('', _OFFLOADED_HOLDING_SOURCE),),
        title='A shelve offload whose delete of the instance\'s allocation '
              'is reset offloads the server while it keeps holding its '
              'host',
        report='Shelve a server (shelved_offload_time = 0) and reset the '
               'connection of its host\'s DELETE /allocations/<instance>.  '
               'The offload ends as if it worked: the server '
               'SHELVED_OFFLOADED with no host, no fault, while the '
               'instance still holds its flavor on the host it left.  The '
               'host cannot give that capacity to anyone until the server '
               'is unshelved or deleted (the API\'s delete of an offloaded '
               'server removes it).  Expected: the delete retried, or the '
               'offload reported failed, the server staying SHELVED on its '
               'host (principle 5), as a 503 leaves it.',
        code_path='nova/compute/manager.py ComputeManager._shelve_offload_'
                  'instance -> ResourceTracker.delete_allocation_for_shelve_'
                  'offloaded_instance -> SchedulerReportClient.delete_'
                  'allocation_for_instance: @safe_connect turns the '
                  'connection failure into a silent None',
        seen_in=('34.0.0',),
        tests=('test_shelve_offload_drop_reset',)),
    KnownDefect(
        name='unshelve-lost-claim-leaks-allocation',
        move=UNSHELVE, stage='unshelve_claim:lost', fault_kind=PLACEMENT,
        signature=(('', _OFFLOADED_HOLDING_SOURCE),),
        title='An unshelve whose claim is made but its answer lost leaves '
              'the offloaded server holding the host it never went to',
        report='Unshelve an offloaded server whose flavor only one host can '
               'take, and lose the answer of the scheduler\'s PUT '
               '/allocations/<instance> after Placement made the claim.  '
               'The scheduler takes the host for refused and answers '
               'NoValidHost; the conductor puts the server back to '
               'SHELVED_OFFLOADED (no host, no fault), but the claim it '
               'made stays: the instance holds its flavor on that host '
               'until the server is deleted.  The scheduler\'s clean-up '
               'of a failed schedule deletes only the claims it knows it '
               'made.  Expected: nothing held by an offloaded server (the '
               'claim re-read, or the instance\'s allocation deleted on '
               'NoValidHost).',
        code_path='nova/scheduler/manager.py SchedulerManager._schedule '
                  '(_cleanup_allocations of the claimed instances only) '
                  '<- nova/scheduler/utils.py claim_resources -> '
                  'SchedulerReportClient.claim_resources (@safe_connect: '
                  'the lost answer reads as a refused claim); '
                  'nova/conductor/manager.py unshelve_instance '
                  '(NoValidHost: task_state None, nothing else)',
        seen_in=_EVERY_RELEASE,
        tests=('test_unshelve_claim_answer_lost',)),
    _move_to_migration_lost(
        'move-to-migration-lost-answer-leaks-source', RESIZE,
        'move_to_migration', 'resize',
        'nova/conductor/tasks/migrate.py replace_allocation_with_migration '
        '-> SchedulerReportClient.move_allocations (@safe_connect: the '
        'lost answer reads as a failed move) raises NoValidHost before '
        'MigrationTask._held_allocations is set, so MigrationTask.rollback '
        'skips revert_allocation_for_migration',
        'test_move_to_migration_answer_lost', seen_in=_EVERY_RELEASE),
    _move_to_migration_lost(
        'live-migration-move-to-migration-lost-answer-leaks-source',
        LIVE_MIGRATION, 'live_migration_move_to_migration', 'live migration',
        'nova/conductor/tasks/live_migrate.py LiveMigrationTask._execute -> '
        'replace_allocation_with_migration -> SchedulerReportClient.'
        'move_allocations (@safe_connect: the lost answer reads as a '
        'failed move) raises NoValidHost before _held_allocations is set, '
        'so LiveMigrationTask.rollback skips '
        'revert_allocation_for_migration (Nova 32 and 33 send the request '
        'again: its 409 raises AllocationMoveFailed there, the server '
        'ERROR, the same leak)',
        'test_live_migration_move_to_migration_answer_lost',
        seen_in=_EVERY_RELEASE),
    _evacuation_lost_claim(
        'evacuation-lost-claim-leaks-destination', 'evacuation_claim',
        EVACUATION_NO_VALID_HOST_STATE,
        'the one host that can take its flavor',
        'the scheduler\'s PUT /allocations/<instance>',
        'The scheduler takes the host for refused and answers '
        'NoValidHost; the conductor sets the server ERROR on the source '
        'and the migration "error"',
        'nova/scheduler/manager.py SchedulerManager._schedule '
        '(_cleanup_allocations of the claimed instances only) <- '
        'nova/scheduler/utils.py claim_resources -> SchedulerReportClient.'
        'claim_resources (@safe_connect: the lost answer reads as a '
        'refused claim); nova/conductor/manager.py ComputeTaskManager.'
        'rebuild_instance (NoValidHost: the migration "error", the server '
        'ERROR, nothing else)',
        'test_evacuation_claim_answer_lost', seen_in=_EVERY_RELEASE),
    _evacuation_lost_claim(
        'forced-evacuation-lost-claim-leaks-destination',
        'forced_evacuation_claim',
        dataclasses.replace(EVACUATION_NO_VALID_HOST_STATE,
                            server_status='ACTIVE'),
        'a host it is forced to (microversions 2.29 to 2.67)',
        'the conductor\'s PUT /allocations/<instance>',
        'The conductor takes the host for refused (NoValidHost), sets the '
        'migration "error" and leaves the server ACTIVE on the source',
        'nova/conductor/manager.py ComputeTaskManager._allocate_for_'
        'evacuate_dest_host -> nova/scheduler/utils.py claim_resources_on_'
        'destination -> SchedulerReportClient.claim_resources '
        '(@safe_connect: the lost answer reads as a refused claim); '
        'rebuild_instance (NoValidHost: the migration "error", nothing '
        'else; on Nova 32 and 33 the claim sent again meets the one made, '
        'AllocationUpdateFailed: the server ERROR)',
        'test_forced_evacuation_claim_answer_lost', seen_in=_EVERY_RELEASE),
    _unshelve_spawn_drop_fails(
        'unshelve-spawn-failure-refuse-leaks-claim', 'refuse',
        'gets 503',
        'raises AllocationDeleteFailed ("Unable to delete allocation for '
        'instance"), which replaces the spawn failure; nothing retries it',
        'test_unshelve_spawn_drop_refused', seen_in=_EVERY_RELEASE),
    _unshelve_spawn_drop_fails(
        'unshelve-spawn-failure-reset-leaks-claim', 'reset',
        'is reset',
        '@safe_connect turns the connection failure into a silent None',
        'test_unshelve_spawn_drop_reset'),
    KnownDefect(
        name='revert-refuse-silently-leaves-the-move-allocations',
        move=RESIZE, stage='revert_move_back:refuse', fault_kind=PLACEMENT,
        signature=(
            ('', EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='reverted', server_flavor=OLD,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE),
                settled_by='compute_finish_revert_resize')),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A revert whose move of the allocation back gets 503 '
              'reports success with the allocations still as during the '
              'move',
        report='When the source\'s move of the migration\'s allocation '
               'back to the instance gets 503 (finish_revert_resize), the '
               'revert ends as if it worked: the server ACTIVE on the '
               'source with the old flavor, the migration reverted, no '
               'fault.  The instance still holds the new flavor on the '
               'destination and nothing on the source, and the migration '
               'keeps the old flavor on the source, also after the server '
               'is deleted.  Expected: the move retried, or the revert '
               'reported failed (principle 5).',
        code_path='nova/compute/manager.py ComputeManager.finish_revert_'
                  'resize -> _revert_allocation -> SchedulerReportClient.'
                  'move_allocations: the failure is logged and swallowed '
                  '(@safe_connect returns None on a reset; a 5xx makes '
                  'move_allocations return False, which nobody checks)',
        seen_in=_EVERY_RELEASE,
        tests=('test_revert_move_back_refused',)),
    KnownDefect(
        name='revert-reset-silently-leaves-the-move-allocations',
        move=RESIZE, stage='revert_move_back:reset', fault_kind=PLACEMENT,
        signature=(
            ('', EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='reverted', server_flavor=OLD,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE),
                settled_by='compute_finish_revert_resize')),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A revert whose move of the allocation back is reset '
              'reports success with the allocations still as during the '
              'move',
        report='When the source\'s move of the migration\'s allocation '
               'back to the instance is reset (finish_revert_resize), the '
               'revert ends as if it worked: the server ACTIVE on the '
               'source with the old flavor, the migration reverted, no '
               'fault.  The instance still holds the new flavor on the '
               'destination and nothing on the source, and the migration '
               'keeps the old flavor on the source, also after the server '
               'is deleted.  Expected: the move retried, or the revert '
               'reported failed (principle 5).',
        code_path='nova/compute/manager.py ComputeManager.finish_revert_'
                  'resize -> _revert_allocation -> SchedulerReportClient.'
                  'move_allocations: the failure is logged and swallowed '
                  '(@safe_connect returns None on a reset; a 5xx makes '
                  'move_allocations return False, which nobody checks)',
        seen_in=('34.0.0',),
        tests=('test_revert_move_back_reset',)),
    # A server deleted while a stage of its move is held (fault kind
    # HOLD); the stage is released once the delete went as far as it can,
    # and the leak is judged once the periodic resource task ran.
    KnownDefect(
        name='delete-during-confirm-fails-a-second-confirm',
        move=DELETE, stage='confirm_resize', fault_kind=HOLD,
        signature=(
            (DELETED, left_after_delete(instance=Holding(NEW, DEST),
                                        server_status='ERROR', answer=500)),),
        title='Deleting a server whose resize is being confirmed answers '
              '500 and leaves it ERROR, holding the new flavor',
        report='Delete a server while the source confirms its resize.  '
               'The compute API confirms a resized server before deleting '
               'it (_confirm_resize_on_deleting) also when its migration is '
               'already "confirming", and calls confirm_resize on the '
               'source again.  That second confirm waits for the first '
               '(the instance lock), then checks the status of the '
               'migration object it was sent ("confirming", stale) instead '
               'of the saved one ("confirmed"), and fails on the migration '
               'context the first confirm dropped (AttributeError: '
               '\'NoneType\' object has no attribute '
               '\'get_pci_mapping_for_migration\').  The delete is answered '
               '500, the server is set to ERROR and not deleted, and the '
               'instance keeps the new flavor on the destination.  Expected: '
               'the delete waits for the confirm in progress, or skips it, '
               'and deletes the server, leaving nothing.',
        code_path='nova/compute/api.py API._confirm_resize_on_deleting '
                  '(migration "finished" or "confirming"); '
                  'nova/compute/manager.py ComputeManager.confirm_resize '
                  'do_confirm_resize (the status of the migration as sent)',
        seen_in=_EVERY_RELEASE,
        tests=('test_delete_while_source_confirms',)),
    KnownDefect(
        name='delete-during-revert-leaks-migration',
        move=DELETE, stage='revert_resize_dest', fault_kind=HOLD,
        signature=(
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE))),),
        title='A server deleted while its resize is being reverted leaks '
              'the migration\'s allocation on the source',
        report='Delete a server while the destination runs the first half '
               'of a resize revert (revert_resize).  The compute API '
               'confirms a resized server before deleting it only when its '
               'migration is "finished"; a migration "reverting" is left '
               'alone, and the delete on the destination deletes only the '
               'instance\'s allocation.  The migration keeps the old '
               'flavor\'s allocation on the source for good (the source\'s '
               'resource tracker logs it as an allocation "not found in the '
               'database").  Expected: nothing left for the instance or '
               'the migration.',
        code_path='nova/compute/api.py API._delete / '
                  '_confirm_resize_on_deleting (only a "finished" '
                  'migration); nova/compute/manager.py _delete_instance '
                  'deletes only the instance consumer',
        seen_in=_EVERY_RELEASE,
        tests=('test_delete_while_destination_reverts',)),
    KnownDefect(
        name='delete-during-live-migration-leaks-migration',
        move=DELETE, stage='live_migration', fault_kind=HOLD,
        signature=(
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE))),),
        title='A server deleted during its live migration leaks the '
              'migration\'s allocation on the source',
        report='Delete a server while the source runs the live migration '
               '(driver.live_migration in progress).  The delete on the '
               'source deletes the instance\'s allocation (on the '
               'destination); the migration\'s allocation of the flavor on '
               'the source is never deleted: the live migration then fails '
               'on the deleted instance before _post_live_migration or the '
               'roll-back deletes it.  Expected: nothing left for the '
               'instance or the migration.',
        code_path='nova/compute/manager.py _delete_instance (the instance '
                  'consumer only) and _post_live_migration / '
                  '_rollback_live_migration (never reached for a deleted '
                  'instance)',
        seen_in=_EVERY_RELEASE,
        tests=('test_delete_while_live_migrating',)),
    # A controller service killed while the fault proxy held its request.
    KnownDefect(
        name='conductor-dies-moving-to-migration-never-settles',
        move=RESIZE, stage='move_to_migration:hold', fault_kind=PLACEMENT,
        signature=(
            (RESTARTED, EndState(
                server_status='RESIZE', server_side=SOURCE,
                migration_status='pre-migrating', server_flavor=OLD,
                task_state='resize_prep', instance=None,
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A resize whose conductor dies while it moves the source '
              'allocation to the migration stays in RESIZE for good, the '
              'migration holding the source',
        report='Kill nova-conductor (SIGKILL) while its request that moves '
               'the instance\'s allocation on the source to the migration '
               '(POST /allocations) is on its way; the request reaches '
               'Placement after the death, then the conductor starts '
               'again.  Nothing resumes or fails the move: the server stays '
               'RESIZE / resize_prep on the source, the migration '
               '"pre-migrating" holds the old flavor there and the instance '
               'holds nothing.  A conductor has no start-up recovery of the '
               'tasks it ran, and no periodic task looks at a migration '
               '"pre-migrating".  Expected: the move is failed or timed '
               'out (server ACTIVE on the source, migration error) and the '
               'allocation is given back to the instance.  The migration\'s '
               'allocation survives the delete of the server.',
        code_path='nova/conductor/tasks/migrate.py MigrationTask._execute '
                  '(replace_allocation_with_migration, then the scheduler '
                  'and the cast); nova/conductor/manager.py has no recovery '
                  'at start-up',
        seen_in=_EVERY_RELEASE,
        tests=('test_conductor_dies_moving_to_migration',)),
    # A cast of the move lost while its receiver was stopped (LOST_CASTS).
    KnownDefect(
        name='lost-prep-resize-never-settles',
        move=RESIZE, stage='prep_resize', fault_kind=LOST_CAST,
        signature=(
            (RESTARTED, EndState(
                server_status='RESIZE', server_side=SOURCE,
                migration_status='pre-migrating', server_flavor=OLD,
                task_state='resize_prep',
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A resize whose prep_resize cast never reaches the '
              'destination stays in RESIZE for good, the destination '
              'claimed',
        report='Stop nova-compute on the destination, resize (the '
               'scheduler picks that host: its service is still reported '
               'up), drop the prep_resize cast from its queue, start it '
               'again.  The conductor had moved the old flavor\'s '
               'allocation on the source to the migration and the '
               'scheduler had claimed the new flavor on the destination for '
               'the instance; then nothing happens.  The destination knows '
               'nothing of the instance, the source\'s start-up would clear '
               'task_state resize_prep but the source never stopped, and no '
               'periodic task looks at a migration "pre-migrating": the '
               'server stays RESIZE / resize_prep, the migration '
               '"pre-migrating" and both claims stay.  Expected: the move '
               'is failed or timed out (server ACTIVE on the source, '
               'migration error) and the allocations revert to the '
               'instance on the source.  The migration\'s allocation '
               'survives the delete of the server.',
        code_path='nova/conductor/tasks/migrate.py MigrationTask._execute '
                  'casts prep_resize (compute_rpcapi.prep_resize) and '
                  'returns; nothing watches for its arrival',
        seen_in=_EVERY_RELEASE,
        tests=('test_prep_resize_never_reaches_the_destination',)),
    KnownDefect(
        name='lost-resize-instance-not-recovered',
        move=RESIZE, stage='resize_instance', fault_kind=LOST_CAST,
        signature=(
            (RESTARTED, EndState(
                server_status='ACTIVE', server_side=SOURCE,
                migration_status='pre-migrating', server_flavor=OLD,
                instance=Holding(NEW, DEST),
                migration=Holding(OLD, SOURCE))),
            (DELETED, left_after_delete(migration=Holding(OLD, SOURCE)))),
        title='A resize whose resize_instance cast never reaches the '
              'source leaves the server ACTIVE on the source while the '
              'instance holds the new flavor on the destination',
        report='Stop nova-compute on the source, resize, drop the '
               'resize_instance cast the destination sends to the source '
               '(since Nova 34 on the compute-alt topic), start the source '
               'again.  Its _init_instance finds task_state resize_prep and '
               'only clears it: the server is ACTIVE on the source with its '
               'old flavor, but the migration stays "pre-migrating" holding '
               'the old flavor on the source, and the instance keeps the '
               'new flavor the scheduler claimed on the destination, where '
               'the server is not.  Expected: the start-up fails the '
               'migration and reverts the allocations (instance holds its '
               'flavor on the source only).  The migration\'s allocation '
               'survives the delete of the server.',
        code_path='nova/compute/manager.py ComputeManager._init_instance, '
                  'the RESIZE_PREP branch: task_state = None, with no '
                  'migration status and no allocation revert',
        seen_in=_EVERY_RELEASE,
        tests=('test_resize_instance_never_reaches_the_source',)),
)

# Known defects no fault of the catalogue provokes yet: they showed once,
# under load, and are documented with the state they left.
FOUND_UNDER_LOAD = (
)


def known_defect(move, stage_name, step='', fault_kind=RAISE,
                 retried=False, max_microversion=None):
    """The known defect a judgement of this move may show, or None.

    :param retried: Nova sent the failed Placement request again and
        Placement made the change: the defects of a PLACEMENT fault are
        those of a Nova that did not, so none applies.
    :param max_microversion: the Nova's newest compute API microversion;
        None for the newest Nova (KnownDefect.below).
    """
    if retried and fault_kind == PLACEMENT:
        return None
    for defect in KNOWN_DEFECTS:
        if defect.shows_at(move, stage_name, step, fault_kind,
                           max_microversion):
            return defect
    return None

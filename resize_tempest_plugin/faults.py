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

# Sides of a move, as the end states name them.
SOURCE = 'source'
DEST = 'dest'
ALTERNATE = 'alternate'

# Flavors of a move.
OLD = 'old'
NEW = 'new'

# The API action whose processing fails.
RESIZE = 'resize'
CONFIRM = 'confirm'
REVERT = 'revert'

# Extra spec of the portable scheduling fault: a custom resource class that
# no provider has, so Placement returns no allocation candidates.
UNSCHEDULABLE_RESOURCE = 'CUSTOM_RESIZE_FAULT_UNSCHEDULABLE'

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
    server_side: str
    migration_status: str
    instance: typing.Optional[Holding]
    migration: typing.Optional[Holding]
    # The instance action event whose end marks the end of the operation
    # (failed stages name theirs in FaultStage.failed_event).
    settled_by: typing.Optional[str] = None


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
    # True when the destination's resize claim rejects the new flavor: no
    # driver method raises, but the fault driver must report host NUMA
    # cells (nova.conf [resize_fault] numa_cells).
    rejected_by_claim: bool = False
    # Where a hard reboot of the failed server leaves it, for stages whose
    # failure a hard reboot recovers.
    after_hard_reboot: typing.Optional[EndState] = None

    @property
    def needs_fault_driver(self):
        return self.driver_method is not None or self.rejected_by_claim

    def extra_specs(self, namespace=DEFAULT_NAMESPACE, host=None,
                    once=False, numa_nodes=2):
        """The flavor extra specs that make a move fail at this stage.

        :param host: limit the fault to the nova-compute of this host.
        :param once: fail only the first time, so a retry can succeed.
        :param numa_nodes: for the claim stage, the guest NUMA nodes to ask
            for: hosts with fewer NUMA cells reject the flavor.
        """
        if self.driver_method is None:
            if host or once:
                raise ValueError(
                    'stage %r is not injected by a driver method: it cannot '
                    'be limited to a host or to one attempt' % self.name)
            if self.rejected_by_claim:
                return {NUMA_NODES_SPEC: str(numa_nodes)}
            return {'resources:%s' % UNSCHEDULABLE_RESOURCE: '1'}
        specs = {'%s:stage' % namespace: self.name}
        if host:
            specs['%s:host' % namespace] = host
        if once:
            specs['%s:once' % namespace] = 'true'
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

_ERROR_ON_SOURCE_WITH_OLD = EndState(
    server_status='ERROR', server_side=SOURCE, migration_status='error',
    instance=Holding(OLD, SOURCE), migration=None)

STAGES = (
    FaultStage(
        name='scheduling',
        summary='no host can satisfy the new flavor (portable)',
        operation=RESIZE,
        end_state=EndState(
            server_status='ACTIVE', server_side=SOURCE,
            migration_status='error',
            instance=Holding(OLD, SOURCE), migration=None),
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
        rejected_by_claim=True),
    FaultStage(
        name='resize_instance',
        summary='the source fails to power off and migrate the disk',
        operation=RESIZE,
        end_state=_ERROR_ON_SOURCE_WITH_OLD,
        driver_method='migrate_disk_and_power_off',
        fault_side=SOURCE,
        exception='ResizeError',
        fault_message='Resize error',
        failed_event='compute_resize_instance'),
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
        failed_event='compute_confirm_resize'),
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
        failed_event='compute_finish_revert_resize'),
)

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

    def applies_to(self, host):
        return self.host is None or self.host == host


_TRUE_VALUES = ('1', 'true', 'yes', 'on')
_FALSE_VALUES = ('0', 'false', 'no', 'off', '')


def parse_fault_request(extra_specs, namespace=DEFAULT_NAMESPACE):
    """Read the fault a flavor asks for from its extra specs.

    :returns: a FaultRequest, or None when the flavor asks for no fault.
    :raises ValueError: when the extra specs name an unknown stage, a
        portable stage, or an invalid ``once`` value.
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
    return FaultRequest(stage=stage,
                        host=extra_specs.get('%s:host' % namespace) or None,
                        once=once in _TRUE_VALUES)

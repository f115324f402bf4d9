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

"""Judging a move: what was observed, what was expected, how they differ.

Pure functions of API data, so they are unit-tested without a cloud.  The
scenario base class observes (API calls), calls expect() and compare(),
and reports.
"""

import dataclasses
import typing

from resize_tempest_plugin.common import flavor_allocation
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import waiters
from resize_tempest_plugin import faults

HOST_ATTRIBUTE = 'OS-EXT-SRV-ATTR:host'


@dataclasses.dataclass(frozen=True)
class ActionEvent:
    """One event of an instance action: what ran where, and its result."""

    action: str
    event: str
    host: typing.Optional[str]
    result: typing.Optional[str]

    def __str__(self):
        return '%s/%s@%s=%s' % (self.action, self.event, self.host,
                                self.result)


@dataclasses.dataclass(frozen=True)
class Move:
    """One move of a server under test.

    :param flavors: {faults.OLD: flavor, faults.NEW: flavor} as the compute
        API shows them; the same flavor twice for a migration.
    :param alternate: the host a rescheduled move must end on.
    """

    server_id: str
    source: str
    flavors: typing.Mapping[str, dict]
    alternate: typing.Optional[str] = None


@dataclasses.dataclass(frozen=True)
class Observation:
    """What the APIs showed of a moved server at one moment."""

    server: dict
    migrations: typing.Tuple[dict, ...]
    events: typing.Tuple[ActionEvent, ...]
    allocations: ledger.Snapshot

    @property
    def migration(self):
        return waiters.newest_migration(self.migrations)

    @property
    def host(self):
        return self.server[HOST_ATTRIBUTE]

    @property
    def fault(self):
        return waiters.fault_message(self.server)


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What a correct Nova shows after a move, derived from an end state."""

    server_status: str
    server_host: str
    migration_status: str
    allocations: ledger.Snapshot
    # The host the migration record must name as its destination.
    migration_dest: typing.Optional[str] = None
    # Text the server's fault must contain.
    fault_message: typing.Optional[str] = None
    # The instance action event that must have ended in Error.
    failed_event: typing.Optional[str] = None


def sides(move, observation):
    """{side: host} of a move, the destination as its migration names it."""
    found = {faults.SOURCE: move.source,
             faults.DEST: observation.migration['dest_compute']}
    if move.alternate:
        found[faults.ALTERNATE] = move.alternate
    return found


def expect(end_state, move, observation, providers, stage=None):
    """The Expectation of ``end_state`` for a move as it was observed.

    :param providers: {host: resource provider uuid} of the compute hosts.
    :param stage: the faults.FaultStage whose failure is judged, if any.
    """
    migration = observation.migration
    hosts = sides(move, observation)
    allocations = ledger.expected_snapshot(
        end_state,
        {side: providers[host] for side, host in hosts.items()
         if host in providers},
        {'instance': move.server_id, 'migration': migration['uuid']},
        {name: flavor_allocation.flavor_resources(flavor)
         for name, flavor in move.flavors.items()})
    fault_message = failed_event = None
    if stage is not None:
        failed_event = stage.failed_event
        if end_state.server_status == 'ERROR':
            fault_message = stage.fault_message
    return Expectation(
        server_status=end_state.server_status,
        server_host=hosts[end_state.server_side],
        migration_status=end_state.migration_status,
        allocations=allocations,
        migration_dest=move.alternate,
        fault_message=fault_message,
        failed_event=failed_event)


def compare(expectation, observation):
    """Every way ``observation`` differs from ``expectation``, as text."""
    migration = observation.migration
    checks = [('server status', expectation.server_status,
               observation.server['status']),
              ('server host', expectation.server_host, observation.host),
              ('migration status', expectation.migration_status,
               migration['status'])]
    if expectation.migration_dest:
        checks.append(('migration destination', expectation.migration_dest,
                       migration['dest_compute']))
    problems = ['%s: expected %s, actual %s' % (what, want, got)
                for what, want, got in checks if want != got]
    if (expectation.fault_message and
            expectation.fault_message not in observation.fault):
        problems.append('server fault: expected %r in %r'
                        % (expectation.fault_message, observation.fault))
    if expectation.allocations != observation.allocations:
        problems.append('allocations differ from the expected end state')
    if expectation.failed_event and not any(
            event.event == expectation.failed_event and
            event.result == 'Error' for event in observation.events):
        problems.append(
            'instance action event %s: expected a result Error, events '
            'seen: %s' % (expectation.failed_event,
                          ', '.join(map(str, observation.events))))
    return problems

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


# What compare() checks, as its problems name them.
SERVER_STATUS = 'server status'
SERVER_HOST = 'server host'
MIGRATION_STATUS = 'migration status'
MIGRATION_DEST = 'migration destination'
SERVER_FAULT = 'server fault'
ALLOCATIONS = 'allocations'
FAILED_EVENT = 'instance action event'
SERVER_FLAVOR = 'server flavor'
DELETE_ANSWER = 'delete answer'
TASK_STATE = 'task state'


@dataclasses.dataclass(frozen=True)
class Problem:
    """One way an observation differs from its expectation."""

    check: str
    text: str

    def __str__(self):
        return self.text


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
    # The kind of move (faults.RESIZE, faults.COLD_MIGRATION, ...) and the
    # stage it fails at: the known defects are keyed by them.
    kind: str = faults.RESIZE
    stage: typing.Optional[str] = None
    # How the stage's fault acts (faults.KINDS).
    fault_kind: str = faults.RAISE
    # The host the test sent the move to, where it named or pinned one.
    requested_host: typing.Optional[str] = None
    # Nova sent the Placement request the fault failed again, and it was
    # made (faults.known_defect).
    retried: bool = False


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
        return self.server.get(faults.HOST_ATTRIBUTE)

    @property
    def fault(self):
        return waiters.fault_message(self.server)


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What a correct Nova shows after a move, derived from an end state."""

    server_status: str
    server_host: typing.Optional[str]
    # None: the move makes no migration record.
    migration_status: typing.Optional[str]
    allocations: ledger.Snapshot
    # The host the migration record must name as its destination.
    migration_dest: typing.Optional[str] = None
    # Text the server's fault must contain.
    fault_message: typing.Optional[str] = None
    # The instance action event that must have ended in Error.
    failed_event: typing.Optional[str] = None
    # Server statuses accepted besides ``server_status``.
    also_statuses: typing.Tuple[str, ...] = ()
    # What the instance consumer must hold given the flavor and host the
    # compute API shows for the server (None: not checked), and whether
    # only its host's part is checked.
    server_flavor_allocations: typing.Optional[ledger.Snapshot] = None
    server_flavor_only_on_host: bool = False
    # The name of the flavor the server must show (None: not checked).
    server_flavor_name: typing.Optional[str] = None
    # The task state the server must show (none once a move ended).
    task_state: typing.Optional[str] = None


def sides(move, observation):
    """{side: host} of a move, the destination as its migration names it.

    A move without a migration record has only a source, except an
    unshelve that reached a host.
    """
    found = {faults.SOURCE: move.source}
    if observation.migration is not None:
        # Until the destination took the move (prep_resize, the live
        # migration checks) its record names none: the host the test chose.
        found[faults.DEST] = (observation.migration['dest_compute'] or
                              move.requested_host)
    elif move.kind == faults.UNSHELVE and observation.host:
        # No migration record: the destination is the host its claim chose.
        found[faults.DEST] = observation.host
    if move.alternate:
        found[faults.ALTERNATE] = move.alternate
    return found


def server_flavor_allocations(observation, providers, server_id):
    """What the server's own flavor must hold on the server's own host.

    The compute API embeds the server's flavor (2.47+); a server with no
    host (shelved offloaded) must hold nothing.
    """
    host = observation.host
    if not host:
        return ledger.Snapshot()
    return ledger.Snapshot({
        (providers.get(host, host), server_id):
        flavor_allocation.flavor_resources(observation.server['flavor'])})


def holdings(state, move, migrations, providers, server=None):
    """The allocations ``state`` (an end state's holdings) stands for.

    :param migrations: the server's migrations; the newest is the move's.
    :param server: the server as shown, for a move without a migration.
    """
    observation = Observation(server or {}, tuple(migrations), (),
                              ledger.Snapshot())
    migration = observation.migration
    return ledger.expected_snapshot(
        state,
        {side: providers[host]
         for side, host in sides(move, observation).items()
         if host in providers},
        {'instance': move.server_id,
         'migration': migration['uuid'] if migration else None},
        {name: flavor_allocation.flavor_resources(flavor)
         for name, flavor in move.flavors.items()})


def expect(end_state, move, observation, providers, stage=None):
    """The Expectation of ``end_state`` for a move as it was observed.

    :param providers: {host: resource provider uuid} of the compute hosts.
    :param stage: the faults.FaultStage whose failure is judged, if any.
    """
    hosts = sides(move, observation)
    allocations = holdings(end_state, move, observation.migrations,
                           providers, observation.server)
    fault_message = failed_event = None
    if stage is not None:
        failed_event = stage.failed_event
        # The stage's fault, where the server ends ERROR as expected; a
        # server in another status it may end in records none.
        if end_state.server_status == 'ERROR' and not (
                observation.server['status'] in end_state.also_statuses):
            fault_message = stage.fault_message
    named = end_state.server_flavor
    return Expectation(
        server_status=end_state.server_status,
        also_statuses=end_state.also_statuses,
        server_host=(hosts.get(end_state.server_side)
                     if end_state.server_side else None),
        migration_status=end_state.migration_status,
        allocations=allocations,
        migration_dest=move.alternate,
        fault_message=fault_message,
        failed_event=failed_event,
        # An end state that names the flavor the server shows (a known
        # defect's) says exactly what the instance holds instead.
        server_flavor_allocations=None if named else
        server_flavor_allocations(observation, providers, move.server_id),
        # An evacuated instance also holds the source, by design.
        server_flavor_only_on_host=end_state.instance_elsewhere is not None,
        server_flavor_name=move.flavors[named].get('name') if named else None,
        task_state=end_state.task_state)


def describe_holdings(snapshot):
    """'VCPU=2, MEMORY_MB=128 on 1a2b3c4d; ...' or 'nothing'."""
    parts = []
    for provider, consumers in snapshot.to_dict().items():
        for resources in consumers.values():
            parts.append('%s on %s' % (', '.join(
                '%s=%s' % item for item in resources.items()), provider[:8]))
    return '; '.join(parts) or 'nothing'


def compare(expectation, observation):
    """Every way ``observation`` differs from ``expectation``: Problems."""
    migration = observation.migration or {}
    checks = [(SERVER_STATUS, expectation.server_status,
               observation.server['status']),
              (SERVER_HOST, expectation.server_host, observation.host)]
    if expectation.migration_status is not None:
        checks.append((MIGRATION_STATUS, expectation.migration_status,
                       migration.get('status', 'no migration')))
    if expectation.migration_dest:
        checks.append((MIGRATION_DEST, expectation.migration_dest,
                       migration.get('dest_compute')))
    problems = [Problem(what, '%s: expected %s, actual %s'
                        % (what, want, got))
                for what, want, got in checks if want != got and not (
                    what == SERVER_STATUS and
                    got in expectation.also_statuses)]
    task_state = observation.server.get(faults.TASK_ATTRIBUTE)
    if task_state != expectation.task_state:
        # Principle 4: a move that ended leaves no task in progress.
        problems.append(Problem(
            TASK_STATE, 'task state: expected %s, actual %s'
            % (expectation.task_state or 'none', task_state)))
    if (expectation.fault_message and
            expectation.fault_message not in observation.fault):
        problems.append(Problem(
            SERVER_FAULT, 'server fault: expected %r in %r'
            % (expectation.fault_message, observation.fault)))
    if expectation.allocations != observation.allocations:
        problems.append(Problem(
            ALLOCATIONS, 'allocations differ from the expected end state'))
    if expectation.failed_event and not any(
            event.event == expectation.failed_event and
            event.result == 'Error' for event in observation.events):
        problems.append(Problem(
            FAILED_EVENT,
            'instance action event %s: expected a result Error, events '
            'seen: %s' % (expectation.failed_event,
                          ', '.join(map(str, observation.events)))))
    shown_flavor = observation.server['flavor'].get('original_name')
    if expectation.server_flavor_name not in (None, shown_flavor):
        problems.append(Problem(
            SERVER_FLAVOR, 'server flavor: expected %s, actual %s'
            % (expectation.server_flavor_name, shown_flavor)))
    if expectation.server_flavor_allocations is not None:
        held = observation.allocations.only(
            providers=(expectation.server_flavor_allocations.providers()
                       if expectation.server_flavor_only_on_host else None),
            consumers={observation.server['id']})
        if held != expectation.server_flavor_allocations:
            problems.append(Problem(
                SERVER_FLAVOR,
                'server flavor: the server shows flavor %s on host %s, '
                'which must hold %s; the instance holds %s' % (
                    shown_flavor,
                    observation.host,
                    describe_holdings(expectation.server_flavor_allocations),
                    describe_holdings(held))))
    return problems


@dataclasses.dataclass(frozen=True)
class Verdict:
    """How one judgement ends.

    ``problems`` are the differences from what a correct Nova leaves.  A
    judgement where a known defect may show is also compared with the
    defect's signature: ``beyond`` holds those differences.
    """

    problems: typing.Tuple[Problem, ...]
    defect: typing.Optional[faults.KnownDefect] = None
    beyond: typing.Tuple[Problem, ...] = ()
    # The allocations the defect's signature leaves, for the table.
    defect_allocations: typing.Optional[ledger.Snapshot] = None

    @property
    def defect_shown(self):
        """Nova left exactly the known defect's state."""
        return bool(self.defect and self.problems and not self.beyond)

    @property
    def defect_absent(self):
        """Nova left the correct end state where the defect was expected."""
        return bool(self.defect and not self.problems)

    @property
    def failed(self):
        """A mismatch that no known defect accounts for exactly."""
        return bool(self.problems) and not self.defect_shown


def verdict(expectation, observation, move, providers, step='',
            stage=None, max_microversion=None):
    """Judge an observation: against the correct end state, then the defect.

    :param expectation: what a correct Nova leaves (expect()).
    :param stage: the faults.FaultStage whose failure is judged, if any, as
        this Nova ends it (its statuses apply to the defect's too).
    :param max_microversion: this Nova's newest compute API microversion
        (None: the newest Nova), for the defects of older releases.
    """
    problems = tuple(compare(expectation, observation))
    defect = faults.known_defect(move.kind, move.stage, step,
                                 move.fault_kind, move.retried,
                                 max_microversion)
    if defect is None or not problems:
        return Verdict(problems, defect)
    state = defect.leaves_at(step, expectation.also_statuses)
    leaves = expect(state, move, observation, providers, stage)
    return Verdict(problems, defect, tuple(compare(leaves, observation)),
                   leaves.allocations)


def verdict_after_delete(move, migrations, actual, providers, left=None,
                         answer=None, max_microversion=None):
    """Judge what is left once the server is deleted.

    :param actual: the allocations of the server's consumers after it.
    :param left: (status, why) of a server whose delete made no progress,
        or None when it is gone (principle 4: a delete settles too).
    :param answer: the HTTP status of a refused delete, None if accepted.
    :param max_microversion: as verdict()'s.
    """
    problems = ()
    if answer:
        problems += (Problem(DELETE_ANSWER, 'the delete was answered %s'
                             % answer),)
    if left:
        problems += (Problem(SERVER_STATUS, 'server not deleted: %s'
                             % left[1]),)
    if actual:
        problems += (Problem(ALLOCATIONS, 'allocations left after the '
                             'server was deleted (leak)'),)
    defect = faults.known_defect(move.kind, move.stage, faults.DELETED,
                                 move.fault_kind, move.retried,
                                 max_microversion)
    if defect is None or not problems:
        return Verdict(problems, defect)
    leaves = defect.leaves_at(faults.DELETED)
    held = holdings(leaves, move, migrations, providers)
    beyond = []
    if leaves.answer != answer:
        beyond.append(Problem(DELETE_ANSWER, 'the delete was answered %s, '
                              'the known defect\'s %s' % (answer,
                                                          leaves.answer)))
    if leaves.server_status != (left[0] if left else None):
        beyond.append(Problem(
            SERVER_STATUS, 'server left %s, the known defect\'s %s'
            % (left and left[0], leaves.server_status)))
    if held != actual:
        beyond.append(Problem(ALLOCATIONS, 'allocations left after the '
                              'delete differ from the known defect\'s'))
    return Verdict(problems, defect, tuple(beyond), held)

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

"""Judging a moved server through the APIs: read, judge, re-read, verdict.

A Judgement reads what the compute API and Placement show of a server
(one judge.Observation), judges it against an end state and the known
defects (judge.expect, judge.verdict) and, on a mismatch, reads again:
for a while where no event marks the end of the move, then once more with
Placement read from both sides, so what fails a test was not a read in the
middle of a change.  It makes API calls only through the clients it is
given, so unit tests replay recorded API answers.
"""

import dataclasses
import functools
import time

from resize_tempest_plugin.common import judge
from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import polling


@dataclasses.dataclass(frozen=True)
class Judged:
    """One judgement: what was seen, what was expected, how it ends."""

    observation: judge.Observation
    expectation: judge.Expectation
    verdict: judge.Verdict


class Judgement(object):
    """Reads and judges the servers of one test.

    :param servers_client: tempest's admin servers client.
    :param migrations_client: tempest's admin migrations client.
    :param allocations: a ledger.AllocationLedger.
    :param providers: {host: resource provider uuid} of the computes.
    :param max_microversion: the Nova's newest compute API microversion
        (None: the newest Nova), for the defects of older releases.
    """

    def __init__(self, servers_client, migrations_client, allocations,
                 providers, poll_interval, clock=time.monotonic,
                 sleep=time.sleep, max_microversion=None):
        self._servers = servers_client
        self._migrations = migrations_client
        self._ledger = allocations
        self.providers = providers
        self._poll_interval = poll_interval
        self._clock = clock
        self._sleep = sleep
        self._max_microversion = max_microversion
        # Every migration seen: Nova hides them once their server is
        # deleted, and a clean-up still needs their uuids.
        self.migrations_seen = set()
        # The request id of the newest instance action listed.
        self.newest_request_id = None

    def migrations(self, server_id):
        """The server's migrations, as the compute API lists them now."""
        found = self._migrations.list_migrations(
            instance_uuid=server_id)['migrations']
        self.migrations_seen.update(each['uuid'] for each in found)
        return found

    def action_events(self, server_id, newest_only=False, actions=None):
        """The events of the server's instance actions, oldest first.

        :param newest_only: only those of the newest action (the move,
            confirm or revert under way).
        :param actions: the actions to show, when already listed.
        """
        events = []
        # Nova lists the newest action first; start times have whole
        # seconds, so they cannot tell a resize from its quick revert.
        if actions is None:
            actions = self._servers.list_instance_actions(
                server_id)['instanceActions']
        if actions:
            self.newest_request_id = actions[0]['request_id']
        for action in actions[:1] if newest_only else actions[::-1]:
            shown = self._servers.show_instance_action(
                server_id, action['request_id'])['instanceAction']
            for event in sorted(shown.get('events') or [],
                                key=lambda each: each['start_time']):
                events.append(judge.ActionEvent(
                    action['action'], event['event'], event.get('host'),
                    event.get('result')))
        return events

    def observe(self, server_id, events=None, shown=None, confirm=False):
        """What the APIs show of the server, its migrations and consumers.

        :param events: the newest action's events, when just listed.
        :param shown: (server, migrations), when a wait just saw them.
        :param confirm: also read the providers' side of Placement (see
            ledger.AllocationLedger.view).
        """
        if shown is None:
            shown = (self._servers.show_server(server_id)['server'],
                     self.migrations(server_id))
        server, migrations = shown[0], tuple(shown[1])
        allocations = self._ledger.view(
            list(self.providers.values()),
            [server_id] + [each['uuid'] for each in migrations],
            confirm=confirm)
        if events is None:
            events = self.action_events(server_id, newest_only=True)
        return judge.Observation(server, migrations, tuple(events),
                                 allocations)

    def judge(self, move, end_state, stage=None, step='', events=None,
              shown=None, reread=0):
        """Judge the move against ``end_state`` and its known defects.

        :param stage: the faults.FaultStage whose failure is judged.
        :param step: the judgement's label ('' for the failure itself).
        :param events: the newest action's events, if just listed.
        :param shown: (server, migrations), if a wait just saw them settle.
        :param reread: seconds during which a mismatch is read again before
            it is judged, for a move whose end no event marks.
        :returns: a Judged; it raises only when the server has no
            migration record where the end state needs one (MissingMigration)
            or Placement keeps disagreeing with itself.
        """
        given = {'events': events, 'shown': shown}
        deadline = self._clock() + reread

        def read(confirm=False):
            observation = self._agreeing(functools.partial(
                self.observe, move.server_id, given.pop('events', None),
                given.pop('shown', None), confirm=confirm), deadline)
            if (observation.migration is None and
                    end_state.migration_status is not None):
                raise MissingMigration(
                    'Server %s has no migration record after the move.'
                    % move.server_id)
            expectation = judge.expect(end_state, move, observation,
                                       self.providers, stage)
            verdict = judge.verdict(expectation, observation, move,
                                    self.providers, step, stage,
                                    self._max_microversion)
            return Judged(observation, expectation, verdict)

        right = self._reread_while_wrong(
            read, lambda judged: judged.verdict.problems, reread)
        # Still wrong: read once more, Placement from both sides too.
        return right or read(confirm=True)

    def judge_deleted(self, move, migrations, stuck=None, answer=None,
                      reread=0):
        """Judge what the server's consumers hold once it is deleted.

        :param migrations: the server's migrations, listed before the
            delete.
        :param stuck: the waiters.Stuck error of a delete that made no
            progress: the server is still there, and that is a problem too.
        :param answer: the HTTP status of a refused delete.
        :param reread: seconds during which a leak is read again before it
            is judged, for a delete that raced a move still under way.
        :returns: (the allocations left, a judge.Verdict)
        """
        left = (stuck.status, str(stuck)) if stuck else None
        last = {}
        deadline = self._clock() + reread

        def read():
            actual = self._agreeing(functools.partial(
                self._ledger.view, list(self.providers.values()),
                [move.server_id] + [each['uuid'] for each in migrations]),
                deadline)
            last['judged'] = actual, judge.verdict_after_delete(
                move, migrations, actual, self.providers, left=left,
                answer=answer, max_microversion=self._max_microversion)
            return last['judged']

        return (self._reread_while_wrong(
            read, lambda judged: judged[1].problems, reread) or
            last['judged'])

    def _reread_while_wrong(self, read, wrong, reread):
        """read() until ``wrong`` of it is false, for ``reread`` seconds.

        :returns: the first right reading, or None.
        """
        def check():
            reading = read()
            return None if wrong(reading) else reading

        try:
            return polling.poll(check, reread, self._poll_interval,
                                lambda: 'still wrong', _StillWrong,
                                first=self._poll_interval,
                                clock=self._clock, sleep=self._sleep)
        except _StillWrong:
            return None

    def _agreeing(self, read, deadline):
        """read(), again while Placement disagrees with itself.

        Its two views disagree when Nova (or its periodic task) changed the
        allocations between them; after ``deadline`` that is raised.
        """
        return polling.retry(
            read, lambda error: isinstance(error, ledger.PlacementDisagrees),
            max(deadline - self._clock(), 0), self._poll_interval,
            clock=self._clock, sleep=self._sleep)


class _StillWrong(Exception):
    """A reading still wrong once the re-read window closed."""


class MissingMigration(AssertionError):
    """The end state needs a migration record and the server has none."""

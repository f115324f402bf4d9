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

"""Waiters for server and migration status that fail fast.

A wait that follows its request polls as polling.after_request_intervals
says, no more than once more than tempest's waiters; the others check at
once and back off.  They give up at a deadline, and stop at once when the
server goes to ERROR unless ERROR is what the caller waits for, reporting
the server's fault.
"""

import time

from tempest.lib import exceptions as lib_exc
from urllib3 import exceptions as urllib3_exceptions

from resize_tempest_plugin.common import polling
from resize_tempest_plugin import faults


class ServerErrored(lib_exc.TempestException):
    message = ('Server %(server_id)s went to ERROR while waiting for '
               '%(status)s; fault: %(fault)s')


class SettledElsewhere(lib_exc.TempestException):
    message = ('Server %(server_id)s settled as %(status)s with migration '
               '%(migration_status)s while waiting for %(wanted)s: that '
               'state is final')


class Stuck(lib_exc.TempestException):
    message = ('Server %(server_id)s made no progress for %(seconds)s s '
               'while %(doing)s: status %(status)s, task state '
               '%(task_state)s, fault: %(fault)s')

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.status = kwargs['status']
        self.task_state = kwargs['task_state']


class _Progress(object):
    """Tells a move that stopped changing.

    Each poll shows the server; only while it shows no change is
    ``read()`` asked for the rest of the move (its migrations, the events
    of its instance actions), so a move under way costs no more requests.
    """

    def __init__(self, read, stuck_after, clock):
        self._read = read
        self._stuck_after = stuck_after
        self._clock = clock
        self._server = self._rest = self._since = None

    def check(self, server, doing):
        """Raise Stuck once nothing changed for ``stuck_after`` seconds."""
        if not self._stuck_after:
            return
        now = self._clock()
        shown = (server['status'], server.get(faults.TASK_ATTRIBUTE),
                 server.get('updated'))
        if shown != self._server:
            self._server, self._rest, self._since = shown, None, now
            return
        rest = self._read() if self._read else ()
        if rest != self._rest:
            self._rest, self._since = rest, now
        elif now - self._since >= self._stuck_after:
            raise Stuck(server_id=server['id'], seconds=self._stuck_after,
                        doing=doing, status=shown[0], task_state=shown[1],
                        fault=fault_message(server))


def _poll(check, timeout, max_interval, describe, clock, sleep,
          after_request=False):
    """Call ``check`` until it returns something other than None.

    :param after_request: the wait follows the request it waits on (see
        polling.after_request_intervals).
    """
    return polling.poll(check, timeout, max_interval, describe,
                        lib_exc.TimeoutException, clock=clock, sleep=sleep,
                        after_request=after_request)


def poll_until(check, timeout, max_interval, what, clock=time.monotonic,
               sleep=time.sleep):
    """Wait until ``check`` returns something other than None."""
    return _poll(check, timeout, max_interval,
                 lambda: 'Timed out waiting for %s' % what, clock, sleep)


def wait_for_event_finished(list_events, event_name, timeout, max_interval,
                            result=None, clock=time.monotonic,
                            sleep=time.sleep):
    """Wait until an instance action event called ``event_name`` finished.

    Nova finishes an event when the compute or conductor method it wraps
    returns, after the server and migration statuses are saved: waiting for
    it means the method's last steps (Placement clean-ups, the fault record)
    ran.

    :param list_events: returns objects with ``event`` and ``result``.
    :param result: the result to wait for (e.g. ``Error``); any if None.
        A rescheduled step finishes once per host, Success where it handed
        the move on and Error where the move failed for good.
    :returns: the finished events of that name.
    """
    seen = {'events': []}

    def check():
        seen['events'] = list_events()
        finished = [event for event in seen['events']
                    if event.event == event_name and event.result and
                    result in (None, event.result)]
        return finished or None

    def describe():
        return ('No instance action event %s finished%s (events: %s)'
                % (event_name, ' with %s' % result if result else '',
                   ', '.join(map(str, seen['events'])) or 'none'))

    return _poll(check, timeout, max_interval, describe, clock, sleep)


def fault_message(server):
    """The server's fault message, or '-' when it has none."""
    fault = server.get('fault') or {}
    return fault.get('message') or '-'


def wait_for_server_status(servers_client, server_id, status, timeout,
                           max_interval, resting=(), stuck_after=None,
                           progress=None, clock=time.monotonic,
                           sleep=time.sleep):
    """Wait until the server has ``status`` and no task in progress.

    :param resting: statuses that, with no task in progress, nothing but
        a user's action changes (a shelve or an unshelve whose request was
        accepted): a server resting in one that is not ``status`` has
        settled elsewhere.
    :param stuck_after: seconds after which a server that shows no change
        at all, nor ``progress()`` (the rest of its move), is judged
        stuck.
    :returns: the server as last shown.
    :raises ServerErrored: the server went to ERROR with no task in
        progress and ``status`` is not ERROR.
    :raises SettledElsewhere: it rests in another of ``resting``.
    :raises Stuck: it stopped changing.
    :raises TimeoutException: naming the last status and task state.
    """
    last = {}
    moving = _Progress(progress, stuck_after, clock)

    def check():
        server = servers_client.show_server(server_id)['server']
        last['server'] = server
        task_state = server.get(faults.TASK_ATTRIBUTE)
        if server['status'] == status and task_state is None:
            return server
        # ERROR is final only once no task is in progress: a hard reboot
        # of a server in ERROR keeps showing ERROR until it succeeds.
        if (server['status'] == 'ERROR' and task_state is None and
                status != 'ERROR'):
            raise ServerErrored(server_id=server_id, status=status,
                                fault=fault_message(server))
        if server['status'] in resting and task_state is None:
            raise SettledElsewhere(server_id=server_id,
                                   status=server['status'],
                                   migration_status=None, wanted=status)
        moving.check(server, 'waiting for %s' % status)
        return None

    def describe():
        server = last.get('server', {})
        return ('Server %s did not reach status %s (last status %s, task '
                'state %s, fault %s)' % (
                    server_id, status, server.get('status'),
                    server.get(faults.TASK_ATTRIBUTE),
                    fault_message(server)))

    return _poll(check, timeout, max_interval, describe, clock, sleep,
                 after_request=True)


def wait_for_server_deleted(servers_client, server_id, timeout, max_interval,
                            stuck_after=None, clock=time.monotonic,
                            sleep=time.sleep):
    """Wait until showing the server answers 404.

    :param stuck_after: seconds after which a server that shows no change
        at all (status, task state, last update) is judged stuck.
    :raises Stuck: naming the state the server stopped in.
    """
    last = {}

    def check():
        try:
            server = servers_client.show_server(server_id)['server']
        except lib_exc.NotFound:
            return True
        state = (server['status'], server.get(faults.TASK_ATTRIBUTE),
                 server.get('updated'))
        if state != last.get('state'):
            last.update(state=state, since=clock())
        elif stuck_after and clock() - last['since'] >= stuck_after:
            raise Stuck(server_id=server_id, seconds=stuck_after,
                        doing='being deleted', status=state[0],
                        task_state=state[1], fault=fault_message(server))
        return None

    def describe():
        return 'Server %s was not deleted (last status %s)' % (
            server_id, last.get('state', ('?',))[0])

    return _poll(check, timeout, max_interval, describe, clock, sleep,
                 after_request=True)


def wait_for_move_end(servers_client, migrations_client, server_id, status,
                      migration_statuses, timeout, max_interval, resting=(),
                      stuck_after=None, progress=None, clock=time.monotonic,
                      sleep=time.sleep):
    """Wait until a moved server and its newest migration show the end.

    Done when the server has ``status`` with no task in progress and the
    migration one of ``migration_statuses``.  Once the migration is final
    (or an evacuation's "done", or the server is ERROR) and the server has
    no task in progress, the
    state can change no more: if it is not the one awaited, fail at once
    instead of waiting for the deadline.  (A server still VERIFY_RESIZE
    beside a final migration is a confirm under way: Nova saves the
    migration first and sets no task state for it.)  The migrations are
    listed only when the server shows no task: one request a poll while
    the move runs.

    :param status: the server status awaited, or a tuple of those a Nova
        may end in.
    :param resting: as wait_for_server_status's, for a move without a
        migration record (a shelve, an unshelve).
    :param stuck_after: as wait_for_server_status's.
    :param progress: as wait_for_server_status's.
    :returns: (server, the server's migrations) as last shown.
    :raises SettledElsewhere: the move settled in another state.
    :raises Stuck: the move stopped changing.
    :raises TimeoutException: naming the last statuses.
    """
    statuses = tuple(migration_statuses)
    wanted = (status,) if isinstance(status, str) else tuple(status)
    status = ' or '.join(wanted)
    # An evacuation rests "done" until its source starts again: settled,
    # unless the wait is for that "completed".
    settled = faults.FINAL_MIGRATION_STATUSES | (
        frozenset() if 'completed' in statuses else frozenset(('done',)))
    last = {}
    moving = _Progress(progress, stuck_after, clock)

    def check():
        server = servers_client.show_server(server_id)['server']
        last['server'] = server
        doing = 'waiting for %s' % status
        if server.get(faults.TASK_ATTRIBUTE) is not None:
            moving.check(server, doing)
            return None
        migrations = migrations_client.list_migrations(
            instance_uuid=server_id)['migrations']
        migration = newest_migration(migrations)
        last['migration'] = migration
        migration_status = migration['status'] if migration else None
        if (server['status'] == 'VERIFY_RESIZE' and
                migration_status in faults.FINAL_MIGRATION_STATUSES):
            # A confirm, which has no task state, saved the migration
            # before the server.
            moving.check(server, doing)
            return None
        if server['status'] in wanted and migration_status in statuses:
            return server, migrations
        # A finished resize waits for the user's confirm or revert: from
        # it no other state comes.
        waits_for_user = (server['status'] == 'VERIFY_RESIZE' and
                          migration_status == 'finished')
        if (migration_status in settled or
                waits_for_user or server['status'] in resting or
                server['status'] == 'ERROR' and 'ERROR' not in wanted):
            raise SettledElsewhere(
                server_id=server_id, status=server['status'],
                migration_status=migration_status,
                wanted='%s and migration %s' % (
                    status, ', '.join(map(str, statuses))))
        moving.check(server, doing)
        return None

    def describe():
        server = last.get('server', {})
        migration = last.get('migration') or {}
        return ('Server %s did not reach %s with migration %s (last status '
                '%s, task state %s, migration %s)' % (
                    server_id, status, ', '.join(map(str, statuses)),
                    server.get('status'),
                    server.get(faults.TASK_ATTRIBUTE),
                    migration.get('status', 'not listed')))

    return _poll(check, timeout, max_interval, describe, clock, sleep,
                 after_request=True)


def newest_migration(migrations):
    """The most recent of some migration records, or None."""
    if not migrations:
        return None
    return max(migrations, key=lambda migration: migration['id'])


def is_transient(error):
    """An error that a service restarting (5xx, no connection) explains."""
    status = getattr(getattr(error, 'resp', None), 'status', None)
    if status is not None:
        return int(status) >= 500
    return isinstance(error, (ConnectionError, lib_exc.InvalidHTTPResponseBody,
                              urllib3_exceptions.HTTPError))


def retry_transient(call, timeout, max_interval, clock=time.monotonic,
                    sleep=time.sleep):
    """``call()``, again while it fails the way a restarting service does.

    For clean-ups: one given up on a 500 while the database restarted
    left a pinning trait behind.  Any other error (a wait of the call's
    own timing out too), and a transient one still there at the deadline,
    propagates.
    """
    return polling.retry(call, is_transient, timeout, max_interval,
                         clock=clock, sleep=sleep)

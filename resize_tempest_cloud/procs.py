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

"""Start, find, watch and stop the processes of one embedded cloud.

Every process we start carries ``RESIZE_CLOUD_ID=<state dir>`` and
``RESIZE_CLOUD_SERVICE=<name>`` in its environment, and so do all its
descendants (gunicorn workers, Erlang helpers), even those that leave the
session: the tag, not a process name, is how ``down`` finds what is ours.
"""

import os
import signal
import subprocess
import sys
import time

import psutil

from resize_tempest_plugin.common import polling

TAG = 'RESIZE_CLOUD_ID'
SERVICE_TAG = 'RESIZE_CLOUD_SERVICE'
_FIRST_POLL = 0.02
_MAX_POLL = 0.25


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt()


def stop_on_sigterm():
    """Make SIGTERM unwind like ^C, so what the command started stops."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


def venv_bin(name):
    """A command of the virtualenv this Python runs from."""
    return os.path.join(os.path.dirname(sys.executable), name)


def kill_group(proc, grace=10):
    """SIGTERM the process group we started, SIGKILL after ``grace``."""
    for signum in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signum)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


class CloudError(Exception):
    """A one-line cause, with the log that explains it when there is one."""

    def __init__(self, message, log=None):
        super().__init__(message)
        self.log = log


class Aborted(Exception):
    """Another part of the start-up failed; stop waiting."""


class Child(object):
    """A process we started, known by its service name and log."""

    def __init__(self, name, popen, log):
        self.name = name
        self.popen = popen
        self.log = log

    @property
    def pid(self):
        return self.popen.pid

    def check_running(self):
        code = self.popen.poll()
        if code is not None:
            raise CloudError('%s exited with code %s while starting'
                             % (self.name, code), self.log)


def spawn(layout, name, argv, env=None):
    """Start argv as service ``name`` in a new session, logging to its log."""
    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env[TAG] = layout.cloud_id
    child_env[SERVICE_TAG] = name
    # setproctitle (gunicorn, oslo.service) would overwrite the environ
    # block that carries the tag.
    child_env['SPT_NOENV'] = '1'
    log = layout.log(name)
    with open(log, 'ab') as out:
        try:
            popen = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, env=child_env, cwd=layout.root,
                start_new_session=True)
        except OSError as exc:
            raise CloudError('cannot start %s: %s' % (name, exc), log)
    with open(layout.pidfile(name), 'w') as f:
        f.write('%d\n' % popen.pid)
    return Child(name, popen, log)


def run(layout, name, argv, env=None, timeout=300, abort=None):
    """Run a one-shot command as a tagged process; fail on non-zero exit."""
    child = spawn(layout, name, argv, env)

    def finished():
        return child.popen.poll() is not None

    try:
        wait_for(name, finished, timeout, abort=abort, log=child.log)
    except (Aborted, CloudError):
        child.popen.kill()
        child.popen.wait()
        raise
    if child.popen.returncode:
        raise CloudError('%s failed with exit code %d'
                         % (name, child.popen.returncode), child.log)


def wait_for(what, check, timeout, watch=(), abort=None, log=None):
    """Poll ``check`` until it returns a true value, within ``timeout``.

    Each child in ``watch`` must stay alive meanwhile; ``abort`` (an
    Event) set by a failing sibling ends the wait early.
    """
    def ready():
        for child in watch:
            child.check_running()
        if abort is not None and abort.is_set():
            raise Aborted(what)
        return check() or None

    def not_ready(message):
        return CloudError(message, log)

    return polling.poll(ready, timeout, _MAX_POLL,
                        lambda: '%s not ready' % what, not_ready,
                        first=_FIRST_POLL)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def tagged(cloud_id, services=None):
    """Live processes of this cloud as {pid: service name}."""
    found = {}
    for process in psutil.process_iter(['pid', 'status']):
        if (process.info['pid'] == os.getpid() or
                process.info['status'] == psutil.STATUS_ZOMBIE):
            continue
        try:
            environ = process.environ()
        except (psutil.Error, OSError):
            continue
        if environ.get(TAG) != cloud_id:
            continue
        name = environ.get(SERVICE_TAG, '')
        if services is None or name in services:
            found[process.info['pid']] = name
    return found


def command_line(pid):
    try:
        return ' '.join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return ''


def read_pid(path):
    text = _read(path)
    try:
        return int(text.split()[0]) if text else None
    except ValueError:
        return None


def _signal(pids, signum):
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def stop(cloud_id, leaders, graces, settle=10.0):
    """Stop services: SIGTERM, bounded wait, then SIGKILL.

    :param leaders: {service: pid to SIGTERM first}; a service without a
        live leader gets SIGTERM on all its processes.
    :param graces: {service: seconds to wait before SIGKILL}.
    :returns: ({pid: service} still alive after the kill (should be
        empty), names of the services that needed SIGKILL).
    """
    services = set(graces)
    alive = tagged(cloud_id, services)
    term = []
    for name in services:
        own = [pid for pid, svc in alive.items() if svc == name]
        leader = leaders.get(name)
        term.extend([leader] if leader in own else own)
    _signal(term, signal.SIGTERM)
    start = time.monotonic()
    killed = {}
    pauses = polling.intervals(_MAX_POLL, _FIRST_POLL)
    while alive:
        elapsed = time.monotonic() - start
        overdue = [pid for pid, svc in alive.items()
                   if elapsed >= graces[svc] and pid not in killed]
        _signal(overdue, signal.SIGKILL)
        killed.update((pid, alive[pid]) for pid in overdue)
        if elapsed > max(graces.values()) + settle:
            break
        time.sleep(next(pauses))
        alive = tagged(cloud_id, services)
    return alive, set(killed.values())


def listening_sockets():
    """{port: {pid, ...}} of TCP sockets in LISTEN state.

    A pid is None where the socket's owner cannot be seen.
    """
    found = {}
    for connection in psutil.net_connections(kind='tcp'):
        if connection.status == psutil.CONN_LISTEN:
            found.setdefault(connection.laddr.port, set()).add(
                connection.pid)
    return found


def socket_owner(pids):
    """The (pid, command line) of one of a socket's owners, if known."""
    for pid in sorted(pid for pid in pids if pid):
        command = command_line(pid)
        if command:
            return pid, command
    return None, None

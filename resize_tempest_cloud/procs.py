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
import time

TAG = 'RESIZE_CLOUD_ID'
SERVICE_TAG = 'RESIZE_CLOUD_SERVICE'
_MAX_POLL = 0.25


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
    deadline = time.monotonic() + timeout
    interval = 0.02
    while True:
        for child in watch:
            child.check_running()
        if abort is not None and abort.is_set():
            raise Aborted(what)
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise CloudError('%s not ready after %d s' % (what, timeout),
                             log)
        time.sleep(interval)
        interval = min(interval * 2, _MAX_POLL)


def _read(path, mode='r'):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def tagged(cloud_id, services=None):
    """Live processes of this cloud as {pid: service name}."""
    marker = ('%s=%s' % (TAG, cloud_id)).encode()
    prefix = ('%s=' % SERVICE_TAG).encode()
    found = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        environ = _read('/proc/%s/environ' % entry, 'rb')
        if not environ or marker not in environ.split(b'\0'):
            continue
        stat = _read('/proc/%s/stat' % entry) or ''
        if stat.rpartition(')')[2].split()[:1] == ['Z']:
            continue
        name = ''
        for var in environ.split(b'\0'):
            if var.startswith(prefix):
                name = var[len(prefix):].decode()
        if services is None or name in services:
            found[int(entry)] = name
    return found


def command_line(pid):
    raw = _read('/proc/%d/cmdline' % pid, 'rb') or b''
    return raw.replace(b'\0', b' ').decode(errors='replace').strip()


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
    interval = 0.02
    while alive:
        elapsed = time.monotonic() - start
        overdue = [pid for pid, svc in alive.items()
                   if elapsed >= graces[svc] and pid not in killed]
        _signal(overdue, signal.SIGKILL)
        killed.update((pid, alive[pid]) for pid in overdue)
        if elapsed > max(graces.values()) + settle:
            break
        time.sleep(interval)
        interval = min(interval * 2, _MAX_POLL)
        alive = tagged(cloud_id, services)
    return alive, set(killed.values())


def listening_sockets():
    """{port: [socket inode, ...]} of TCP sockets in LISTEN state."""
    found = {}
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        for line in (_read(table) or '').splitlines()[1:]:
            fields = line.split()
            if len(fields) < 10 or fields[3] != '0A':
                continue
            port = int(fields[1].rsplit(':', 1)[1], 16)
            found.setdefault(port, []).append(fields[9])
    return found


def socket_owner(inodes):
    """The (pid, command line) holding one of the socket inodes, if any."""
    wanted = set('socket:[%s]' % inode for inode in inodes)
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        fd_dir = '/proc/%s/fd' % entry
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(os.path.join(fd_dir, fd)) in wanted:
                    return int(entry), command_line(int(entry))
            except OSError:
                continue
    return None, None

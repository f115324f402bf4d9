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

"""What the lab's benchmarks and soaks share: the cloud, tempest, results.

The cloud is driven only through its command, ``resize-tempest-cloud``,
and tempest only through ``tempest run`` and ``stestr last --subunit`` in
the cloud's tempest workspace, all from this virtualenv.
"""

import argparse
import configparser
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import lifecycle
from resize_tempest_cloud import mutants
from resize_tempest_cloud import procs
from resize_tempest_cloud import results
from resize_tempest_cloud import selection

SUITE_REGEX = 'resize_tempest_plugin'
SCENARIO_PREFIX = 'resize_tempest_plugin.tests.scenario.'
# Tests that count as passed; 'xfail' is an expectFailure that held.
PASSED = ('success', 'xfail')
FAILED = results.FAILED
READY_RE = re.compile(r'cloud ready in ([0-9.]+) s(?: \(([^)]*)\))?')
# One row of `resize-tempest-cloud status` (indented, as format_table
# prints it): service, port, listening, health, RSS in MB, pids.
STATUS_RE = re.compile(
    r'^\s*(\S+)\s+(\S+)\s+(\S+)\s+(ok|BAD|down)\s+(\d+|-)\s')


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def stamp():
    return utc_now().strftime('%Y%m%d-%H%M%S')


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def fmt(value, unit='', digits=1):
    if value is None:
        return '-'
    return '%.*f%s' % (digits, value, unit)


class BenchmarkError(Exception):
    """A one-line reason the benchmark cannot go on."""


def popen_logged(argv, log, **kwargs):
    """Popen argv in its own session; its command line first in ``log``."""
    log.write(('$ %s\n' % ' '.join(argv)).encode())
    log.flush()
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            start_new_session=True, **kwargs)


def run_logged(argv, log_path, cwd=None, env=None, echo=False,
               capture=False, stdout_path=None):
    """Run argv in its own session; its output goes to log_path.

    With ``echo`` its output is also printed, with ``capture`` its stdout
    is returned, with ``stdout_path`` its stdout goes to that file.  A
    KeyboardInterrupt kills the process group we started, then
    propagates.

    :returns: (exit code, wall seconds, stdout bytes if ``capture``).
    """
    started = time.monotonic()
    with open(log_path, 'ab') as log:
        stdout = (open(stdout_path, 'wb') if stdout_path else
                  subprocess.PIPE if (capture or echo) else log)
        try:
            proc = popen_logged(
                argv, log, cwd=cwd, env=env, stdout=stdout,
                stderr=log if (capture or stdout_path) else subprocess.STDOUT)
        finally:
            if stdout_path:
                stdout.close()
        out = b''
        try:
            if capture:
                out, _ = proc.communicate()
            elif echo:
                for line in proc.stdout:
                    log.write(line)
                    sys.stdout.write(line.decode(errors='replace'))
                    sys.stdout.flush()
                    out += line
                proc.wait()
            else:
                proc.wait()
        except BaseException:
            procs.kill_group(proc)
            raise
    return proc.returncode, time.monotonic() - started, out


def tempest_conf(workspace):
    """The workspace's etc/tempest.conf, as much of it as can be read."""
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        conf.read(os.path.join(workspace, 'etc', 'tempest.conf'))
    except configparser.Error:
        pass
    return conf


class Cloud(object):
    """The embedded cloud of one state dir: started here or reused."""

    def __init__(self, state_dir, base_port, out_dir, keep=False,
                 up_args=()):
        self.state_dir = os.path.realpath(state_dir)
        self.base_port = base_port
        self.out_dir = out_dir
        self.keep = keep
        self.up_args = list(up_args)
        self.started_here = False
        self.ready_seconds = None
        self.up_wall_seconds = None
        self.schema = None
        self.log = os.path.join(out_dir, 'cloud.log')

    def command(self, *args):
        return [procs.venv_bin('resize-tempest-cloud'), '--state-dir',
                self.state_dir] + list(args)

    @property
    def workspace(self):
        return os.path.join(self.state_dir, 'tempest')

    @property
    def reports_dir(self):
        return os.path.join(self.state_dir, 'reports')

    def tempest_log(self):
        """tempest.log of the workspace, as tempest.conf places it."""
        conf = tempest_conf(self.workspace)
        return os.path.join(
            conf.get('DEFAULT', 'log_dir',
                     fallback=os.path.join(self.state_dir, 'logs')),
            conf.get('DEFAULT', 'log_file', fallback=None) or 'tempest.log')

    def status(self):
        """(exit code, {service: RSS MB}, unhealthy services) of `status`."""
        code, _, out = run_logged(self.command('status'), self.log,
                                  capture=True)
        rss, unhealthy = {}, []
        for line in out.decode(errors='replace').splitlines():
            match = STATUS_RE.match(line)
            if match and match.group(1) != 'SERVICE':
                name, health, mb = match.group(1, 4, 5)
                rss[name] = int(mb) if mb.isdigit() else None
                if health != 'ok':
                    unhealthy.append(name)
        return code, rss, sorted(unhealthy)

    def up(self):
        """Reuse a healthy cloud of the state dir or start one."""
        code, rss, _ = self.status()
        if code == 0 and rss:
            print('reusing the running cloud in %s' % self.state_dir)
            return
        argv = self.command('up', '--base-port', str(self.base_port),
                            *self.up_args)
        print('$ %s' % ' '.join(argv), flush=True)
        self.started_here = True
        code, wall, out = run_logged(argv, self.log, echo=True)
        self.up_wall_seconds = wall
        if code != 0:
            raise BenchmarkError('resize-tempest-cloud up failed (exit %d);'
                                 ' see %s' % (code, self.log))
        match = READY_RE.search(out.decode(errors='replace'))
        if match:
            self.ready_seconds = float(match.group(1))
            self.schema = match.group(2)

    def down(self):
        if not self.started_here:
            return
        if self.keep:
            print('cloud kept running: %s' % ' '.join(self.command('down')))
            return
        code, _, _ = run_logged(self.command('down'), self.log, echo=True)
        if code != 0:
            print('warning: resize-tempest-cloud down exited %d; see %s'
                  % (code, self.log), file=sys.stderr)

    def admin_credentials(self):
        """OS_* variables of the admin-openrc the cloud wrote."""
        return mutants.openrc(os.path.join(self.state_dir, 'admin-openrc'))


def cloud_tool_args(prog, doc, argv, **defaults):
    """The arguments of a tool for the running cloud of ``--state-dir``.

    ``defaults`` are its integer options: ``runs=5`` is ``--runs``, 5.
    """
    parser = argparse.ArgumentParser(prog=prog, description=doc.split('\n')[0])
    parser.add_argument('--state-dir', default=layout_mod.default_state_dir())
    for name, default in defaults.items():
        parser.add_argument('--' + name.replace('_', '-'), type=int,
                            default=default)
    return parser.parse_args(argv)


def admin_cloud(state_dir):
    """The running embedded cloud of ``state_dir``, as its admin sees it.

    :returns: (layout, lifecycle.Cloud, admin session, os.environ with
        the cloud's admin-openrc).
    """
    layout = layout_mod.Layout(state_dir)
    cloud = lifecycle.Cloud(layout, layout.load_settings())
    session = bootstrap.admin_session(cloud.cfg)
    env = dict(os.environ, **mutants.openrc(layout.path('admin-openrc')))
    return layout, cloud, session, env


def make_workspace(cloud, out_dir):
    """A tempest workspace of our own, aimed at the cloud.

    The cloud's workspace belongs to the virtualenv that first ran ``up``
    in the state dir (its .stestr.conf names that tempest) and keeps the
    user's stestr history; ours uses this virtualenv's tempest, a fresh
    stestr repository and a copy of the cloud's tempest.conf.
    """
    workspace = os.path.join(out_dir, 'tempest')
    code, _, _ = run_logged(
        [procs.venv_bin('tempest'), 'init', '--workspace-path',
         os.path.join(out_dir, 'tempest-workspaces.yaml'),
         '--name', 'benchmark-%s' % os.path.basename(out_dir), workspace],
        os.path.join(out_dir, 'tempest-init.log'))
    if code != 0:
        raise BenchmarkError('tempest init failed; see %s' % os.path.join(
            out_dir, 'tempest-init.log'))
    shutil.copy(os.path.join(cloud.workspace, 'etc', 'tempest.conf'),
                os.path.join(workspace, 'etc', 'tempest.conf'))
    return workspace


def run_on_cloud(args, kind, body, up_args=()):
    """``body(cloud, args, out_dir)``'s exit code, on the --state-dir cloud.

    A running cloud is reused, otherwise one is started (``up_args`` added
    to ``up``) and stopped after unless --keep.  The run directory is
    --out or ``<state dir>/<kind>-<UTC time>``.  A BenchmarkError is
    printed and exits 2, an interruption 130.
    """
    procs.stop_on_sigterm()
    state_dir = os.path.realpath(args.state_dir)
    out_dir = os.path.realpath(args.out or os.path.join(
        state_dir, '%s-%s' % (kind, stamp())))
    os.makedirs(out_dir, exist_ok=True)
    print('run directory: %s' % out_dir)
    cloud = Cloud(state_dir, args.base_port, out_dir, args.keep, up_args)
    try:
        cloud.up()
        return body(cloud, args, out_dir)
    except BenchmarkError as exc:
        print('error: %s' % exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print('interrupted', file=sys.stderr)
        return 130
    finally:
        cloud.down()


class TempestRun(object):
    """One `tempest run` in the cloud's workspace, with its results."""

    def __init__(self, label, regex, concurrency):
        self.label = label
        self.regex = regex
        self.concurrency = concurrency
        self.exit_code = None
        self.wall_seconds = None
        # The serialized tests' pass, apart (None: none selected).
        self.serial_seconds = None
        self.started_at = None
        self.tests = []
        self.reports = []

    def run(self, workspace, raw_dir):
        """The parallel tests, then the serialized ones (as cli's run).

        ``wall_seconds`` is the parallel pass's, ``serial_seconds`` the
        serialized pass's; the tests are those of both.
        """
        log = os.path.join(raw_dir, self.label + '.log')
        self.started_at = utc_now()
        passes = selection.passes(self.regex, selection.serial_test_ids())
        before = results.next_run(workspace)
        self.exit_code, self.wall_seconds, _ = run_logged(
            [procs.venv_bin('tempest'), 'run', '--concurrency',
             str(self.concurrency)] + list(passes.parallel), log,
            cwd=workspace)
        if passes.serial:
            combined = selection.combine(workspace, before)
            code, self.serial_seconds, _ = run_logged(
                [procs.venv_bin('tempest'), 'run'] + list(passes.serial) +
                combined, log, cwd=workspace)
            self.exit_code = (self.exit_code or code) if combined else code
        code, _, data = run_logged(
            [procs.venv_bin('stestr'), 'last', '--subunit'], log,
            cwd=workspace, capture=True)
        with open(os.path.join(raw_dir, self.label + '.subunit'), 'wb') as f:
            f.write(data)
        # A tempest that failed before running anything leaves stestr's
        # previous run as the last one: keep only tests of this run.
        self.tests = [test for test in
                      (results.parse_subunit(data) if code == 0 else [])
                      if test.start and test.start >= self.started_at]
        return self

    def by_status(self, statuses):
        return [test for test in self.tests if test.status in statuses]

    @property
    def failed(self):
        failed = self.by_status(FAILED)
        if not self.tests or (self.exit_code and not failed):
            # tempest failed before or around the tests (e.g. a class
            # fixture): count the whole run as one failure.
            return failed or [results.TestResult('%s (tempest exit %s)' % (
                self.label, self.exit_code), 'fail', None, None)]
        return failed

    @property
    def run_seconds(self):
        """From the first test's start to the last test's end."""
        starts = [t.start for t in self.tests if t.start]
        stops = [t.stop for t in self.tests if t.stop]
        if not starts or not stops:
            return None
        return (max(stops) - min(starts)).total_seconds()

    def summary(self):
        def rounded(seconds):
            return None if seconds is None else round(seconds, 3)

        return {'label': self.label, 'regex': self.regex,
                'concurrency': self.concurrency,
                'exit_code': self.exit_code,
                'wall_s': rounded(self.wall_seconds),
                'serial_wall_s': rounded(self.serial_seconds),
                'tests_span_s': rounded(self.run_seconds),
                'passed': len(self.by_status(PASSED)),
                'skipped': len(self.by_status(('skip',))),
                'failed': [t.short for t in self.failed],
                'tests': {t.short: {'status': t.status, 'seconds': t.seconds}
                          for t in self.tests}}

    def line(self):
        summary = self.summary()
        return ('%-14s wall %6.1f s  serialized %s  tests %s  passed %d  '
                'failed %d%s' % (
                    self.label, self.wall_seconds,
                    fmt(self.serial_seconds, ' s'),
                    fmt(self.run_seconds, ' s'), summary['passed'],
                    len(summary['failed']),
                    ('  skipped %d' % summary['skipped'])
                    if summary['skipped'] else ''))

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

"""Faults survived: services restarted while the scenarios run.

    resize-tempest-lab faults [--rounds 1] [--concurrency 4] [--keep]
        [--services nova-compute,nova-conductor,rabbitmq,mariadb]

On an embedded cloud of its own (started with same-host resizes allowed
unless one runs in ``--state-dir``) it runs passes of the scenarios, as
``resize-tempest-cloud run`` does, and meanwhile restarts each service in
turn, ``--rounds`` times: the first fault ``--first-fault-after`` seconds
into a pass, each next one once the cloud is healthy again and
``--tests-between`` tests have finished (or ``--max-gap`` seconds have
passed), over ``--max-passes`` passes at most.  A nova-compute restart
holds tempest's serial lock for reading, so it never overlaps a
serialized class.  What must hold, what it prints and writes, and its exit
code: doc/source/benchmarks.rst, "Faults survived".
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

from fasteners import process_lock

from resize_tempest_cloud import cli
from resize_tempest_cloud import procs
from resize_tempest_cloud import results
from resize_tempest_cloud import selection
from resize_tempest_cloud import services
from resize_tempest_lab import common
from resize_tempest_lab import soak
from resize_tempest_plugin.common import tables

DEFAULT_STATE_DIR = '.resize-cloud-faults'
DEFAULT_BASE_PORT = 24320
DEFAULT_SERVICES = ('nova-compute', 'nova-conductor', 'rabbitmq', 'mariadb')
# tempest's lock of serialized classes (tempest/test.py), in lock_path.
SERIAL_LOCK = 'tempest-serial-rw-lock'
# One finished test in stestr's output: "{worker} id [1.2s] ... ok".
RESULT_LINE = re.compile(r'^\{\S+\} (\S+) .*\.\.\. (ok|FAILED|SKIPPED|\w+)')
TEST_ID_RE = re.compile(r'^[A-Za-z_][\w.]*\.test\w*(\[[^\]]*\])?$')
RESTARTED_RE = re.compile(r'restarted .* in ([0-9.]+) s')
TRACEBACK = 'Traceback (most recent call last):'
CHAINED = ('During handling of the above exception',
           'The above exception was the direct cause')
FIXTURE_RE = re.compile(
    r'^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((.+)\)$')
LOG_LINE = re.compile(r'^\d{4}-\d\d-\d\d[ T]\d\d:\d\d')
FRAME_RE = re.compile(r'^\s+File "([^"]+)", line (\d+), in (\S+)')
# The per-test deadline (fixtures.Timeout, from OS_TEST_TIMEOUT).
DEADLINE_EXC = 'fixtures._fixtures.timeout.TimeoutException'
EXC_MODULE_RE = re.compile(r'^(?:[A-Za-z_][\w]*\.)+(?=[A-Za-z_]\w*(?::|$))')
OK, RESTART_FAILED, RESTART_HUNG, NOT_RECOVERED = (
    'ok', 'restart failed', 'restart hung', 'not recovered')
LEFTOVER_KINDS = ('servers', 'flavors', 'traits', 'orphans')
# Tests without a result named in a line (all are in results.json).
NAMED_UNFINISHED = 5


# -- pure logic ---------------------------------------------------------------

def schedule(names, rounds):
    """The faults in order: every service once per round."""
    return [{'index': index + 1, 'round': index // len(names) + 1,
             'service': name}
            for index, name in enumerate(list(names) * rounds)]


def fault_due(elapsed, since_recovery, tests_since, first_after, min_gap,
              max_gap, tests_between):
    """Whether the next fault may start now, in the running tempest run.

    :param elapsed: seconds since the run began.
    :param since_recovery: seconds since the cloud recovered from the last
        fault of this run, None if there was none yet.
    :param tests_since: tests finished since then.
    """
    if since_recovery is None:
        return elapsed >= first_after
    return since_recovery >= min_gap and (
        tests_since >= tests_between or since_recovery >= max_gap)


def needs_serial_lock(service):
    """True for a nova-compute restart (a serialized test may do one)."""
    return (service == 'nova-compute' or
            service.startswith('nova-compute-') or
            re.match(r'^compute\d+$', service) is not None)


def _tracebacks(details, max_lines):
    """Each traceback in the details, as a tuple.

    (message lines, our innermost frame, chained to the one before).
    """
    blocks, pos = [], 0
    while True:
        found = details.find(TRACEBACK, pos)
        if found < 0:
            return blocks
        chained = bool(blocks) and any(
            phrase in details[pos:found] for phrase in CHAINED)
        message, where = [], None
        pos = found + len(TRACEBACK)
        for line in details[pos:].splitlines(True):
            text = line.rstrip('\n')
            if not message:
                frame = FRAME_RE.match(text)
                if frame and '/fixtures/' not in frame.group(1):
                    where = '%s (%s:%s)' % (
                        frame.group(3), os.path.basename(frame.group(1)),
                        frame.group(2))
                if text.strip() and not text[:1].isspace():
                    message.append(text.strip())
            elif (not text.strip() or TRACEBACK in text or
                  LOG_LINE.match(text) or len(message) >= max_lines):
                break
            else:
                message.append(text.strip())
            pos += len(line)
        blocks.append((message, where, chained))


def failure_message(status, details, max_lines=3, width=240):
    """What a failed test said, from the tracebacks in its details.

    A test's error and each failed cleanup leave a traceback (a chain,
    with "During handling of the above exception"); a chain's last
    exception is what it raised.

    :returns: {'message': [lines] of the first chain, 'also': [the first
        two lines of each later one, in one], 'deadline': the per-test
        deadline expired, 'where': our innermost frame ('func
        (file:line)')}.
    """
    if status == 'uxsuccess':
        return {'message': ['unexpected success: the expected failure '
                            '(a known defect) did not happen'], 'also': [],
                'deadline': False, 'where': None}
    blocks = _tracebacks(details, max_lines)
    chains = []
    for block in blocks:
        if block[2] and chains:
            chains[-1] = block
        else:
            chains.append(block)
    if not chains:
        return {'message': [], 'also': [], 'deadline': False, 'where': None}

    def clean(lines):
        return [EXC_MODULE_RE.sub('', line, count=1)[:width]
                for line in lines]

    expired = [block for block in blocks
               if block[0] and block[0][0].startswith(DEADLINE_EXC)]
    return {'message': clean(chains[0][0]),
            'also': [' | '.join(clean(chain[0][:2]))[:width]
                     for chain in chains[1:] if chain[0]],
            'deadline': bool(expired),
            'where': (expired or chains[:1])[0][1]}


def test_name(test_id):
    """Class.method of a test; Class.setUpClass of a class fixture."""
    fixture = FIXTURE_RE.match(test_id)
    if fixture:
        return '%s.%s' % (fixture.group(2).rsplit('.', 1)[-1],
                          fixture.group(1))
    return results.short_id(test_id)


def overlapping(test, faults):
    """Indices of the faults whose window overlaps the test's run.

    A fault lasts from the restart's start to the cloud's recovery (or
    the end of the attempt); times are datetimes.
    """
    if not test.get('start') or not test.get('stop'):
        return []
    return [fault['index'] for fault in faults
            if fault.get('started') and fault.get('ended') and
            fault['started'] <= test['stop'] and
            fault['ended'] >= test['start']]


def _some(names, limit=NAMED_UNFINISHED):
    shown = ', '.join(names[:limit]) or 'none listed'
    return shown + (' and %d more' % (len(names) - limit)
                    if len(names) > limit else '')


def leftover_counts(left):
    return {kind: len(left.get(kind) or {}) for kind in LEFTOVER_KINDS}


def verdict(result):
    """Why the run failed, as lines; none when every requirement held."""
    reasons = []
    for run in result['passes']:
        if run['hung']:
            reasons.append('hang: %s killed after %d s (unfinished: %s)' % (
                run['label'], run['timeout_s'], _some(run['not_run'])))
    for fault in result['faults']:
        outcome = fault['outcome']
        if outcome == RESTART_HUNG:
            reasons.append('hang: restart of %s did not return within '
                           '%d s' % (fault['service'], fault['timeout_s']))
        elif outcome in (RESTART_FAILED, NOT_RECOVERED):
            reasons.append('unhealthy: fault %d (%s) %s: %s' % (
                fault['index'], fault['service'], outcome,
                fault.get('error') or '?'))
    missing = result['not_injected']
    if missing:
        reasons.append('faults not injected: %s' % ', '.join(
            '%d (%s)' % (f['index'], f['service']) for f in missing))
    for failure in result['failures']:
        if failure['deadline']:
            reasons.append('hang: %s ran into its %d s deadline at %s' % (
                failure['test'], result['settings']['test_timeout_s'],
                failure['where'] or '?'))
        elif not failure['message']:
            reasons.append('failure without a message: %s' %
                           failure['test'])
    counts = leftover_counts(result['leftovers'])
    if result['leftovers'].get('error'):
        reasons.append('leftovers not checked: %s'
                       % result['leftovers']['error'])
    elif any(counts.values()):
        reasons.append('leftovers: %s' % ', '.join(
            '%s %d' % item for item in sorted(counts.items()) if item[1]))
    audit = result['audit']
    if not audit['passed']:
        reasons.append('allocation audit: %s' % (
            '; '.join(audit['message']) or audit.get('error') or 'failed'))
    health = result['health']
    if not health['healthy']:
        reasons.append('unhealthy afterwards: %s' % health['summary'])
    return reasons


def _secs(value):
    return common.fmt(value, ' s')


def _clock(value):
    """HH:MM:SS of a datetime (or of its ISO text, from results.json)."""
    if hasattr(value, 'strftime'):
        return value.strftime('%H:%M:%S')
    return str(value or '-')[11:19] or '-'


def report_lines(result):
    """The report as printed: faults, tests, failures, leftovers, health."""
    lines = []
    faults = result['faults']
    lines.append('faults: %d of %d injected' % (
        len([f for f in faults if f['outcome'] == OK]),
        len(faults) + len(result['not_injected'])))
    rows = [(fault['index'], fault['service'], fault['pass'],
             _clock(fault['started']), _secs(fault['at_s']),
             _secs(fault['restart_s']), _secs(fault['recovered_s']),
             _secs(fault['lock_wait_s']),
             fault['outcome'] + ('' if fault['outcome'] == OK else
                                 ': ' + (fault.get('error') or '?')))
            for fault in faults]
    rows += [(fault['index'], fault['service']) + ('-',) * 6 +
             ('not injected',) for fault in result['not_injected']]
    lines.extend(tables.format_table(
        ('#', 'service', 'pass', 'UTC', 'at', 'restart', 'recovered',
         'lock wait', 'outcome'), rows,
        right=('at', 'restart', 'recovered', 'lock wait')).splitlines())
    settings = result['settings']
    lines.append('tests (concurrency %d, serialized classes apart; regex '
                 '%s)' % (settings['concurrency'], settings['regex']))
    numbers = ('wall', 'passed', 'failed', 'skipped', 'xfail', 'not run',
               'exit')
    lines.extend(tables.format_table(
        ('pass',) + numbers + ('hung',),
        [(run['label'], _secs(run['wall_s']), run['passed'], run['failed'],
          run['skipped'], run['xfail'], len(run['not_run']),
          run['exit_code'], 'HUNG' if run['hung'] else 'no')
         for run in result['passes']], right=numbers).splitlines())
    for run in result['passes']:
        if run['not_run'] and not run['hung']:
            lines.append('  not run in %s: %s' % (
                run['label'], _some(run['not_run'], len(run['not_run']))))
    lines.append('  total: %d passed (%d expected failures among them), '
                 '%d failed, %d skipped' % (
                     result['totals']['passed'], result['totals']['xfail'],
                     result['totals']['failed'], result['totals']['skipped']))
    if result['failures']:
        lines.append('failed tests (faults overlapping the test)')
    for failure in result['failures']:
        lines.append('  %s  %s  %s  faults: %s' % (
            failure['test'], failure['pass'], _secs(failure['seconds']),
            ', '.join('%d %s' % (i, result['faults'][i - 1]['service'])
                      for i in failure['faults']) or 'none'))
        for line in failure['message'] or ['(no message)']:
            lines.append('      ' + line)
        also = failure.get('also') or []
        for line in also[:NAMED_UNFINISHED]:
            lines.append('      also: ' + line)
        if len(also) > NAMED_UNFINISHED:
            lines.append('      also: %d more'
                         % (len(also) - NAMED_UNFINISHED))
        if failure['deadline'] and failure['where']:
            lines.append('      (waiting in %s)' % failure['where'])
    left = result['leftovers']
    if left.get('error'):
        lines.append('leftovers: not checked (%s)' % left['error'])
    else:
        counts = leftover_counts(left)
        lines.append('leftovers: %s (servers %d, scenario flavors %d, '
                     'pinning traits %d, orphan allocations %d)' % (
                         'some' if any(counts.values()) else 'none',
                         counts['servers'], counts['flavors'],
                         counts['traits'], counts['orphans']))
        for kind in LEFTOVER_KINDS:
            for key in sorted(left.get(kind) or {}):
                lines.append('  %s: %s %s' % (kind, key, left[kind][key]))
    audit = result['audit']
    lines.append('allocation audit: %s' % (
        'passed' if audit['passed'] else
        'FAILED: ' + ('; '.join(audit['message']) or
                      audit.get('error') or '?')))
    lines.append('cloud afterwards: %s' % result['health']['summary'])
    reasons = result['verdict']
    lines.append('verdict: %s' % ('PASSED' if not reasons else 'FAILED'))
    lines.extend('  - ' + reason for reason in reasons)
    return lines


# -- the cloud, tempest and the faults ---------------------------------------

class Bounded(object):
    """Commands in their own session, killed after a timeout or on stop."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = set()

    def run(self, argv, log_path, timeout, cwd=None, env=None):
        """(exit code or None if it timed out, seconds, stdout text)."""
        started = time.monotonic()
        with open(log_path, 'ab') as log:
            proc = common.popen_logged(
                argv, log, cwd=cwd, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT)
            with self.lock:
                self.running.add(proc)
            try:
                out, _ = proc.communicate(timeout=timeout)
                code = proc.returncode
            except subprocess.TimeoutExpired:
                procs.kill_group(proc)
                out, code = proc.communicate()[0], None
            finally:
                with self.lock:
                    self.running.discard(proc)
            log.write(out)
        return code, time.monotonic() - started, out.decode(errors='replace')

    def kill_all(self):
        with self.lock:
            running = list(self.running)
        for proc in running:
            procs.kill_group(proc)


def serial_lock_path(workspace):
    """tempest's serial lock file, in the workspace's lock_path."""
    return os.path.join(common.tempest_conf(workspace).get(
        'oslo_concurrency', 'lock_path',
        fallback=os.path.join(workspace, 'lock')), SERIAL_LOCK)


def unhealthy_services(cloud):
    code, rss, unhealthy = cloud.status()
    return unhealthy if rss else ['(status exit %d, no services)' % code]


def wait_healthy(cloud, timeout, abort=None):
    """Seconds until every service is healthy; raises procs.CloudError."""
    started = time.monotonic()
    seen = []

    def healthy():
        seen[:] = unhealthy_services(cloud)
        return not seen

    try:
        procs.wait_for('every service healthy', healthy, timeout,
                       abort=abort)
    except procs.CloudError:
        raise procs.CloudError('still unhealthy after %d s: %s' % (
            timeout, ', '.join(seen)))
    return time.monotonic() - started


class Injector(object):
    """A thread injecting the planned faults while a tempest run goes on."""

    def __init__(self, cloud, args, plan, log, bounded):
        self.cloud, self.args, self.log = cloud, args, log
        self.pending = list(plan)
        self.done = []
        self.bounded = bounded
        self.lock_path = serial_lock_path(cloud.workspace)
        self.cond = threading.Condition()
        self.label = None
        self.began = None
        self.finished = 0
        self.mark = None
        self.busy = False
        self.stopped = False
        self.abort = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    # -- called by the tempest run --

    def run_started(self, label):
        with self.cond:
            self.label, self.began = label, time.monotonic()
            self.finished, self.mark = 0, None
            self.cond.notify_all()

    def test_finished(self):
        with self.cond:
            self.finished += 1
            self.cond.notify_all()

    def run_ended(self):
        """No more faults in this run; wait for the one under way."""
        with self.cond:
            self.label = None
            self.cond.notify_all()
            while self.busy:
                self.cond.wait()

    def stop(self):
        with self.cond:
            self.stopped = True
            self.cond.notify_all()
        self.abort.set()
        self.bounded.kill_all()

    # -- the thread --

    def _due(self):
        if self.label is None:
            return False
        now = time.monotonic()
        since = None if self.mark is None else now - self.mark[0]
        tests = 0 if self.mark is None else self.finished - self.mark[1]
        return fault_due(now - self.began, since, tests,
                         self.args.first_fault_after, self.args.min_gap,
                         self.args.max_gap, self.args.tests_between)

    def _loop(self):
        while self.pending:
            with self.cond:
                while not self.stopped and not self._due():
                    self.cond.wait(1.0)
                if self.stopped:
                    return
                self.busy = True
                label, at = self.label, time.monotonic() - self.began
            try:
                record = self._inject(self.pending[0], label, at)
            finally:
                with self.cond:
                    self.busy = False
                    self.mark = (time.monotonic(), self.finished)
                    self.cond.notify_all()
            if record is None:
                continue
            self.pending.pop(0)
            self.done.append(record)
            print('fault %d/%d: %s at %.1f s of %s: restart %s, recovered '
                  'after %s: %s' % (
                      record['index'], len(self.done) + len(self.pending),
                      record['service'], at, label,
                      _secs(record['restart_s']),
                      _secs(record['recovered_s']), record['outcome']),
                  flush=True)
            if record['outcome'] != OK:
                # No more faults on a cloud that did not recover.
                with self.cond:
                    self.stopped = True
                return

    def _still_running(self, label):
        with self.cond:
            return self.label == label and not self.stopped

    def _inject(self, fault, label, at):
        """Restart one service; None if its run ended before it could."""
        lock, waited = None, None
        if needs_serial_lock(fault['service']):
            lock = process_lock.InterProcessReaderWriterLock(self.lock_path)
            began = time.monotonic()
            while not lock.acquire_read_lock(timeout=1.0):
                if not self._still_running(label):
                    return None
            waited = time.monotonic() - began
            if not self._still_running(label):
                lock.release_read_lock()
                return None
        record = dict(fault, **{
            'pass': label, 'at_s': round(at, 1), 'lock_wait_s': waited,
            'started': common.utc_now(), 'restart_s': None,
            'restart_reported_s': None, 'recovered_s': None,
            'timeout_s': self.args.restart_timeout, 'error': None})
        try:
            code, seconds, out = self.bounded.run(
                self.cloud.command('restart', fault['service']), self.log,
                self.args.restart_timeout)
        finally:
            if lock is not None:
                lock.release_read_lock()
        record['restart_s'] = round(seconds, 1)
        match = RESTARTED_RE.search(out)
        record['restart_reported_s'] = float(match.group(1)) if match else None
        if code is None:
            record['outcome'] = RESTART_HUNG
        elif code != 0:
            record['outcome'] = RESTART_FAILED
            record['error'] = (out.strip().splitlines() or ['exit %d' % code]
                               )[0][:200]
        else:
            try:
                record['recovered_s'] = round(wait_healthy(
                    self.cloud, self.args.recovery_timeout, self.abort), 1)
                record['outcome'] = OK
            except procs.Aborted:
                record['outcome'], record['error'] = NOT_RECOVERED, 'stopped'
            except procs.CloudError as exc:
                record['outcome'], record['error'] = NOT_RECOVERED, str(exc)
        record['ended'] = common.utc_now()
        record['ended_during_run'] = self._still_running(label)
        return record


def tempest_env(args):
    return dict(os.environ, PYTHONPATH=services.python_path(),
                PYTHONUNBUFFERED='1', OS_TEST_TIMEOUT=str(args.test_timeout))


def list_tests(cloud, args, bounded, log):
    code, _, out = bounded.run(
        [procs.venv_bin('tempest'), 'run', '--list-tests', '--regex',
         args.regex], log, 300, cwd=cloud.workspace, env=tempest_env(args))
    tests = [line.strip() for line in out.splitlines()
             if TEST_ID_RE.match(line.strip())]
    if code != 0 or not tests:
        raise common.BenchmarkError('tempest run --list-tests found no test'
                                    ' (exit %s); see %s' % (code, log))
    return tests


def _read_stream(cloud, before, began, raw, label):
    """The subunit stream of the run: stestr's, or the partial one."""
    path = os.path.join(raw, label + '.subunit')
    if results.next_run(cloud.workspace) > before:
        with open(path, 'wb') as out:
            subprocess.run([procs.venv_bin('stestr'), 'last', '--subunit'],
                           cwd=cloud.workspace, stdout=out,
                           stderr=subprocess.DEVNULL, timeout=120)
    else:
        # A killed run leaves its stream in a temporary file of stestr's.
        partial = [name for name in glob.glob(os.path.join(
            cloud.workspace, '.stestr', 'tmp*'))
            if os.path.getmtime(name) >= began]
        if not partial:
            return []
        shutil.move(max(partial, key=os.path.getmtime), path)
    with open(path, 'rb') as stream:
        data = stream.read()
    try:
        return results.parse_subunit(data)
    except Exception as exc:  # a truncated stream
        print('warning: %s: %s' % (path, exc), file=sys.stderr)
        return []


def pass_commands(concurrency, selected):
    """[(part, tempest run argv)]: parallel, then serialized, as cli's."""
    tempest = [procs.venv_bin('tempest'), 'run']
    commands = [('parallel', tempest + ['--concurrency', str(concurrency)] +
                 list(selected.parallel))]
    if selected.serial:
        commands.append(('serial', tempest + list(selected.serial)))
    return commands


def _tempest(argv, cwd, env, log, timeout, on_result):
    """One tempest run, killed after ``timeout``: (exit code, hung)."""
    proc = common.popen_logged(argv, log, cwd=cwd, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)

    def read():
        for line in proc.stdout:
            log.write(line)
            log.flush()
            match = RESULT_LINE.match(line.decode(errors='replace'))
            if match:
                on_result(match.group(1))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc.wait(timeout=max(timeout, 0))
        return proc.returncode, False
    except subprocess.TimeoutExpired:
        procs.kill_group(proc)
        return proc.returncode, True
    except BaseException:
        procs.kill_group(proc)
        raise
    finally:
        reader.join(timeout=60)


def tempest_pass(cloud, args, label, injector, raw, listed, selected):
    """One pass of the tests with faults beside it: summary and tests.

    Its parallel and serialized parts share one deadline, --run-timeout.
    """
    before = results.next_run(cloud.workspace)
    started_at, began = common.utc_now(), time.time()
    finished, code, hung = [], None, False

    def on_result(test_id):
        finished.append(test_id)
        injector.test_finished()

    injector.run_started(label)
    try:
        with open(os.path.join(raw, label + '.log'), 'ab') as log:
            for part, argv in pass_commands(args.concurrency, selected):
                if part == 'serial':
                    argv = argv + selection.combine(cloud.workspace, before)
                part_code, hung = _tempest(
                    argv, cloud.workspace, tempest_env(args), log,
                    args.run_timeout - (time.time() - began), on_result)
                code = part_code if code is None else (code or part_code)
                if hung:
                    print('%s: still running after %d s: killed it' % (
                        label, args.run_timeout), flush=True)
                    break
    except BaseException:
        injector.stop()
        raise
    finally:
        injector.run_ended()
    wall = time.time() - began
    tests = [test for test in _read_stream(cloud, before, began, raw, label)
             if test.start and test.start >= started_at]
    done = {re.sub(r'\[.*?\]', '', name) for name in finished}
    done |= {re.sub(r'\[.*?\]', '', test.id) for test in tests}
    not_run = sorted(results.short_id(test) for test in listed
                     if re.sub(r'\[.*?\]', '', test) not in done)
    summary = {
        'label': label, 'exit_code': code, 'hung': hung,
        'timeout_s': args.run_timeout, 'wall_s': round(wall, 1),
        'started': started_at.isoformat(),
        'passed': sum(1 for t in tests if t.status in common.PASSED),
        'xfail': sum(1 for t in tests if t.status == 'xfail'),
        'failed': sum(1 for t in tests if t.status in results.FAILED),
        'skipped': sum(1 for t in tests if t.status == 'skip'),
        'finished_lines': len(finished), 'not_run': not_run}
    print('%s: wall %.1f s, exit %s, passed %d, failed %d, skipped %d%s' % (
        label, wall, code, summary['passed'], summary['failed'],
        summary['skipped'], ', HUNG' if hung else ''), flush=True)
    return summary, tests


def _failures(label, summary, tests, faults):
    """Each failed test of a run: what it said, the faults it overlapped."""
    failures = [dict(failure_message(test.status, test.details),
                     test=test_name(test.id), id=test.id,
                     status=test.status, seconds=test.seconds,
                     start=test.start, stop=test.stop, faults=(
                         overlapping({'start': test.start,
                                      'stop': test.stop}, faults)))
                for test in tests if test.status in results.FAILED]
    if summary['exit_code'] and not summary['hung'] and not failures:
        failures.append({'test': '%s (tempest exit %s, no failed test)' % (
            label, summary['exit_code']), 'id': None, 'status': 'fail',
            'seconds': None, 'start': None, 'stop': None, 'faults': [],
            'deadline': False, 'where': None, 'message': [], 'also': []})
    for failure in failures:
        failure['pass'] = label
    return failures


def final_checks(cloud, args, api, baseline, classes, out_dir, bounded):
    """Health, smoke, the allocation audit and leftovers, afterwards."""
    log = os.path.join(out_dir, 'checks.log')
    health = {'unhealthy': [], 'smoke': None}
    try:
        health['settle_s'] = round(wait_healthy(
            cloud, args.recovery_timeout), 1)
    except procs.CloudError as exc:
        health['unhealthy'] = unhealthy_services(cloud)
        health['error'] = str(exc)
    code, seconds, out = bounded.run(cloud.command('smoke'), log,
                                     args.smoke_timeout)
    health['smoke'] = {'exit_code': code, 'seconds': round(seconds, 1),
                       'last_line': (out.strip().splitlines() or [''])[-1]}
    smoke_ok = code == 0
    health['healthy'] = not health['unhealthy'] and smoke_ok
    health['summary'] = '%s (status: %s; smoke %s in %.1f s)' % (
        'healthy' if health['healthy'] else 'UNHEALTHY',
        'every service ok' if not health['unhealthy'] else
        'unhealthy ' + ', '.join(health['unhealthy']),
        'passed' if smoke_ok else 'FAILED (%s)' % (
            'timed out' if code is None else health['smoke']['last_line']),
        seconds)
    print('cloud afterwards: %s' % health['summary'], flush=True)
    before = results.next_run(cloud.workspace)
    code, seconds, out = bounded.run(
        cloud.command('run', '--keep', '--no-audit', '--regex',
                      cli.AUDIT_REGEX), log, args.smoke_timeout)
    audit = {'exit_code': code, 'seconds': round(seconds, 1),
             'message': [], 'tests': {}}
    tests = (results.last_run(cloud.workspace)
             if results.next_run(cloud.workspace) > before else [])
    for test in tests:
        audit['tests'][results.short_id(test.id)] = test.status
        if test.status in results.FAILED:
            audit['message'] += failure_message(
                test.status, test.details, max_lines=12)['message']
    audit['passed'] = (code == 0 and bool(tests) and
                       all(t.status in common.PASSED for t in tests))
    if not tests:
        audit['error'] = 'no audit test ran (exit %s): %s' % (
            code, (out.strip().splitlines() or [''])[-1][:200])
    print('allocation audit: %s' % ('passed' if audit['passed'] else
                                    'FAILED'), flush=True)
    try:
        left = soak.new_since(soak.inventory(api, classes), baseline)
    except Exception as exc:
        left = {'error': str(exc)[:300]}
    return health, audit, left


# The options results.json keeps; a name ending in _s is a time.
SETTINGS = ('concurrency', 'regex', 'rounds', 'services',
            'first_fault_after_s', 'tests_between', 'min_gap_s', 'max_gap_s',
            'max_passes', 'test_timeout_s', 'run_timeout_s',
            'restart_timeout_s', 'recovery_timeout_s')


def _settings(args):
    return {name: getattr(args, name[:-2] if name.endswith('_s') else name)
            for name in SETTINGS}


def check_services(cloud, names):
    """Refuse names the cloud does not know (restart would)."""
    _, known, _ = cloud.status()
    unknown = [name for name in names if not any(
        row == name or (row.startswith(name + '-') and
                        row[len(name) + 1:].isdigit()) for row in known)]
    if unknown:
        raise common.BenchmarkError('unknown service(s) %s; the cloud has '
                                    '%s' % (', '.join(unknown),
                                            ', '.join(known)))


def run(cloud, args, out_dir):
    raw = os.path.join(out_dir, 'raw')
    os.makedirs(raw, exist_ok=True)
    check_services(cloud, args.services)
    bounded = Bounded()
    api = soak.AdminApi(cloud.admin_credentials())
    baseline = soak.inventory(api, set())
    listed = list_tests(cloud, args, bounded, os.path.join(raw, 'list.log'))
    selected = selection.passes(args.regex, selection.serial_test_ids())
    plan = schedule(args.services, args.rounds)
    print('faults: %s, over at most %d passes of %d tests at '
          'concurrency %d' % (', '.join(f['service'] for f in plan),
                              args.max_passes, len(listed),
                              args.concurrency), flush=True)
    injector = Injector(cloud, args, plan, os.path.join(out_dir,
                                                        'faults.log'),
                        bounded)
    injector.thread.start()
    passes, failures, classes = [], [], set()
    try:
        for number in range(1, args.max_passes + 1):
            label = 'pass-%d' % number
            summary, tests = tempest_pass(cloud, args, label, injector, raw,
                                          listed, selected)
            passes.append(summary)
            classes |= {results.short_id(t.id).split('.')[0] for t in tests
                        if t.id.startswith(common.SCENARIO_PREFIX)}
            failures += _failures(label, summary, tests, injector.done)
            if not injector.pending or injector.stopped or summary['hung']:
                break
    finally:
        injector.stop()
        injector.thread.join(timeout=args.restart_timeout +
                             args.recovery_timeout)
    health, audit, left = final_checks(cloud, args, api, baseline, classes,
                                       out_dir, bounded)
    totals = {key: sum(p[key] for p in passes)
              for key in ('passed', 'xfail', 'failed', 'skipped')}
    result = {'when': common.utc_now().isoformat(),
              'state_dir': cloud.state_dir, 'base_port': cloud.base_port,
              'cloud_started_here': cloud.started_here,
              'settings': _settings(args), 'tests_listed': len(listed),
              'faults': injector.done, 'not_injected': injector.pending,
              'passes': passes, 'totals': totals, 'failures': failures,
              'leftovers': left, 'audit': audit, 'health': health}
    result['verdict'] = verdict(result)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(result, f, indent=2, sort_keys=True, default=str)
    print('\n' + '\n'.join(report_lines(result)))
    print('results: %s' % os.path.join(out_dir, 'results.json'))
    return 1 if result['verdict'] else 0


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='resize-tempest-lab faults', description=__doc__.split('\n')[0])
    parser.add_argument(
        '--state-dir', default=os.path.join(os.getcwd(), DEFAULT_STATE_DIR),
        help='State dir of the cloud: reused if a cloud runs there '
             '(default ./%s).' % DEFAULT_STATE_DIR)
    parser.add_argument('--base-port', type=int, default=DEFAULT_BASE_PORT,
                        help='First port of a cloud started here (default '
                             '%d).' % DEFAULT_BASE_PORT)
    parser.add_argument('--out', help='Directory for results.json and the '
                        'raw streams (default <state dir>/faults-<time>).')
    parser.add_argument('--keep', action='store_true',
                        help='Leave a cloud started here running.')
    parser.add_argument('--services', default=','.join(DEFAULT_SERVICES),
                        type=lambda text: [s for s in text.split(',') if s],
                        help='Services to restart, in turn (default %s).'
                        % ','.join(DEFAULT_SERVICES))
    parser.add_argument('--rounds', type=int, default=1,
                        help='How many times each is restarted (default 1).')
    parser.add_argument('--concurrency', type=int, default=4)
    parser.add_argument('--regex', default=cli.SCENARIO_REGEX,
                        help='The tests (default %s).' % cli.SCENARIO_REGEX)
    parser.add_argument('--first-fault-after', type=float, default=15.0,
                        help='Seconds into a tempest run before its first '
                             'fault (default 15).')
    parser.add_argument('--tests-between', type=int, default=2,
                        help='Tests that finish after a recovery before the '
                             'next fault (default 2) ...')
    parser.add_argument('--max-gap', type=float, default=60.0,
                        help='... or this many seconds (default 60).')
    parser.add_argument('--min-gap', type=float, default=5.0,
                        help='Seconds at least from a recovery to the next '
                             'fault (default 5).')
    parser.add_argument('--max-passes', type=int, default=3,
                        help='Passes of the tests at most, until every '
                             'fault was injected (default 3).')
    parser.add_argument('--test-timeout', type=int, default=600,
                        help='Deadline of each test (OS_TEST_TIMEOUT, '
                             'default 600 s).')
    parser.add_argument('--run-timeout', type=int, default=1800,
                        help='A pass still going after this is killed: a '
                             'hang (default 1800 s).')
    parser.add_argument('--restart-timeout', type=int, default=300,
                        help='Bound of one restart command (default 300 s).')
    parser.add_argument('--recovery-timeout', type=int, default=180,
                        help='Seconds for every service to be healthy again '
                             'after a restart (default 180).')
    parser.add_argument('--smoke-timeout', type=int, default=600,
                        help='Bound of the smoke check and of the audit '
                             '(default 600 s).')
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.max_passes < 1 or not args.services:
        parser.error('--rounds, --max-passes and --services must not be '
                     'empty or below 1')
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return common.run_on_cloud(args, 'faults', run,
                               up_args=['--allow-resize-to-same-host'])


if __name__ == '__main__':
    sys.exit(main())

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

"""Benchmark the scenarios on one embedded cloud, against their peers.

    resize-tempest-lab benchmark [run] [--repeat 3] [--concurrency 1,2,4]
    resize-tempest-lab benchmark soak [--runs 20] [--concurrency 4]

``run`` times, on one cloud and interleaved, the suite at each
concurrency and tempest's two cold-migration tests, then Nova's
in-process regression test for bug 1825537.  It reports medians, ratios
to the peers, API calls and polls per second (api_calls.py), the verdict
delay (verdict.py) and the targets, and writes results.json and
chart.png.  ``soak`` runs the suite many times and looks for leftovers
and memory growth (soak.py).  Their options, output and exit codes:
doc/source/benchmarks.rst.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import sys
import sysconfig

from resize_tempest_cloud import results
from resize_tempest_lab import api_calls
from resize_tempest_lab import chart
from resize_tempest_lab import common
from resize_tempest_lab import cpus
from resize_tempest_lab import soak
from resize_tempest_lab import verdict
from resize_tempest_plugin.common import tables

PEER_REGEX = (r'^tempest\.api\.compute\.admin\.test_migrations\.'
              r'MigrationsAdminTest\.test_(revert_)?cold_migration\[')
COLD_PEER = 'MigrationsAdminTest.test_cold_migration'
REVERT_PEER = 'MigrationsAdminTest.test_revert_cold_migration'
NOVA_TEST = 'nova.tests.functional.regressions.test_bug_1825537'
DEFAULT_BASE_PORT = 24310
TARGET_READY_S = 30.0
# Each scenario against tempest's test_cold_migration, at concurrency 1.
TARGET_RATIO = 0.7
TARGET_DELAY_S = 0.5
# The parallel tests' wall time at the highest concurrency against the
# lowest.
TARGET_SCALE = 0.45


def _concurrencies(text):
    try:
        values = sorted({int(part) for part in text.split(',') if part})
    except ValueError:
        raise argparse.ArgumentTypeError('a comma-separated list of ints')
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError('at least one value, each >= 1')
    return values


def parse_args(argv):
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        '--state-dir', default=os.environ.get('RESIZE_BENCHMARK_DIR') or
        os.path.join(os.getcwd(), '.resize-cloud-benchmark'),
        help='State dir of the cloud: reused if a cloud runs there '
             '(default $RESIZE_BENCHMARK_DIR or ./.resize-cloud-benchmark).')
    shared.add_argument(
        '--base-port', type=int, default=DEFAULT_BASE_PORT,
        help='First port of a cloud started here (default %d, clear of '
             'the default cloud of `tox -e cloud`).' % DEFAULT_BASE_PORT)
    shared.add_argument('--out', help='Run directory for the results.')
    shared.add_argument('--keep', action='store_true',
                        help='Leave a cloud started here running.')
    parser = argparse.ArgumentParser(
        prog='resize-tempest-lab benchmark',
        description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='mode', required=True)
    run = sub.add_parser('run', parents=[shared],
                         help='Time the scenarios against their peers.')
    run.add_argument('--repeat', type=int, default=3,
                     help='Timed runs per concurrency and of the peers '
                          '(default 3); the medians are reported.')
    run.add_argument('--concurrency', type=_concurrencies,
                     default=[1, 2, 4], help='Default 1,2,4.')
    run.add_argument('--warmup', type=int, default=1,
                     help='Untimed suite runs first (default 1).')
    run.add_argument('--no-nova-peer', action='store_true',
                     help="Skip Nova's in-process regression test.")
    run.add_argument('--cpus', type=cpus.cpu_list,
                     help='Pin the cloud and tempest to these CPUs, e.g. 0 '
                          'for the one-core case (default: not pinned).')
    soak_parser = sub.add_parser('soak', parents=[shared],
                                 help='Run the suite many times; look for '
                                      'leftovers and memory growth.')
    soak_parser.add_argument('--runs', type=int, default=20)
    soak_parser.add_argument('--concurrency', type=int, default=4)
    soak_parser.add_argument(
        '--memory-tolerance-mb', type=float, default=20.0,
        help='Growth of a service from after run 1 to after the last run '
             'that is not flagged: the larger of this (default 20 MB) ...')
    soak_parser.add_argument(
        '--memory-tolerance-pct', type=float, default=10.0,
        help='... and this share of its RSS after run 1 (default 10).')
    if not argv or argv[0] not in ('run', 'soak', '-h', '--help'):
        argv = ['run'] + list(argv)
    return parser.parse_args(argv)


def _versions():
    versions = {}
    for name in ('nova', 'openstack-placement', 'tempest',
                 'resize-tempest-plugin'):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _nova_paste_config():
    """Put nova's api-paste.ini where its functional fixtures look.

    They read ``<state_path>/etc/nova/api-paste.ini`` and state_path
    defaults to site-packages; the wheel installs it under sys.prefix.
    """
    wanted = os.path.join(sysconfig.get_paths()['purelib'], 'etc', 'nova',
                          'api-paste.ini')
    if os.path.exists(wanted):
        return wanted
    shipped = os.path.join(sys.prefix, 'etc', 'nova', 'api-paste.ini')
    if not os.path.exists(shipped):
        return None
    os.makedirs(os.path.dirname(wanted), exist_ok=True)
    shutil.copy(shipped, wanted)
    print('copied %s to %s for the nova peer' % (shipped, wanted))
    return wanted


def nova_peer(raw, repeat):
    """Nova's own regression test of bug 1825537, in-process, timed."""
    if _nova_paste_config() is None:
        return {'error': "nova's api-paste.ini not found"}
    scratch = os.path.join(raw, 'nova-peer')
    os.makedirs(scratch, exist_ok=True)
    tests, processes, statuses = [], [], []
    for index in range(1, repeat + 1):
        log = os.path.join(raw, 'nova-peer-r%d.log' % index)
        stream = os.path.join(raw, 'nova-peer-r%d.subunit' % index)
        # Into a file: with its stdout on a pipe the test hangs in
        # eventlet's hub (seen with nova 34).
        code, wall, _ = common.run_logged(
            [sys.executable, '-m', 'subunit.run', NOVA_TEST], log,
            cwd=scratch, stdout_path=stream)
        with open(stream, 'rb') as f:
            data = f.read()
        found = results.parse_subunit(data)
        statuses.append([t.status for t in found] or ['exit %d' % code])
        processes.append(wall)
        passed = [t for t in found if t.status in common.PASSED]
        if code == 0 and passed:
            tests.append(sum(t.seconds for t in passed))
        print('nova-peer-r%d   wall %6.1f s  test %s  %s' % (
            index, wall, common.fmt(tests[-1] if passed and code == 0
                                    else None, ' s'),
            ','.join(statuses[-1])), flush=True)
    return {'test': NOVA_TEST, 'statuses': statuses,
            'test_s': tests, 'process_s': processes,
            'test_median_s': common.median(tests),
            'process_median_s': common.median(processes)}


def _scenario_tests(run):
    return [t for t in run.tests if t.id.startswith(common.SCENARIO_PREFIX)]


def _calls(run):
    """{Class.test: Counter} of the API calls of one run's tests."""
    return {name: counter for name, counter in run.api_calls.items()
            if ':' in name and not name.split(':')[1].startswith(
                ('setUp', 'tearDown', '_run_cleanups'))}


def _add_calls(entry, calls, test):
    """A passed test's API calls and polls per second, into ``entry``.

    Its polls are its GETs of a URL it had read before.
    """
    counter = calls.get(test.short.replace('.', ':', 1))
    if counter:
        entry['calls'].append(dict(counter))
        entry['polls_per_s'].append(counter['repeated'] / test.seconds
                                    if test.seconds else None)


def analyse(args, cloud, suite_runs, peer_runs, nova, log_times):
    """The results of all runs; ``log_times`` is request_times' answer."""
    concurrencies = args.concurrency
    base = concurrencies[0]
    scenarios = {}
    failed = []
    for run in suite_runs:
        failed += ['%s: %s' % (run.label, t.short) for t in run.failed]
        calls = _calls(run)
        delays = verdict.delays(run.reports, log_times)
        for test in _scenario_tests(run):
            entry = scenarios.setdefault(test.short, {
                'samples_s': {str(c): [] for c in concurrencies},
                'statuses': {}, 'delays_s': [], 'calls': [],
                'polls_per_s': []})
            entry['statuses'][run.label] = test.status
            if test.status not in common.PASSED:
                continue
            entry['samples_s'][str(run.concurrency)].append(
                round(test.seconds, 3))
            if run.concurrency == base:
                entry['delays_s'] += delays.get(test.short, [])
                _add_calls(entry, calls, test)
    peers = {}
    for run in peer_runs:
        failed += ['%s: %s' % (run.label, t.short) for t in run.failed]
        calls = _calls(run)
        for test in run.tests:
            entry = peers.setdefault(test.short, {
                'samples_s': [], 'calls': [], 'polls_per_s': []})
            if test.status in common.PASSED:
                entry['samples_s'].append(round(test.seconds, 3))
                _add_calls(entry, calls, test)
    for entry in list(scenarios.values()) + list(peers.values()):
        entry['calls_median'] = {
            kind: common.median([c.get(kind, 0) for c in entry['calls']])
            for kind in ('total', 'compute', 'placement', 'repeated')}
        entry['polls_per_s_median'] = common.median(entry['polls_per_s'])
    for entry in peers.values():
        entry['median_s'] = common.median(entry['samples_s'])
    for name, entry in scenarios.items():
        entry['median_s'] = {c: common.median(v)
                             for c, v in entry['samples_s'].items()}
        mine = entry['median_s'][str(base)]
        entry['ratio'] = {}
        for peer, value in ((COLD_PEER, peers.get(COLD_PEER, {}).get(
                'median_s')), (REVERT_PEER, peers.get(REVERT_PEER, {}).get(
                    'median_s')), ('nova', nova.get('test_median_s'))):
            entry['ratio'][peer] = (mine / value if mine and value
                                    else None)
        entry['delay_median_s'] = common.median(entry['delays_s'])
    suite = {}
    for concurrency in concurrencies:
        mine = [r for r in suite_runs if r.concurrency == concurrency]
        suite[str(concurrency)] = {
            'wall_s': [round(r.wall_seconds, 2) for r in mine],
            'wall_median_s': common.median([r.wall_seconds for r in mine]),
            'serial_wall_median_s': common.median(
                [r.serial_seconds for r in mine]),
            'tests_span_median_s': common.median(
                [r.run_seconds for r in mine])}
    peer_walls = [r.wall_seconds for r in peer_runs]
    result = {
        'when': common.utc_now().isoformat(),
        'host': {'cpus': os.cpu_count(), 'python': platform.python_version(),
                 'platform': platform.platform(),
                 'cloud_cpus': args.cpus},
        'versions': _versions(), 'repeat': args.repeat,
        'warmup': args.warmup, 'concurrencies': concurrencies,
        'baseline_concurrency': base,
        'cloud': {'state_dir': cloud.state_dir,
                  'started_here': cloud.started_here,
                  'ready_s': cloud.ready_seconds,
                  'up_command_s': cloud.up_wall_seconds,
                  'schema': cloud.schema},
        'suite': suite, 'scenarios': scenarios, 'peers': peers,
        'peer_process_median_s': common.median(peer_walls),
        'nova_peer': nova,
        'verdict_delay_median_s': common.median(
            [d for entry in scenarios.values() for d in entry['delays_s']]),
        'failed_tests': failed,
        'runs': [r.summary() for r in suite_runs + peer_runs]}
    result['targets'] = targets(result)
    return result


def targets(result):
    """Each target: its text, PASS/FAIL/None, and the value shown."""
    rows = []
    ready = result['cloud']['ready_s']
    rows.append({'target': 'embedded cloud ready < %d s' % TARGET_READY_S,
                 'passed': None if ready is None else ready < TARGET_READY_S,
                 'shown': ('not measured: the cloud was reused'
                           if ready is None else '%.1f s' % ready)})
    slow, ratios = [], []
    for name, entry in sorted(result['scenarios'].items()):
        ratio = entry['ratio'].get(COLD_PEER)
        if ratio is None:
            slow.append(name + ' (no time)')
        else:
            ratios.append(ratio)
            if ratio > TARGET_RATIO:
                slow.append(name)
    rows.append({'target': 'each scenario at most %.2f x tempest '
                           'test_cold_migration (c=%d)'
                           % (TARGET_RATIO, result['baseline_concurrency']),
                 'passed': not slow and bool(ratios),
                 'shown': '%s%s' % (
                     'worst ratio %.2f' % max(ratios) if ratios else
                     'no ratio (a scenario or the peer has no time)',
                     '; not met by %d: %s' % (len(slow), ', '.join(slow))
                     if slow else '')})
    delay = result['verdict_delay_median_s']
    rows.append({'target': 'median verdict delay < %.1f s (move end in '
                           "Nova's logs to verdict)" % TARGET_DELAY_S,
                 'passed': None if delay is None else delay < TARGET_DELAY_S,
                 'shown': common.fmt(delay, ' s', 2)})
    peer = result['peers'].get(COLD_PEER, {}).get('polls_per_s_median')
    polls = [entry['polls_per_s_median']
             for entry in result['scenarios'].values()
             if entry['polls_per_s_median'] is not None]
    mine = common.median(polls)
    rows.append({'target': 'polls (repeated GETs) per second no more than '
                           'tempest test_cold_migration',
                 'passed': None if mine is None or peer is None
                 else mine <= peer,
                 'shown': 'scenarios median %s/s, tempest %s/s' % (
                     common.fmt(mine, '', 2), common.fmt(peer, '', 2))})
    suite = result['suite']
    low, high = min(result['concurrencies']), max(result['concurrencies'])
    one, many = (suite.get(str(low), {}).get('wall_median_s'),
                 suite.get(str(high), {}).get('wall_median_s'))
    share = many / one if one and many and high > low else None
    shown = ('not measured' if share is None else
             '%.2f (%.1f s / %.1f s)' % (share, many, one))
    rows.append({'target': 'parallel suite at c=%d at most %.2f of c=%d '
                           '(serialized tests apart)'
                           % (high, TARGET_SCALE, low),
                 'passed': None if share is None else share <= TARGET_SCALE,
                 'shown': shown})
    return rows


def print_table(result):
    concurrencies = result['concurrencies']
    base = concurrencies[0]
    nova = result['nova_peer'] or {}
    print('\nMedian seconds of %d runs per concurrency (test time from '
          'subunit, class setup excluded); ratios, API calls, polls per '
          'second and verdict delay at c=%d' % (result['repeat'], base))
    numbers = tuple('c=%d' % c for c in concurrencies) + (
        '/cold', '/nova', 'calls', 'Nova', 'poll/s', 'delay')
    rows = []
    for name, entry in sorted(result['scenarios'].items()):
        medians = entry['median_s']
        calls = entry['calls_median']
        rows.append((name,) + tuple(
            common.fmt(medians[str(c)], '', 2) for c in concurrencies) + (
            common.fmt(entry['ratio'][COLD_PEER], '', 2),
            common.fmt(entry['ratio']['nova'], '', 2),
            common.fmt(calls['total'], '', 0),
            common.fmt(calls['compute'], '', 0),
            common.fmt(entry['polls_per_s_median'], '', 2),
            common.fmt(entry['delay_median_s'], '', 2)))
    for name, entry in sorted(result['peers'].items()):
        calls = entry['calls_median']
        rows.append((name, common.fmt(entry['median_s'], '', 2)) +
                    ('',) * (len(concurrencies) + 1) + (
            common.fmt(calls['total'], '', 0),
            common.fmt(calls['compute'], '', 0),
            common.fmt(entry['polls_per_s_median'], '', 2), 'peer'))
    print(tables.format_table(('scenario',) + numbers, rows, right=numbers))
    if nova.get('test_median_s') is not None:
        print('nova %s %s  (nova peer; whole process %s s)' % (
            NOVA_TEST.split('.')[-1], common.fmt(nova['test_median_s'], '', 2),
            common.fmt(nova['process_median_s'], '', 1)))
    elif nova:
        print('nova peer: %s' % nova.get('error', nova.get('statuses')))
    print('\nwhole suite, `tempest run` wall time median: the parallel '
          'tests (tests span), then the serialized ones:')
    for concurrency in concurrencies:
        suite = result['suite'][str(concurrency)]
        print('  concurrency %d: %s s (%s s) + serialized %s s   runs: %s' % (
            concurrency, common.fmt(suite['wall_median_s']),
            common.fmt(suite['tests_span_median_s']),
            common.fmt(suite['serial_wall_median_s']),
            ', '.join('%.1f' % w for w in suite['wall_s'])))
    print('  tempest peers run (2 tests, c=1): %s s' %
          common.fmt(result['peer_process_median_s']))
    cloud = result['cloud']
    print('cloud ready: %s' % (
        '%.1f s (%s; `up` command %.1f s)' % (
            cloud['ready_s'], cloud['schema'], cloud['up_command_s'])
        if cloud['ready_s'] is not None else 'not measured (reused)'))
    if result['host']['cloud_cpus']:
        print('cloud and tempest pinned to CPUs %s' %
              result['host']['cloud_cpus'])
    print('\ntargets:')
    for row in result['targets']:
        verdict_text = {True: 'PASS', False: 'FAIL',
                        None: 'n/a'}[row['passed']]
        print('  %-4s %s: %s' % (verdict_text, row['target'], row['shown']))
    if result['failed_tests']:
        print('\nFAILED tests: %s' % ', '.join(result['failed_tests']))


def _timed(run, cloud, workspace, raw):
    """Run ``run``; keep its reports and API calls."""
    log = cloud.tempest_log()
    offset = os.path.getsize(log) if os.path.exists(log) else 0
    run.run(workspace, raw)
    run.reports = verdict.collect_reports(
        cloud.reports_dir, run.started_at,
        os.path.join(raw, run.label + '-reports'))
    with open(log, errors='replace') as lines:
        lines.seek(offset)
        run.api_calls = api_calls.count(lines)
    return run


def run_benchmark(cloud, args, out_dir):
    raw = os.path.join(out_dir, 'raw')
    os.makedirs(raw, exist_ok=True)
    workspace = common.make_workspace(cloud, out_dir)
    if args.cpus:
        pinned = cpus.pin(cloud.state_dir, args.cpus)
        print('pinned %d processes of the cloud, and tempest, to CPUs %s'
              % (pinned, args.cpus), flush=True)
    suite_runs, peer_runs = [], []
    for index in range(1, args.warmup + 1):
        warm = common.TempestRun('warmup-%d' % index, common.SUITE_REGEX,
                                 max(args.concurrency))
        print(warm.run(workspace, raw).line(), '(untimed)', flush=True)
    for rep in range(1, args.repeat + 1):
        for concurrency in args.concurrency:
            run = common.TempestRun('suite-c%d-r%d' % (concurrency, rep),
                                    common.SUITE_REGEX, concurrency)
            suite_runs.append(_timed(run, cloud, workspace, raw))
            print(run.line(), flush=True)
        peer = common.TempestRun('peers-r%d' % rep, PEER_REGEX, 1)
        peer_runs.append(_timed(peer, cloud, workspace, raw))
        print(peer.line(), flush=True)
    nova = ({} if args.no_nova_peer else nova_peer(raw, args.repeat))
    # Request ids are unique: the services' logs are read once, at the end.
    log_times = verdict.request_times(os.path.join(cloud.state_dir, 'logs'))
    result = analyse(args, cloud, suite_runs, peer_runs, nova, log_times)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(result, f, indent=2, sort_keys=True, default=str)
    chart.draw(result, os.path.join(out_dir, 'chart.png'))
    print_table(result)
    print('\nresults: %s\nchart:   %s' % (
        os.path.join(out_dir, 'results.json'),
        os.path.join(out_dir, 'chart.png')))
    missed = [row for row in result['targets'] if row['passed'] is False]
    return 1 if result['failed_tests'] or missed else 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.mode == 'soak':
        return common.run_on_cloud(args, 'soak', soak.run)
    return common.run_on_cloud(args, 'benchmark', run_benchmark)


if __name__ == '__main__':
    sys.exit(main())

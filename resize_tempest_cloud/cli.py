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

"""resize-tempest-cloud: a real small OpenStack on 127.0.0.1 for tempest.

``up`` starts it, ``status`` reports on it, ``run`` runs the plugin's
scenarios on it, ``restart`` restarts some of its services, ``smoke``
boots and resizes a server, ``down`` stops every process it started.
"""

import argparse
import os
import subprocess
import sys
import time

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import configs
from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import lifecycle
from resize_tempest_cloud import matrix
from resize_tempest_cloud import mutants
from resize_tempest_cloud import procs
from resize_tempest_cloud import releases
from resize_tempest_cloud import results
from resize_tempest_cloud import selection
from resize_tempest_cloud import services
from resize_tempest_cloud import smoke
from resize_tempest_cloud import sources
from resize_tempest_cloud import tempest_conf
from resize_tempest_plugin.common import report
from resize_tempest_plugin.common import tables

TEMPEST_REGEX = 'resize_tempest_plugin'
SCENARIO_REGEX = 'resize_tempest_plugin.tests.scenario'
AUDIT_REGEX = 'resize_tempest_plugin.tests.audit'
LOG_TAIL = 12


def _parser():
    parser = argparse.ArgumentParser(
        prog='resize-tempest-cloud', description=__doc__.split('\n')[0])
    parser.add_argument(
        '--state-dir', default=layout_mod.default_state_dir(),
        help='Configs, databases, logs, pids, credentials and the tempest '
             'workspace (default: $RESIZE_CLOUD_DIR or ./.resize-cloud).')
    parser.add_argument(
        '--release', choices=releases.names(),
        help='The OpenStack release the cloud runs (default: the one of '
             'the cloud in the state dir, else the newest, %s).'
             % releases.newest())
    sub = parser.add_subparsers(dest='command', required=True)
    up = sub.add_parser('up', help='Start the cloud and write tempest.conf.')
    run = sub.add_parser('run', help='up if needed, run the scenarios (%s), '
                         'then the allocation audit (%s), then down unless '
                         '--keep.' % (SCENARIO_REGEX, AUDIT_REGEX))
    for command in (up, run):
        command.add_argument(
            '--base-port', type=int, default=layout_mod.DEFAULT_BASE_PORT,
            help='First of the %d ports used on 127.0.0.1 (default %d).'
            % (layout_mod.PORT_BLOCK, layout_mod.DEFAULT_BASE_PORT))
        command.add_argument('--computes', type=int, default=3,
                             help='Number of nova-compute services '
                                  '(compute1..N, default 3).')
        command.add_argument('--allow-resize-to-same-host',
                             action='store_true',
                             help='Let Nova resize a server on its own '
                                  'host; the same-host scenarios run only '
                                  'then.')
        command.add_argument('--fake-driver', action='store_true',
                             help="Use Nova's plain fake driver instead of "
                                  "the fault driver.")
        command.add_argument('--debug', action='store_true',
                             help='Debug logging in every service.')
        command.add_argument(
            '--source', action='append', default=[], metavar='NAME=PATH',
            help='Run a checkout of %s instead of the pinned release '
                 '(installed in development mode, so restart picks up '
                 'edits); repeatable.' % ', '.join(sorted(sources.PROJECTS)))
    run.add_argument('--keep', action='store_true',
                     help='Leave the cloud running afterwards.')
    run.add_argument('--regex', default=SCENARIO_REGEX,
                     help='The tests to run first (default %s).'
                     % SCENARIO_REGEX)
    run.add_argument('--no-audit', action='store_true',
                     help='Do not run the allocation audit afterwards.')
    run.add_argument('tempest_args', nargs=argparse.REMAINDER,
                     help='After "--": extra arguments for tempest run.')
    sub.add_parser('status', help='Show services, pids, ports, health.')
    sub.add_parser('down', help='Stop every process of the cloud.')
    restart = sub.add_parser('restart', help='Restart named services, '
                             'e.g. nova-compute-1 nova-conductor, or the '
                             'nova-compute of a host, e.g. compute1.')
    restart.add_argument('--quick', action='store_true',
                         help='Kill them (SIGKILL, no graceful stop) and '
                              'return once they take RPC work again, '
                              'without waiting for their next state '
                              'report (the mutation proof between runs).')
    restart.add_argument('services', nargs='+')
    stop = sub.add_parser('stop', help='Stop named services (as restart '
                          'names them) until restart starts them again.')
    stop.add_argument('--kill', action='store_true',
                      help='SIGKILL at once, with no graceful stop.')
    stop.add_argument('services', nargs='+')
    drop = sub.add_parser('drop-casts', help='Drop the messages waiting '
                          'for the nova-compute of a host (stop it first); '
                          'prints how many.')
    drop.add_argument('host')
    sub.add_parser('smoke', help='Boot, resize and confirm a server, '
                   'checking allocations.')
    mutants_parser = sub.add_parser(
        'mutants', help="Mutation proof: patch known allocation bugs into "
        "the cloud's Nova one at a time; every one must fail a scenario.")
    mutants.add_arguments(mutants_parser)
    matrix_parser = sub.add_parser(
        'matrix', help='For every release: install (cached), up, run the '
        'scenarios and the mutation proof, down; print one table.')
    matrix.add_arguments(matrix_parser)
    return parser


def _load(layout, required=True):
    settings = layout.load_settings()
    if settings is None:
        if required:
            raise procs.CloudError('no cloud in %s: run `resize-tempest-cloud'
                                   ' up` first' % layout.root)
        return None
    return lifecycle.Cloud(layout, settings)


def _running(layout):
    """(cloud, healthy) for the cloud in the state dir, or (cloud, None)."""
    cloud = _load(layout, required=False)
    if not procs.tagged(layout.cloud_id):
        return cloud, None
    if cloud is None:
        return None, False
    return cloud, all(row['healthy'] for row in cloud.status())


def _up(layout, args):
    cloud, healthy = _running(layout)
    if healthy:
        print('cloud already up in %s' % layout.root)
        return cloud
    if healthy is False:
        raise procs.CloudError('a cloud is partly running in %s: run '
                               '`resize-tempest-cloud down` first'
                               % layout.root)
    if args.computes < 1:
        raise procs.CloudError('--computes must be at least 1')
    for path in mutants.restore_leftovers():
        print('restored %s, left patched by a mutation proof that was '
              'killed' % path)
    checkouts = dict(sources.parse(spec) for spec in args.source)
    if checkouts and releases.in_cached_venv():
        raise procs.CloudError(
            '--source installs into the virtualenv the cloud runs from, and '
            '%s is the shared one of release %s: install the checkout '
            'into a virtualenv of your own (see doc/source/releases.rst)'
            % (sys.prefix, releases.current()))
    if checkouts:
        print('installing %s ...' % ', '.join(
            '%s from %s' % item for item in sorted(checkouts.items())),
            flush=True)
        sources.install(layout, checkouts)
    settings = lifecycle.new_settings(
        args.base_port, args.computes, args.allow_resize_to_same_host,
        args.debug, args.fake_driver)
    settings.update(release=args.release or releases.current(),
                    python=sys.executable)
    cloud = lifecycle.Cloud(layout, settings)
    print('starting the cloud in %s ...' % layout.root, flush=True)
    summary = cloud.up()
    _print_summary(cloud, summary)
    return cloud


def _print_summary(cloud, summary):
    ports = cloud.ports
    print('cloud ready in %.1f s (database schema %s)' % (
        summary['seconds'],
        'from cache' if summary['cached_schema'] else 'migrated and cached'))
    rows = [('state dir', cloud.layout.root),
            ('release', '%s (%s)' % (cloud.settings.get('release') or
                                     'none of the pinned ones',
                                     cloud.settings.get('python'))),
            ('identity', cloud.cfg.keystone_url + '/v3'),
            ('compute', configs.url(ports['nova-api'], '/v2.1')),
            ('placement', configs.url(ports['placement'])),
            ('image', configs.url(ports['glance'])),
            ('network', configs.url(ports['neutron'])),
            ('computes', '%s (compute_driver = %s)' % (
                ', '.join(cloud.compute_hosts),
                cloud.settings['compute_driver'])),
            ('flavors', ', '.join('%s=%s' % (f[1], f[0])
                                  for f in bootstrap.FLAVORS)),
            ('credentials', cloud.layout.path('admin-openrc')),
            ('tempest', 'cd %s && tempest run --regex %s' % (
                cloud.layout.workspace, TEMPEST_REGEX)),
            ('logs', cloud.layout.path('logs'))]
    for name, value in rows:
        print('  %-12s %s' % (name, value))
    if not services.compute_uses_fault_driver(cloud.settings):
        print('  warning: fault driver not in use; only the scheduling '
              'stage can be injected')


def cmd_up(layout, args):
    _up(layout, args)
    return 0


def cmd_status(layout, args):
    cloud = _load(layout)
    rows = cloud.status()
    print(tables.format_table(
        ('SERVICE', 'PORT', 'LISTEN', 'HEALTH', 'RSS MB', 'PIDS'),
        [(row['name'], row['port'] or '-',
          '-' if row['port'] is None else
          ('yes' if row['listening'] else 'no'),
          'ok' if row['healthy'] else
          ('down' if not row['pids'] else 'BAD'),
          row['rss_mb'] if row['pids'] else '-',
          ' '.join(str(pid) for pid in row['pids']) or '-')
         for row in rows], right=('RSS MB',)))
    print('total RSS %d MB; state dir %s' % (
        sum(row['rss_mb'] for row in rows), layout.root))
    print('%-10s %s' % ('release', cloud.settings.get('release') or
                        'none of the pinned ones'))
    for name in sorted(sources.PROJECTS):
        print('%-10s %s' % (name, sources.describe(name)))
    return 0 if rows and all(row['healthy'] for row in rows) else 1


def cmd_down(layout, args):
    started = time.monotonic()
    cloud = _load(layout, required=False)
    left, forced = lifecycle.stop_all(layout,
                                      cloud.services if cloud else {})
    if left:
        raise procs.CloudError('still alive after SIGKILL: %s' % ', '.join(
            '%d (%s)' % item for item in sorted(left.items())))
    if cloud:
        listening = procs.listening_sockets()
        busy = sorted(port for port in cloud.ports.values()
                      if port in listening)
        if busy:
            print('note: ports %s are listening, but not by a process of '
                  'this cloud' % ', '.join(map(str, busy)))
    print('cloud in %s stopped in %.1f s%s' % (
        layout.root, time.monotonic() - started,
        '; killed after their grace period: %s' % ', '.join(sorted(forced))
        if forced else ''))
    return 0


def _started(layout):
    """The cloud of the state dir; CloudError when it is not running."""
    cloud = _load(layout)
    if not procs.tagged(layout.cloud_id):
        raise procs.CloudError('the cloud in %s is not running: run '
                               '`resize-tempest-cloud up`' % layout.root)
    return cloud


def cmd_restart(layout, args):
    started = time.monotonic()
    _started(layout).restart(args.services, quick=args.quick)
    print('restarted %s in %.1f s' % (', '.join(args.services),
                                      time.monotonic() - started))
    return 0


def cmd_stop(layout, args):
    _started(layout).stop(args.services, kill=args.kill)
    print('%s %s' % ('killed' if args.kill else 'stopped',
                     ', '.join(args.services)))
    return 0


def cmd_drop_casts(layout, args):
    print(_started(layout).drop_casts(args.host))
    return 0


def cmd_smoke(layout, args):
    cloud = _load(layout)
    print('smoke check of the cloud in %s' % layout.root)
    smoke.run(cloud)
    print('smoke check passed')
    return 0


def cmd_run(layout, args):
    cloud = _up(layout, args)
    extra = list(args.tempest_args)
    if extra[:1] == ['--']:
        extra = extra[1:]
    started = time.time()
    try:
        code = _tempest_run(layout, args.regex, extra)
        if not args.no_audit:
            code = _tempest_run(layout, AUDIT_REGEX, []) or code
    finally:
        if not args.keep:
            cmd_down(layout, args)
    print('tempest exited with %d; tempest log: %s; results: %s; service '
          'logs: %s' % (code, layout.log('tempest'),
                        os.path.join(layout.workspace, '.stestr'),
                        layout.path('logs')))
    if args.keep:
        print('cloud kept running: %s' % tempest_conf.path(cloud.layout))
    _print_known_defects(report.known_defects_shown(layout.reports, started))
    return code


def _print_known_defects(shown):
    """The known Nova defects the run showed: findings, not passes."""
    if not shown:
        print('known Nova defects shown: none')
        return
    print('known Nova defects shown (expected failures; see '
          'doc/source/known-defects.rst):')
    for name, test, path in shown:
        print('  %-66s %s\n    report: %s' % (
            name, results.short_id(test), path))


def _tempest_run(layout, regex, extra):
    """Run what ``regex`` selects: the parallel tests, then the serial ones.

    :returns: the exit code of the passes that ran (see selection).
    """
    serial_ids = selection.serial_test_ids()
    passes = selection.passes(regex, serial_ids)
    if selection.only_serial(regex, serial_ids):
        return _tempest(layout, list(passes.serial) +
                        selection.without_concurrency(extra))
    before = results.next_run(layout.workspace)
    code = _tempest(layout, list(passes.parallel) + extra)
    if passes.serial is None:
        return code
    combined = selection.combine(layout.workspace, before)
    serial_code = _tempest(layout, list(passes.serial) + combined +
                           selection.without_concurrency(extra))
    # Only serialized tests selected (nothing combined): theirs is the run.
    return (code or serial_code) if combined else serial_code


def _tempest(layout, args):
    argv = [procs.venv_bin('tempest'), 'run'] + args
    env = dict(os.environ, PYTHONPATH=services.python_path())
    print('running: %s (in %s)' % (' '.join(argv[1:]), layout.workspace),
          flush=True)
    return subprocess.call(argv, cwd=layout.workspace, env=env)


def cmd_mutants(layout, args):
    args.state_dir = layout.root
    return mutants.run(args)


def cmd_matrix(layout, args):
    args.state_dir = layout.root
    return matrix.run(args)


COMMANDS = {'up': cmd_up, 'status': cmd_status, 'down': cmd_down,
            'restart': cmd_restart, 'stop': cmd_stop,
            'drop-casts': cmd_drop_casts, 'smoke': cmd_smoke, 'run': cmd_run,
            'mutants': cmd_mutants, 'matrix': cmd_matrix}


def _report(exc):
    print('error: %s' % exc, file=sys.stderr)
    if exc.log:
        try:
            with open(exc.log, errors='replace') as f:
                tail = f.readlines()[-LOG_TAIL:]
        except OSError:
            tail = []
        for line in tail:
            print('  | ' + line.rstrip()[:200], file=sys.stderr)
        print('log: %s' % exc.log, file=sys.stderr)


def _elsewhere(layout, args, argv):
    """The Python the command must run in, if not this one."""
    if os.environ.get(releases.CHILD):
        return None
    settings = layout.load_settings()
    running = procs.tagged(layout.cloud_id)
    if args.command == 'matrix':
        # Each release in its own state dir and virtualenv.
        return None
    if args.command in ('up', 'run') and not running:
        # A new cloud: the named release, or this Python's.
        settings = None
    release = args.release
    if args.command in ('status', 'down'):
        # Whatever the cloud in the state dir runs.
        release = None
    if release and settings and running and (
            settings.get('release') != release):
        raise procs.CloudError(
            'the cloud in %s runs release %s, not %s: run '
            '`resize-tempest-cloud down` first' % (
                layout.root, settings.get('release'), release))
    python = releases.interpreter(layout, release, settings)
    # Not realpath: a virtualenv's python links to the one it was made from.
    if python and os.path.abspath(python) != os.path.abspath(
            sys.executable):
        return python
    return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    layout = layout_mod.Layout(args.state_dir)
    # A terminated `up` or `run` cleans up as an interrupted one does.
    procs.stop_on_sigterm()
    try:
        python = _elsewhere(layout, args, argv)
        if python:
            releases.run_in(python, argv)  # does not return
        return COMMANDS[args.command](layout, args)
    except procs.CloudError as exc:
        _report(exc)
        return 1
    except KeyboardInterrupt:
        print('interrupted', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())

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

"""The release matrix: every release, installed, up, scenarios, mutants.

``resize-tempest-cloud matrix [--release NAME ...]`` (``tox -e matrix``)
runs, for each release in turn: its virtualenv (built once, cached), a
cloud in its own state dir, the scenarios and the audit, the mutation
proof on that cloud, and down.  Then it prints one table.
"""

import json
import os
import subprocess
import sys
import time

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import procs
from resize_tempest_cloud import releases
from resize_tempest_cloud import results
from resize_tempest_plugin.common import tables

HEADER = ('release', 'nova', 'tempest', 'passed', 'failed', 'skipped',
          'known defects', 'mutants caught', 'install min', 'run min')


def add_arguments(parser):
    parser.add_argument('--release', dest='matrix_releases',
                        action='append', choices=releases.names(),
                        help='only this release (repeatable; default: '
                             'all, oldest first)')
    parser.add_argument('--no-mutants', action='store_true',
                        help='leave out the mutation proof')
    parser.add_argument('--base-port', type=int,
                        default=layout_mod.DEFAULT_BASE_PORT,
                        help='first port of each cloud (default %(default)s)')


def _cli(state_dir, release, *command):
    argv = [sys.executable, '-m', 'resize_tempest_cloud.cli',
            '--state-dir', state_dir, '--release', release] + list(command)
    print('  $ resize-tempest-cloud %s' % ' '.join(argv[3:]), flush=True)
    return subprocess.call(argv)


def mutant_summary(state_dir):
    """'caught/applied (N not applied)' from the proof's mutants.json."""
    try:
        with open(os.path.join(state_dir, 'mutants.json')) as f:
            rows = json.load(f)[1:]
    except (OSError, ValueError, IndexError):
        return 'no result'
    caught = sum(1 for row in rows if row['verdict'] == 'caught')
    applied = [row for row in rows if row['verdict'] != 'NOT APPLIED']
    text = '%d/%d' % (caught, len(applied))
    if len(applied) < len(rows):
        text += ' (%d not applied)' % (len(rows) - len(applied))
    return text


def run_release(root, name, mutants=True,
                base_port=layout_mod.DEFAULT_BASE_PORT):
    """One row of the table for release ``name``, and whether it is green.

    Green: the scenarios and the audit ran and passed, and the mutation
    proof passed (its exit code: on the newest release every mutant must
    apply).
    """
    state_dir = os.path.join(root, name)
    layout = layout_mod.Layout(state_dir)
    print('== release %s' % name, flush=True)
    started = time.monotonic()
    try:
        releases.interpreter(layout, name, None)
    except procs.CloudError as error:
        print('  install failed: %s' % error, flush=True)
        return (name, '?', '?', 0, 0, 0, 0, 'install failed', '-', '-'), False
    installed = time.monotonic()
    # Only this invocation's results count.
    first = results.next_run(layout.workspace)
    summary = os.path.join(state_dir, 'mutants.json')
    if os.path.exists(summary):
        os.unlink(summary)
    try:
        run_code = _cli(state_dir, name, 'run', '--keep', '--base-port',
                        str(base_port), '--allow-resize-to-same-host')
        tests = results.last_runs(layout.workspace,
                                  results.next_run(layout.workspace) - first)
        mutants_code = (_cli(state_dir, name, 'mutants', '--reuse-baseline',
                             '--keep') if mutants else 0)
    finally:
        _cli(state_dir, name, 'down')
    pins = releases.pins(name)
    statuses = [test.status for test in tests]
    passed, failed = results.counts(tests)
    row = (name, pins.get('nova', '?'), pins.get('tempest', '?'),
           passed, failed, statuses.count('skip'), statuses.count('xfail'),
           mutant_summary(state_dir) if mutants else '-',
           '%.1f' % ((installed - started) / 60),
           '%.1f' % ((time.monotonic() - installed) / 60))
    green = (not run_code and passed and not failed and not mutants_code)
    return row, green


def print_table(rows):
    print(tables.format_table(HEADER, rows, right=(
        'passed', 'failed', 'skipped', 'known defects', 'install min',
        'run min')))


def run(args):
    """Every release; the table; 0 when each is green."""
    root = os.path.join(args.state_dir, 'matrix')
    os.makedirs(root, exist_ok=True)
    rows, bad = [], []
    for name in args.matrix_releases or releases.names():
        row, green = run_release(root, name, not args.no_mutants,
                                 args.base_port)
        rows.append(row)
        if not green:
            bad.append(name)
    print()
    print_table(rows)
    if bad:
        print('not green: %s' % ', '.join(bad))
    return 1 if bad else 0

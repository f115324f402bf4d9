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

"""``resize-tempest-lab SUBCOMMAND [ARGS...]``: the lab's one command.

Each subcommand hands its arguments to one module's ``main(argv)``, or to
one of the shell scripts beside them (with bash).  The modules are
imported only when chosen: the benchmark's chart needs matplotlib
(benchmark-requirements.txt), the others do not.
"""

import importlib
import os
import sys

PROG = 'resize-tempest-lab'
# (subcommand, module of the package or shell script beside it, summary)
SUBCOMMANDS = (
    ('benchmark', 'benchmark',
     'Scenarios against their peers; `benchmark soak` soaks them.'),
    ('faults', 'fault_soak',
     'Restart services under the scenarios: no hang, nothing left.'),
    ('verdict', 'verdict', 'Verdict delays of a run: LOGS_DIR REPORTS_DIR.'),
    ('api-calls', 'api_calls', "API calls per test, from tempest's log."),
    ('audit-bench', 'audit_bench',
     'Time the allocation audit on a cloud full of servers.'),
    ('audit-soak', 'audit_soak',
     'Suite runs with the allocation audit beside them; leftovers.'),
    ('cloud-bench', 'cloud_bench.sh',
     "Time the embedded cloud's install, up and down; its memory."),
    ('first-run', 'first_run.sh',
     'Time `tox -e cloud` from a clean clone, phase by phase.'),
    ('proxy-cost', 'proxy_cost.sh',
     'Scenarios with Nova reaching Placement via the proxy, and not.'),
)


def usage():
    width = max(len(name) for name, _, _ in SUBCOMMANDS)
    return '\n'.join(
        ['usage: %s SUBCOMMAND [ARGS...]' % PROG, '',
         'Benchmarks and soaks of the scenarios and of the embedded cloud.',
         '', 'subcommands:'] +
        ['  %-*s  %s' % (width, name, summary)
         for name, _, summary in SUBCOMMANDS] +
        ['', '`%s SUBCOMMAND -h` shows its options.' % PROG])


def script_path(script):
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), script)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (['-h'], ['--help']):
        print(usage())
        return 0
    targets = {name: target for name, target, _ in SUBCOMMANDS}
    if not argv or argv[0] not in targets:
        print(usage(), file=sys.stderr)
        print('%s: error: %s' % (PROG, 'unknown subcommand %r' % argv[0]
                                 if argv else 'a subcommand is required'),
              file=sys.stderr)
        return 2
    target, args = targets[argv[0]], argv[1:]
    if target.endswith('.sh'):
        # exec (no return): the script gets the terminal, the signals and
        # the exit code.
        return os.execvp('bash', ['bash', script_path(target)] + args)
    return importlib.import_module('resize_tempest_lab.' + target).main(args)


if __name__ == '__main__':
    sys.exit(main())

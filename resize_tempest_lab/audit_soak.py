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

"""Suite runs with the allocation audit beside them, and what is left.

    resize-tempest-lab audit-soak --state-dir .resize-cloud --runs 5

Runs the scenarios --runs times at --concurrency (default 4) on a running
embedded cloud.  During each run ``resize-tempest-audit`` runs again and
again beside it (a false alarm is any finding while the cloud is healthy);
after each run the audit must find nothing, and no server, scenario
flavor, pinning trait or forced-down compute may be left.  Prints a row a
run and exits 1 on a failed test, a finding or a leftover.
"""

import json
import subprocess
import sys
import threading
import time

from resize_tempest_cloud import procs
from resize_tempest_cloud import results
from resize_tempest_lab import common
from resize_tempest_lab import soak


def audit(env):
    proc = subprocess.run(
        [procs.venv_bin('resize-tempest-audit'), '--format', 'json',
         '--settle-timeout', '30'],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode == 2:
        return None, proc.stderr.strip()
    return json.loads(proc.stdout), None


def leftovers(api):
    down = [service['host'] for service in api.get(
        'compute', '/os-services?binary=nova-compute',
        soak.COMPUTE_VERSION)['services'] if service['forced_down']]
    return {'servers': len(api.servers()),
            'flavors': len([name for name in api.flavors().values()
                            if 'Test-flavor' in name]),
            'pin traits': len(api.pin_traits()), 'forced down': down}


def main(argv=None):
    args = common.cloud_tool_args('resize-tempest-lab audit-soak', __doc__,
                                  argv, runs=5, concurrency=4)
    layout, _, _, env = common.admin_cloud(args.state_dir)
    api = soak.AdminApi(env)
    cli = [sys.executable, '-m', 'resize_tempest_cloud.cli', '--state-dir',
           layout.root]
    bad = False
    for run in range(1, args.runs + 1):
        during, errors, stop = [], [], threading.Event()

        def beside():
            while not stop.is_set():
                report, error = audit(env)
                if error:
                    errors.append(error)
                elif report['findings']:
                    during.append(report['findings'])
        watcher = threading.Thread(target=beside)
        watcher.start()
        started = time.monotonic()
        subprocess.run(cli + ['run', '--keep', '--no-audit', '--',
                              '--concurrency', str(args.concurrency)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        stop.set()
        watcher.join()
        tests = results.last_run(layout.workspace)
        passed, failed = results.counts(tests)
        after, error = audit(env)
        left = leftovers(api)
        findings_after = len(after['findings']) if after else 'error'
        print('run %d: %d passed, %d failed, %d expected failures, %.0f s; '
              'audits beside it with findings: %d (errors %d); findings '
              'after: %s; left: %s' % (
                  run, passed, failed,
                  sum(1 for test in tests if test.status == 'xfail'),
                  seconds, len(during), len(errors), findings_after, left),
              flush=True)
        for findings in during:
            print('   finding beside run %d: %s' % (run, findings))
        for error in errors:
            print('   audit error beside run %d: %s' % (run, error))
        bad = bad or failed or during or findings_after or any(
            left[key] for key in left)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

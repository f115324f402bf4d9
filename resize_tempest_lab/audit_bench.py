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

"""Benchmark of the allocation audit on an embedded cloud full of servers.

    resize-tempest-lab audit-bench --state-dir .resize-cloud --servers 100

Boots the servers (the cloud's small flavor, no network) across its
computes, runs ``resize-tempest-audit --format json`` --repeat times, and
prints the audit's wall time and API calls, then deletes the servers.
"""

import json
import subprocess
import time

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import configs
from resize_tempest_cloud import http
from resize_tempest_cloud import procs
from resize_tempest_lab import common
from resize_tempest_plugin.common import polling

COMPUTE = {'OpenStack-API-Version': 'compute 2.61'}


def main(argv=None):
    args = common.cloud_tool_args('resize-tempest-lab audit-bench', __doc__,
                                  argv, servers=100, repeat=3)
    _, cloud, session, env = common.admin_cloud(args.state_dir)
    nova = configs.url(cloud.ports['nova-api'], '/v2.1')
    glance = configs.url(cloud.ports['glance'], '/v2')

    def call(method, path, body=None):
        return http.request(session, method, nova + path, body,
                            headers=COMPUTE)[2]

    image = http.request(session, 'GET', glance + '/images?name=' +
                         bootstrap.IMAGE_NAME)[2]['images'][0]['id']
    small = bootstrap.FLAVORS[0][0]
    # The admin project's default quota (10 instances) is too small.
    project = session.get_project_id()
    call('PUT', '/os-quota-sets/%s' % project, {'quota_set': {
        'instances': -1, 'cores': -1, 'ram': -1}})
    started = time.monotonic()
    ids = []
    try:
        for index in range(args.servers):
            ids.append(call('POST', '/servers', {'server': {
                'name': 'audit-benchmark-%d' % index, 'imageRef': image,
                'flavorRef': small, 'networks': 'none'}})['server']['id'])

        def all_active():
            servers = call('GET', '/servers/detail?name=audit-benchmark-'
                           '&limit=1000')['servers']
            statuses = [server['status'] for server in servers]
            if 'ERROR' in statuses:
                raise SystemExit('a benchmark server went to ERROR')
            return True if statuses.count('ACTIVE') == len(ids) else None
        polling.poll(all_active, 600, 2.0, lambda: 'servers ACTIVE')
        print('%d servers ACTIVE in %.0f s' % (len(ids),
                                               time.monotonic() - started))
        audit = procs.venv_bin('resize-tempest-audit')
        runs = []
        for _ in range(args.repeat):
            began = time.monotonic()
            proc = subprocess.run([audit, '--format', 'json'], env=env,
                                  stdout=subprocess.PIPE, text=True)
            wall = time.monotonic() - began
            report = json.loads(proc.stdout)
            runs.append((wall, report['api_calls'], len(report['findings']),
                         proc.returncode))
        for wall, calls, findings, code in runs:
            print('audit: %.2f s wall, %d API calls, %d findings, exit %d'
                  % (wall, calls, findings, code))
        print('median wall %.2f s for %d servers on %d computes' % (
            common.median([run[0] for run in runs]), len(ids),
            cloud.settings['computes']))
    finally:
        for server_id in ids:
            call('DELETE', '/servers/%s' % server_id)


if __name__ == '__main__':
    main()

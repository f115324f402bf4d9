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

"""Soak: the suite many times on one cloud; nothing may be left behind.

Before the first run and after each, it looks with the cloud's admin
credentials for what the suite creates: servers (all projects), flavors
named like the scenarios' (``<prefix>-<TestClass>-flavor-<n>``),
Placement allocations on the compute nodes held by a consumer that is no
server (a leaked instance or migration allocation), and the scenarios'
pinning traits (defined, or on a compute provider).  It samples each
service's RSS from ``resize-tempest-cloud status`` and flags a service
whose memory rose at every run, by more than the tolerance in all.
"""

import json
import os
import re

from resize_tempest_cloud import http
from resize_tempest_lab import common
from resize_tempest_plugin.common.pinning import TRAIT_PREFIX
from resize_tempest_plugin.common import tables

COMPUTE_VERSION = {'OpenStack-API-Version': 'compute 2.74'}
PLACEMENT_VERSION = {'OpenStack-API-Version': 'placement 1.28'}
# RSS changes below this many MB between runs are noise, not growth.
MEMORY_NOISE_MB = 2


class AdminApi(object):
    """Admin calls to the cloud, outside tempest, with keystoneauth1."""

    def __init__(self, credentials):
        self.session = http.session_from_openrc(credentials)
        self.region = credentials.get('OS_REGION_NAME')

    def get(self, service_type, path, headers, allow_404=False):
        response = self.session.get(
            path, headers=headers, raise_exc=False, timeout=30,
            endpoint_filter={'service_type': service_type,
                             'interface': 'public',
                             'region_name': self.region})
        if allow_404 and response.status_code == 404:
            return None
        if response.status_code != 200:
            raise common.BenchmarkError('GET %s %s: HTTP %d %s' % (
                service_type, path, response.status_code,
                response.text[:200]))
        return response.json()

    def servers(self):
        body = self.get('compute', '/servers/detail?all_tenants=1',
                        COMPUTE_VERSION)
        return {server['id']: server['name'] for server in body['servers']}

    def flavors(self):
        body = self.get('compute', '/flavors/detail?is_public=None',
                        COMPUTE_VERSION)
        return {flavor['id']: flavor['name'] for flavor in body['flavors']}

    def compute_providers(self):
        """{provider uuid: host} of the compute nodes (2.53+ ids)."""
        body = self.get('compute', '/os-hypervisors/detail',
                        COMPUTE_VERSION)
        return {hypervisor['id']: hypervisor['service']['host']
                for hypervisor in body['hypervisors']}

    def provider_consumers(self, provider):
        body = self.get('placement',
                        '/resource_providers/%s/allocations' % provider,
                        PLACEMENT_VERSION)
        return {consumer: held['resources']
                for consumer, held in body['allocations'].items()}

    def pin_traits(self):
        """The scenarios' pinning traits: defined ones, and per provider."""
        body = self.get('placement', '/traits?name=startswith:%s'
                        % TRAIT_PREFIX, PLACEMENT_VERSION)
        return set(body['traits'])

    def provider_traits(self, provider):
        body = self.get('placement', '/resource_providers/%s/traits'
                        % provider, PLACEMENT_VERSION)
        return {trait for trait in body['traits']
                if trait.startswith(TRAIT_PREFIX)}

    def server_exists(self, server_id):
        return self.get('compute', '/servers/%s' % server_id,
                        COMPUTE_VERSION, allow_404=True) is not None


def flavor_pattern(test_classes):
    names = sorted(test_classes) or [r'\w+Test']
    return re.compile(r'(?:^|-)(?:%s)-flavor-' % '|'.join(names))


def inventory(api, test_classes):
    """What of the suite's kind exists on the cloud now."""
    servers = api.servers()
    pattern = flavor_pattern(test_classes)
    flavors = {fid: name for fid, name in api.flavors().items()
               if pattern.search(name)}
    orphans = {}
    traits = {trait: 'defined' for trait in api.pin_traits()}
    for provider, host in sorted(api.compute_providers().items()):
        for consumer, resources in api.provider_consumers(provider).items():
            if consumer in servers or api.server_exists(consumer):
                continue
            orphans['%s@%s' % (consumer, host)] = resources
        for trait in api.provider_traits(provider):
            traits['%s@%s' % (trait, host)] = 'on provider'
    return {'servers': servers, 'flavors': flavors, 'orphans': orphans,
            'traits': traits}


def new_since(now, baseline):
    return {kind: {key: value for key, value in items.items()
                   if key not in baseline[kind]}
            for kind, items in now.items()}


def memory_flags(samples, tolerance_mb, tolerance_pct):
    """Per service: RSS before, after the first and last run, the trend.

    A service is flagged when, from after the first run to after the
    last, its RSS never fell (beyond noise) and rose by more than the
    tolerance (the larger of ``tolerance_mb`` and ``tolerance_pct`` of its
    RSS after the first run).
    """
    services = sorted({name for sample in samples for name in sample})
    rows = {}
    for name in services:
        series = [sample.get(name) for sample in samples]
        after = [value for value in series[1:] if value is not None]
        if len(after) < 2:
            continue
        first, last = after[0], after[-1]
        steps = [b - a for a, b in zip(after, after[1:])]
        monotonic = all(step >= -MEMORY_NOISE_MB for step in steps)
        allowed = max(tolerance_mb, first * tolerance_pct / 100.0)
        growth = last - first
        rows[name] = {'before_mb': series[0], 'after_first_mb': first,
                      'after_last_mb': last, 'growth_mb': growth,
                      'max_mb': max(after), 'monotonic': monotonic,
                      'tolerance_mb': round(allowed, 1),
                      'flagged': monotonic and growth > allowed}
    return rows


def run(cloud, args, out_dir):
    raw = os.path.join(out_dir, 'raw')
    os.makedirs(raw, exist_ok=True)
    api = AdminApi(cloud.admin_credentials())
    workspace = common.make_workspace(cloud, out_dir)
    test_classes = set()
    baseline = inventory(api, test_classes)
    _, memory, _ = cloud.status()
    samples = [memory]
    runs = []
    print('soak: %d suite runs at concurrency %d; baseline: %d servers, '
          '%d orphan allocations, %d MB RSS' % (
              args.runs, args.concurrency, len(baseline['servers']),
              len(baseline['orphans']),
              sum(v for v in memory.values() if v)))
    for index in range(1, args.runs + 1):
        tempest = common.TempestRun('soak-%02d' % index,
                                    common.SUITE_REGEX, args.concurrency)
        tempest.run(workspace, raw)
        test_classes |= {t.short.split('.')[0] for t in tempest.tests
                         if t.id.startswith(common.SCENARIO_PREFIX)}
        left = new_since(inventory(api, test_classes), baseline)
        _, memory, unhealthy = cloud.status()
        samples.append(memory)
        summary = tempest.summary()
        summary.update(
            leftover_servers=sorted(left['servers'].values()),
            leftover_flavors=sorted(left['flavors'].values()),
            orphan_allocations=left['orphans'],
            leftover_traits=sorted(left['traits']),
            unhealthy_services=unhealthy, rss_mb=memory,
            rss_total_mb=sum(v for v in memory.values() if v))
        runs.append(summary)
        print('run %2d/%d  wall %5.1f s + %s s serialized  passed %d  '
              'failed %d  left: servers %d flavors %d allocations %d '
              'traits %d  RSS %d MB%s'
              % (index, args.runs, tempest.wall_seconds,
                 common.fmt(tempest.serial_seconds),
                 summary['passed'], len(summary['failed']),
                 len(left['servers']), len(left['flavors']),
                 len(left['orphans']), len(left['traits']),
                 summary['rss_total_mb'],
                  ('  UNHEALTHY: ' + ', '.join(unhealthy))
                  if unhealthy else ''), flush=True)
        for name in summary['failed']:
            print('    failed: %s' % name)
    final = runs[-1] if runs else {}
    memory_rows = memory_flags(samples, args.memory_tolerance_mb,
                               args.memory_tolerance_pct)
    failures = sum(len(r['failed']) for r in runs)
    leaks = {'servers': final.get('leftover_servers', []),
             'flavors': final.get('leftover_flavors', []),
             'orphan_allocations': final.get('orphan_allocations', {}),
             'traits': final.get('leftover_traits', [])}
    leaked = any(leaks.values())
    unhealthy_runs = [r['label'] for r in runs if r['unhealthy_services']]
    result = {'state_dir': cloud.state_dir, 'runs': runs,
              'concurrency': args.concurrency,
              'failures': failures, 'leaks_after_last_run': leaks,
              'runs_with_leftovers': [
                  r['label'] for r in runs
                  if r['leftover_servers'] or r['leftover_flavors'] or
                  r['orphan_allocations'] or r['leftover_traits']],
              'unhealthy_runs': unhealthy_runs,
              'memory': memory_rows, 'memory_samples_mb': samples}
    with open(os.path.join(out_dir, 'soak.json'), 'w') as f:
        json.dump(result, f, indent=2, sort_keys=True)
    _print_memory(memory_rows, len(runs))
    walls = [(r['wall_s'] or 0) + (r['serial_wall_s'] or 0) for r in runs]
    print('\nsoak: %d runs, %d failed tests, wall median %s s (min %s, max '
          '%s; both passes)' % (
              len(runs), failures, common.fmt(common.median(walls)),
              common.fmt(min(walls) if walls else None),
              common.fmt(max(walls) if walls else None)))
    print('left behind after the last run: %d servers, %d flavors, %d '
          'orphan allocations, %d pinning traits%s' % (
              len(leaks['servers']), len(leaks['flavors']),
              len(leaks['orphan_allocations']), len(leaks['traits']),
              '' if not leaked else ': %s' % json.dumps(leaks)))
    flagged = sorted(n for n, r in memory_rows.items() if r['flagged'])
    print('memory: %s' % ('no service grew at every run beyond its '
                          'tolerance' if not flagged else
                          'GROWING: ' + ', '.join(flagged)))
    print('results: %s' % os.path.join(out_dir, 'soak.json'))
    if failures or leaked or unhealthy_runs:
        print('soak FAILED: %d failed tests, %s, %d runs with unhealthy '
              'services' % (failures, 'leaks' if leaked else 'no leaks',
                            len(unhealthy_runs)))
        return 1
    print('soak passed')
    return 0


def _print_memory(rows, runs):
    print('\nRSS per service (MB): before run 1, after run 1, after run %d'
          % runs)
    numbers = ('before', 'run 1', 'last', 'growth', 'tol')
    print(tables.format_table(
        ('SERVICE',) + numbers + ('trend',),
        [(name, row['before_mb'], row['after_first_mb'],
          row['after_last_mb'], '%+d' % row['growth_mb'],
          int(row['tolerance_mb']),
          ('GROWING' if row['flagged'] else
           'monotonic, within tolerance' if row['monotonic']
           else 'not monotonic'))
         for name, row in sorted(rows.items())], right=numbers))

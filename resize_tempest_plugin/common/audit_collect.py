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

"""What the audit reads from a cloud, and the second look at what moved.

The calls grow with the compute nodes (one provider-allocations call each)
and with the pages of servers and migrations, never with the servers one
by one.  ``get(service_type, path)`` returns the decoded JSON of a GET on
the compute ('compute', microversion COMPUTE_MICROVERSION) or Placement
('placement') API; the operator command and the tempest test each bring
their own.
"""

import time
import urllib.parse

from resize_tempest_plugin.common import audit
from resize_tempest_plugin.common import polling

# 2.47: servers embed their flavor; 2.53: hypervisor ids are provider
# uuids; 2.59: migrations have uuids and page with limit and marker.
COMPUTE_MICROVERSION = '2.61'
PAGE_SIZE = 1000


def _pages(get, path, key, marker_field, page_size):
    """Every item of a paged compute list (limit and marker)."""
    items, marker = [], None
    separator = '&' if '?' in path else '?'
    while True:
        query = {'limit': page_size}
        if marker:
            query['marker'] = marker
        page = get('compute', '%s%s%s' % (path, separator,
                                          urllib.parse.urlencode(query)))
        items.extend(page[key])
        if len(page[key]) < page_size or not page.get(key + '_links'):
            return items
        marker = page[key][-1][marker_field]


def collect(get, page_size=PAGE_SIZE):
    """(providers, servers, migrations) of the whole cloud."""
    hypervisors = _pages(get, '/os-hypervisors/detail', 'hypervisors', 'id',
                         page_size)
    providers = []
    for hypervisor in hypervisors:
        body = get('placement',
                   '/resource_providers/%s/allocations' % hypervisor['id'])
        providers.append(audit.Provider(
            hypervisor['id'], hypervisor['service']['host'],
            {consumer: held['resources']
             for consumer, held in body['allocations'].items()}))
    servers = _pages(get, '/servers/detail?all_tenants=1', 'servers', 'id',
                     page_size)
    migrations = _pages(get, '/os-migrations', 'migrations', 'uuid',
                        page_size)
    return providers, servers, migrations


def _settled_look(get, settle_timeout, max_interval, clock, sleep):
    """Audit until nothing is in flux, or until settle_timeout."""
    last = {}

    def look():
        providers, servers, migrations = collect(get)
        last['result'] = audit.audit(providers, servers, migrations)
        last['providers'] = providers
        return last['result'] if not last['result'].in_flux else None

    try:
        polling.poll(look, settle_timeout, max_interval, lambda: 'settled',
                     first=min(1.0, max_interval), clock=clock, sleep=sleep)
    except TimeoutError:
        pass
    return last['result'], last['providers']


def _key(finding):
    return (finding.kind, finding.consumer, finding.provider)


def audit_cloud(get, settle_timeout=60, max_interval=2.0, confirm_after=2.0,
                clock=time.monotonic, sleep=time.sleep):
    """Audit the cloud; a finding counts only if a second look sees it.

    The APIs are read one after another, not atomically: a server deleted
    between the server list and the allocation list would look like an
    orphan for a moment.  While moves are in flux the audit looks again
    until they settle (bounded); then it looks once more ``confirm_after``
    seconds later and keeps the findings both looks saw.

    :returns: (audit.Result, the providers of the last look).
    """
    first, providers = _settled_look(get, settle_timeout, max_interval,
                                     clock, sleep)
    if not first.findings:
        return first, providers
    sleep(confirm_after)
    second, providers = _settled_look(get, settle_timeout, max_interval,
                                      clock, sleep)
    seen_before = {_key(finding) for finding in first.findings}
    return audit.Result(
        tuple(finding for finding in second.findings
              if _key(finding) in seen_before),
        second.in_flux), providers


def provider_names(providers):
    """{provider uuid: host} for the findings table."""
    return {provider.uuid: provider.host for provider in providers}

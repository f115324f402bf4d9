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

"""The allocation audit of a whole cloud, from what its APIs show.

Pure: it takes the compute node providers with every allocation on them,
every server and every migration, and returns findings by the principles
of the oracle (doc/source/oracle.rst):

- an instance consumer holds exactly its shown flavor on its host's
  provider and nothing elsewhere;
- a migration consumer holds nothing once its migration is final;
- every consumer is a server or a migration.

Servers with a task in progress and unfinished migrations are in flux:
listed apart, never a finding.
"""

import dataclasses
import typing

from resize_tempest_plugin.common import flavor_allocation
from resize_tempest_plugin.common import tables
from resize_tempest_plugin import faults

ORPHAN = 'orphan'
FINISHED_MIGRATION_HOLDING = 'finished migration still holding'
WRONG_PLACE = 'wrong place'
WRONG_AMOUNT = 'wrong amount'
MISSING = 'missing'
KINDS = (ORPHAN, FINISHED_MIGRATION_HOLDING, WRONG_PLACE, WRONG_AMOUNT,
         MISSING)

# Server statuses in which a server holds nothing even with a host.
HOLDING_NOTHING_STATUSES = frozenset(('SHELVED_OFFLOADED', 'DELETED',
                                      'SOFT_DELETED'))


@dataclasses.dataclass(frozen=True)
class Provider:
    """A compute node resource provider and what each consumer holds."""

    uuid: str
    host: str
    allocations: typing.Mapping[str, typing.Mapping[str, int]]


@dataclasses.dataclass(frozen=True)
class Finding:
    """One allocation a correct Nova would not leave."""

    kind: str
    consumer: str
    provider: typing.Optional[str]
    expected: typing.Mapping[str, int]
    actual: typing.Mapping[str, int]
    what: str = ''

    def to_dict(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class InFlux:
    """A consumer the audit does not judge now, and why."""

    consumer: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Result:
    findings: typing.Tuple[Finding, ...]
    in_flux: typing.Tuple[InFlux, ...]

    def __bool__(self):
        return bool(self.findings)


def _unfinished_migrations(migrations):
    """{instance uuid: [migration, ...]} of migrations not yet final."""
    found = {}
    for migration in migrations:
        if migration['status'] not in faults.FINAL_MIGRATION_STATUSES:
            found.setdefault(migration.get('instance_uuid'),
                             []).append(migration)
    return found


def audit(providers, servers, migrations):
    """Findings and consumers in flux of a cloud.

    :param providers: Provider objects of every compute node.
    :param servers: servers as ``GET /servers/detail?all_tenants=1`` shows
        them (2.47+: the flavor embedded).
    :param migrations: migrations as ``GET /os-migrations`` shows them
        (2.59+: with uuid).
    :returns: a Result.
    """
    servers = {server['id']: server for server in servers}
    by_uuid = {migration['uuid']: migration for migration in migrations
               if migration.get('uuid')}
    unfinished = _unfinished_migrations(migrations)
    provider_of_host = {provider.host: provider.uuid
                        for provider in providers}
    held = {}  # {consumer: {provider: resources}}
    for provider in providers:
        for consumer, resources in provider.allocations.items():
            held.setdefault(consumer, {})[provider.uuid] = dict(resources)

    findings, in_flux = [], []
    for consumer in sorted(held):
        if consumer in servers:
            continue
        migration = by_uuid.get(consumer)
        if migration is None:
            findings.extend(
                Finding(ORPHAN, consumer, provider, {}, resources,
                        'neither a server nor a migration')
                for provider, resources in sorted(held[consumer].items()))
        elif migration['status'] in faults.FINAL_MIGRATION_STATUSES:
            findings.extend(
                Finding(FINISHED_MIGRATION_HOLDING, consumer, provider, {},
                        resources, 'migration of %s is %s' % (
                            migration.get('instance_uuid'),
                            migration['status']))
                for provider, resources in sorted(held[consumer].items()))
        else:
            in_flux.append(InFlux(consumer, 'migration %s'
                                  % migration['status']))

    for server_id in sorted(servers):
        server = servers[server_id]
        if server.get(faults.TASK_ATTRIBUTE):
            in_flux.append(InFlux(server_id, 'task %s'
                                  % server[faults.TASK_ATTRIBUTE]))
            continue
        if server_id in unfinished:
            in_flux.append(InFlux(server_id, 'migration %s' % ', '.join(
                each['status'] for each in unfinished[server_id])))
            continue
        findings.extend(_judge_server(server, held.get(server_id, {}),
                                      provider_of_host))
    return Result(tuple(findings), tuple(in_flux))


def _judge_server(server, held, provider_of_host):
    """Findings of one settled server: what it holds against its flavor."""
    host = server.get(faults.HOST_ATTRIBUTE)
    if server['status'] in HOLDING_NOTHING_STATUSES or not host:
        home, flavor = None, {}
    else:
        home = provider_of_host.get(host)
        if home is None:
            return []  # a host without a compute node provider we audit
        flavor = flavor_allocation.flavor_resources(server['flavor'])
    found = []
    for provider, resources in sorted(held.items()):
        if provider == home:
            if resources != flavor:
                found.append(Finding(
                    WRONG_AMOUNT, server['id'], provider, flavor, resources,
                    'flavor %s' % server['flavor'].get('original_name')))
        else:
            found.append(Finding(
                WRONG_PLACE, server['id'], provider, {}, resources,
                'server %s on %s' % (server['status'], host or 'no host')))
    if home is not None and flavor and home not in held:
        found.append(Finding(MISSING, server['id'], home, flavor, {},
                             'server %s on %s holds nothing there'
                             % (server['status'], host)))
    return found


FINDING_COLUMNS = ('kind', 'consumer', 'provider', 'expected', 'actual',
                   'what')


def finding_rows(result, names=None):
    """One tuple of FINDING_COLUMNS per finding, providers named."""
    names = names or {}
    return [(finding.kind, finding.consumer,
             names.get(finding.provider, finding.provider or '-'),
             _amounts(finding.expected), _amounts(finding.actual),
             finding.what)
            for finding in result.findings]


def format_findings(result, names=None):
    """A table of the findings, then the consumers in flux."""
    rows = finding_rows(result, names)
    text = (tables.format_table(FINDING_COLUMNS, rows) if rows
            else 'no findings')
    if result.in_flux:
        text += '\nin flux (not judged): %s' % ', '.join(
            '%s (%s)' % (each.consumer, each.reason)
            for each in result.in_flux)
    return text


def _amounts(resources):
    return ', '.join('%s=%s' % item for item in sorted(resources.items())
                     ) or '-'

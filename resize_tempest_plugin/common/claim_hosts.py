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

"""The hosts a claim scenario uses, chosen by their host NUMA cells.

A destination rejects a flavor in its resize claim when the flavor asks
for more guest NUMA nodes than the host has NUMA cells.  The claim
scenarios need some destinations that reject the flavor, maybe some that
take it, and a source besides.
"""

import dataclasses
import json
import typing


class NoSuitableHosts(Exception):
    """The cloud lacks the hosts a scenario needs; the message says how."""


@dataclasses.dataclass(frozen=True)
class ClaimHosts:
    """The hosts of one claim scenario and the NUMA nodes to ask for."""

    numa_nodes: int
    rejecting: typing.Tuple[str, ...]
    accepting: typing.Tuple[str, ...]
    source: str


def host_numa_cells(hypervisor):
    """The host NUMA cells a hypervisor reports in cpu_info, or None."""
    cpu_info = hypervisor.get('cpu_info') or {}
    if isinstance(cpu_info, str):
        try:
            cpu_info = json.loads(cpu_info)
        except ValueError:
            return None
    cells = (cpu_info.get('topology') or {}).get('cells')
    return cells if isinstance(cells, int) and cells > 0 else None


def describe(numa_cells):
    return ', '.join('%s: %s' % (host, cells or 'none')
                     for host, cells in sorted(numa_cells.items()))


def choose(numa_cells, rejecting, accepting=0, source_host=None,
           dest_host=None, alternate_host=None):
    """Pick rejecting and accepting destinations and a source.

    Rejecting hosts are the configured destinations (dest_host, and
    alternate_host when a second rejecting host is needed) and then
    those with the fewest cells; the flavor asks for one NUMA node more
    than the most of them have.  Accepting hosts are alternate_host
    (when one is needed) and then those with the most cells.  The source is
    source_host or the first other host by name.

    :param numa_cells: {host: its host NUMA cells, or None when it reports
        none} for every usable compute host.
    :raises NoSuitableHosts: naming what is missing and each host's cells.
    """
    needed = rejecting + accepting + 1
    if len(numa_cells) < needed:
        raise NoSuitableHosts(
            'Needs %d compute hosts (a source, %d rejecting and %d accepting '
            'destinations); found %d.' % (needed, rejecting, accepting,
                                          len(numa_cells)))
    configured_reject = [dest_host] if dest_host else []
    if alternate_host and rejecting > 1 and not accepting:
        configured_reject.append(alternate_host)
    configured_reject = configured_reject[:rejecting]
    configured_accept = ([alternate_host] if alternate_host and accepting
                         else [])
    taken = set(configured_reject + configured_accept)
    if source_host:
        taken.add(source_host)
    by_cells = sorted((cells, host) for host, cells in numa_cells.items()
                      if cells and host not in taken)
    reject = configured_reject + [host for _, host in by_cells][
        :max(0, rejecting - len(configured_reject))]
    if len(reject) < rejecting or not all(numa_cells.get(host)
                                          for host in reject):
        raise NoSuitableHosts(
            'Needs %d destination hosts that report host NUMA cells '
            '(hypervisor cpu_info topology.cells; the fault driver reports '
            'nova.conf [resize_fault] numa_cells); hosts: %s.'
            % (rejecting, describe(numa_cells)))
    numa_nodes = max(numa_cells[host] for host in reject) + 1
    taken.update(reject)
    fitting = [host for cells, host in reversed(by_cells)
               if host not in taken and cells >= numa_nodes]
    accept = configured_accept + fitting[
        :max(0, accepting - len(configured_accept))]
    if len(accept) < accepting or any(
            (numa_cells.get(host) or 0) < numa_nodes for host in accept):
        raise NoSuitableHosts(
            'Needs %d destination hosts that report at least %d host NUMA '
            'cells besides %s; hosts: %s.' % (
                accepting, numa_nodes, ', '.join(reject),
                describe(numa_cells)))
    source = source_host or sorted(
        set(numa_cells) - set(reject) - set(accept))[0]
    return ClaimHosts(numa_nodes, tuple(reject), tuple(accept), source)

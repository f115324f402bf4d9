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

"""The host NUMA layout the fault driver reports, without Nova imports."""

import dataclasses
import typing


@dataclasses.dataclass(frozen=True)
class CellLayout:
    """One host NUMA cell: its id, CPUs and memory in MiB."""

    id: int
    cpus: typing.FrozenSet[int]
    memory_mb: int


def split_host(cells, vcpus, memory_mb):
    """Split a host's CPUs and memory evenly over cells NUMA cells.

    CPUs are numbered from 0 and given out in contiguous runs; the first
    cells take the remainder.  Returns an empty list for 0 cells.
    """
    if cells < 0 or cells > vcpus:
        raise ValueError('cannot split %d CPUs into %d NUMA cells'
                         % (vcpus, cells))
    layout = []
    first_cpu = 0
    for cell in range(cells):
        cpus = vcpus // cells + (1 if cell < vcpus % cells else 0)
        memory = memory_mb // cells + (1 if cell < memory_mb % cells else 0)
        layout.append(CellLayout(
            id=cell, cpus=frozenset(range(first_cpu, first_cpu + cpus)),
            memory_mb=memory))
        first_cpu += cpus
    return layout

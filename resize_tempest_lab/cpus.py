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

"""Pin a running embedded cloud, and this process's children, to CPUs.

The benchmark's slow-machine case (``--cpus 0``), as ``taskset`` would,
for processes already running.
"""

import argparse
import os

import psutil

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import procs


def cpu_list(text):
    """An argparse type: '0' or '0,1' to a sorted list of CPU numbers."""
    try:
        chosen = sorted({int(part) for part in text.split(',') if part})
    except ValueError:
        raise argparse.ArgumentTypeError('a comma-separated list of CPUs')
    available = os.sched_getaffinity(0)
    if not chosen or not set(chosen) <= available:
        raise argparse.ArgumentTypeError(
            'CPUs must be some of %s' % ','.join(map(str, sorted(available))))
    return chosen


def pin(state_dir, cpus):
    """Pin the cloud of ``state_dir`` and later children of ours to cpus.

    :returns: how many processes of the cloud were pinned.
    """
    cloud_id = layout_mod.Layout(state_dir).cloud_id
    pinned = 0
    for pid in procs.tagged(cloud_id):
        try:
            psutil.Process(pid).cpu_affinity(cpus)
            pinned += 1
        except psutil.Error:
            continue
    if not pinned:
        raise RuntimeError('no process of the cloud in %s to pin' % state_dir)
    os.sched_setaffinity(0, cpus)
    return pinned

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

"""Memory of one cloud's processes (sampled by resize-tempest-lab cloud-bench).

``python -m resize_tempest_cloud.memory --state-dir DIR --stop-file
F`` samples until F exists, then prints the peak as JSON.
"""

import argparse
import json
import os
import time

import psutil

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import procs


def usage(pids):
    """(RSS, PSS) of the processes in kB; PSS counts shared pages once."""
    rss = pss = 0
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss // 1024
        pss += getattr(info, 'pss', 0) // 1024
    return rss, pss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--state-dir', default=layout_mod.default_state_dir())
    parser.add_argument('--stop-file', required=True)
    parser.add_argument('--interval', type=float, default=0.5)
    args = parser.parse_args()
    cloud_id = layout_mod.Layout(args.state_dir).cloud_id
    peak = {'rss_mb': 0.0, 'pss_mb': 0.0, 'processes': 0}
    began = time.monotonic()
    while not os.path.exists(args.stop_file):
        pids = procs.tagged(cloud_id)
        rss, pss = usage(pids)
        if rss / 1024.0 > peak['rss_mb']:
            peak.update(rss_mb=round(rss / 1024.0, 1),
                        pss_mb=round(pss / 1024.0, 1),
                        processes=len(pids),
                        at_s=round(time.monotonic() - began, 1))
        time.sleep(args.interval)
    print(json.dumps(peak))


if __name__ == '__main__':
    main()

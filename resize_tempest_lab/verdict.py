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

"""Verdict delay: from a move's end in Nova to the test's verdict on it.

A scenario report names the request id of the action it judged (the move,
confirm or revert) and the time of its verdict (``judged_at``).  The
move's end is the last line nova-conductor, nova-scheduler, a nova-compute
or Placement (for Nova's calls to it) logged with that request id before
the verdict; the delay, the verdict's time less that line's, is what a
user waits beyond Nova itself.  A last step Nova does not log at INFO
makes the delay an upper bound.

``resize-tempest-lab verdict LOGS_DIR REPORTS_DIR`` prints each report's
delay and the median.
"""

import datetime
import glob
import json
import os
import re
import shutil
import sys

from resize_tempest_cloud import results
from resize_tempest_lab import common
from resize_tempest_plugin.common import tables

# Nova's services, and Placement, whose request log shows the global
# request id of Nova's calls to it (the move's), not that of the tests.
SERVICE_LOGS = ('nova-conductor.log', 'nova-scheduler.log',
                'nova-compute-*.log', 'placement.log')
LINE_TIME = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) ')
REQUEST_ID = re.compile(r'req-[0-9a-f]{8}-[0-9a-f-]{27}')


def parse_time(text):
    """A report timestamp; naive ones are UTC."""
    when = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def request_times(logs_dir):
    """{request id: sorted times (UTC)} of Nova's service log lines.

    The services log in local time.
    """
    times = {}
    for pattern in SERVICE_LOGS:
        for path in glob.glob(os.path.join(logs_dir, pattern)):
            with open(path, errors='replace') as log:
                for line in log:
                    match = LINE_TIME.match(line)
                    if not match:
                        continue
                    ids = set(REQUEST_ID.findall(line, 0, 400))
                    if not ids:
                        continue
                    when = datetime.datetime.strptime(
                        match.group(1), '%Y-%m-%d %H:%M:%S.%f').astimezone(
                            datetime.timezone.utc)
                    for request_id in ids:
                        times.setdefault(request_id, []).append(when)
    for series in times.values():
        series.sort()
    return times


def delay(report, times):
    """Seconds from the judged action's last log line to the verdict.

    None when the report lacks the fields or Nova logged nothing of the
    action before the verdict.
    """
    request_id, judged = report.get('request_id'), report.get('judged_at')
    if not request_id or not judged:
        return None
    judged = parse_time(judged)
    before = [when for when in times.get(request_id, ()) if when <= judged]
    if not before:
        return None
    return (judged - before[-1]).total_seconds()


def collect_reports(reports_dir, since, dest_dir):
    """Copy the reports written since ``since`` (a datetime); load them."""
    os.makedirs(dest_dir, exist_ok=True)
    reports = []
    for path in sorted(glob.glob(os.path.join(reports_dir, '*.json'))):
        mtime = datetime.datetime.fromtimestamp(os.path.getmtime(path),
                                                datetime.timezone.utc)
        if mtime < since:
            continue
        shutil.copy2(path, dest_dir)
        try:
            with open(path) as f:
                reports.append(json.load(f))
        except (OSError, ValueError):
            continue
    return reports


def report_test(report):
    """``Class.test_method`` of the scenario that wrote the report."""
    test_id = report.get('test', '')
    step = report.get('step')
    if step and test_id.endswith('.' + step):
        test_id = test_id[:-len(step) - 1]
    return results.short_id(test_id)


def delays(reports, times):
    """{scenario: [delay of each of its reports]} (reports with one)."""
    found = {}
    for report in reports:
        seconds = delay(report, times)
        if seconds is not None:
            found.setdefault(report_test(report), []).append(seconds)
    return found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.split('\n\n')[-1].strip(), file=sys.stderr)
        return 2
    logs_dir, reports_dir = argv
    times = request_times(logs_dir)
    reports = []
    for path in sorted(glob.glob(os.path.join(reports_dir, '*.json'))):
        with open(path) as f:
            reports.append(json.load(f))
    found = delays(reports, times)
    print(tables.format_table(
        ('scenario', 'verdict delays s'),
        [(name, ' '.join('%.2f' % v for v in values))
         for name, values in sorted(found.items())]))
    every = [value for values in found.values() for value in values]
    print('median verdict delay: %s s over %d verdicts' % (
        common.fmt(common.median(every), '', 2), len(every)))
    return 0


if __name__ == '__main__':
    sys.exit(main())

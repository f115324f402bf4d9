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

"""Polling overhead of the scenarios: how late they notice an end state.

Every scenario report has a ``settled`` entry: for the server and the
migration, the API's ``updated``/``updated_at`` of the end state the
waiter returned, and ``noticed_at``, when it returned.  Nova's API gives
those times to the second (MariaDB DATETIME columns): the change happened
somewhere in ``[updated, updated + 1 s)``.  On its own that only bounds the
delay to within a second, which is the size of the delay itself.

tempest.log narrows it.  It has a line, to the millisecond, for every
request the waiters made, with its duration.  The poll before the one that
noticed the end state did not see it, so the change came after that
poll's request started; and it came before the noticing poll's response
was logged.  Combining both sources, for each report:

* the end state is complete when the later of server and migration got
  there: ``completed`` lies in ``[max(updated, previous poll started),
  max(min(updated + resolution, noticing poll logged)))`` over both;
* the delay is ``noticed_at(server) - completed``: its upper bound uses the
  earliest possible completion, its lower bound the latest.

A scenario's overhead is the sum over its reports (one per judged state)
divided by the scenario's test time.  The waits for the first ACTIVE after
boot and for the deletion at the end write no report and are not counted.
"""

import datetime
import glob
import json
import os
import re
import shutil

import benchmark_common as common

LOG_RE = re.compile(
    r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \d+ \w+ '
    r'tempest\.lib\.common\.rest_client \[.*?\] Request \(.*?\): '
    r'(\d{3}) GET (\S+) ([0-9.]+)s')
POLLED = (('server', re.compile(r'/servers/([0-9a-f-]{36})$')),
          ('migration', re.compile(
              r'/os-migrations\?(?:.*&)?instance_uuid=([0-9a-f-]{36})')))
# Slack for tempest.log's millisecond timestamps against noticed_at.
LOG_SLACK = datetime.timedelta(milliseconds=2)


def parse_time(text):
    """An API or report timestamp; naive ones are UTC (Nova's)."""
    when = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def read_polls(path):
    """{(kind, server uuid): [(logged, started)]} of tempest.log's GETs.

    tempest.log is in local time; the result is in UTC.
    """
    polls = {}
    try:
        log = open(path, errors='replace')
    except OSError:
        return polls
    with log:
        for line in log:
            if 'rest_client' not in line or ' GET ' not in line:
                continue
            match = LOG_RE.match(line)
            if not match:
                continue
            for kind, pattern in POLLED:
                found = pattern.search(match.group(3))
                if found:
                    logged = datetime.datetime.strptime(
                        match.group(1), '%Y-%m-%d %H:%M:%S.%f').astimezone(
                            datetime.timezone.utc)
                    took = datetime.timedelta(seconds=float(match.group(4)))
                    polls.setdefault((kind, found.group(1)), []).append(
                        (logged, logged - took))
    for series in polls.values():
        series.sort()
    return polls


def resolution(settled_entries):
    """1 s if every API timestamp is whole seconds, else 1 microsecond."""
    stamps = [parse_time(entry['updated_at'])
              for settled in settled_entries for entry in settled.values()]
    if stamps and all(stamp.microsecond == 0 for stamp in stamps):
        return datetime.timedelta(seconds=1)
    return datetime.timedelta(microseconds=1)


def delay_bounds(settled, server_id, polls, step):
    """(low, high, high from API times only) of one report, in seconds."""
    earliest, latest, updated, noticed = [], [], [], []
    for kind in ('migration', 'server'):
        if kind not in settled:
            continue
        entry = settled[kind]
        changed = parse_time(entry['updated_at'])
        seen = parse_time(entry['noticed_at'])
        updated.append(changed)
        noticed.append(seen)
        earliest.append(changed)
        last_possible = changed + step
        before = [poll for poll in polls.get((kind, server_id), [])
                  if poll[0] <= seen + LOG_SLACK]
        if before:
            last_possible = min(last_possible, before[-1][0])
            if len(before) > 1:
                earliest.append(before[-2][1])
        latest.append(last_possible)
    if not noticed:
        return None
    seen = max(noticed)
    high = max(0.0, (seen - max(earliest)).total_seconds())
    low = min(high, max(0.0, (seen - max(latest)).total_seconds()))
    api_high = max(0.0, (seen - max(updated)).total_seconds())
    return low, high, api_high


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
    return common.short_id(test_id)


def overhead(reports, test_seconds, polls, step):
    """{scenario: {...}} of one run: summed delays and their share."""
    by_test = {}
    for report in reports:
        settled = report.get('settled') or {}
        bounds = delay_bounds(settled, report.get('server'), polls, step)
        if bounds is None:
            continue
        entry = by_test.setdefault(report_test(report), {
            'reports': 0, 'low_s': 0.0, 'high_s': 0.0, 'api_high_s': 0.0})
        entry['reports'] += 1
        entry['low_s'] += bounds[0]
        entry['high_s'] += bounds[1]
        entry['api_high_s'] += bounds[2]
    for name, entry in by_test.items():
        seconds = test_seconds.get(name)
        for key in ('low', 'high', 'api_high'):
            entry[key + '_share'] = (entry[key + '_s'] / seconds
                                     if seconds else None)
    return by_test

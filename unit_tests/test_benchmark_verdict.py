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

"""resize_tempest_lab.verdict: from a move's last log line to its verdict."""

import datetime
import os
import shutil
import tempfile

import testtools

from resize_tempest_lab import verdict

MOVE = 'req-0b7c3f55-6a43-4a0e-9c1b-3d61a1c0e6f1'
OTHER = 'req-9e4d6c1b-3a2f-4d8e-b5c7-6f1a0e2d4b83'


def _local(hhmmss):
    """A log timestamp of today at ``hhmmss`` local time, and it in UTC."""
    when = datetime.datetime.combine(
        datetime.date(2026, 12, 1),
        datetime.time.fromisoformat(hhmmss)).astimezone()
    return (when.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3],
            when.astimezone(datetime.timezone.utc))


class VerdictDelayTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.logs = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.logs)

    def _log(self, name, *lines):
        with open(os.path.join(self.logs, name), 'w') as log:
            for hhmmss, request_id, text in lines:
                log.write('%s 42 INFO nova.compute.manager [None %s u p - - '
                          'default default] %s\n' % (
                              _local(hhmmss)[0], request_id, text))

    def test_the_last_line_of_the_action_before_the_verdict_counts(self):
        self._log('nova-compute-1.log',
                  ('10:00:01.000', MOVE, 'Migrating'),
                  ('10:00:02.200', MOVE, 'Reverting'),
                  # After the verdict (the next step of the test).
                  ('10:00:05.000', MOVE, 'late'),
                  ('10:00:03.000', OTHER, 'another action'))
        self._log('placement.log', ('10:00:02.400', MOVE, 'GET /allocations'))
        self._log('nova-api.log', ('10:00:02.900', MOVE, 'not a service'))
        times = verdict.request_times(self.logs)
        report = {'request_id': MOVE,
                  'judged_at': _local('10:00:02.700')[1].isoformat(),
                  'test': 'x.T.test_a[id-1]', 'step': ''}
        self.assertAlmostEqual(0.3, verdict.delay(report, times), places=3)

    def test_reports_without_a_logged_action_have_no_delay(self):
        times = verdict.request_times(self.logs)
        self.assertIsNone(verdict.delay({'request_id': MOVE,
                                         'judged_at': '2026-12-01T10:00:00'},
                                        times))
        self.assertIsNone(verdict.delay({'settled': {}}, times))

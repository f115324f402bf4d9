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

"""resize_tempest_lab.api_calls: requests per test, from tempest's log."""

import testtools

from resize_tempest_lab import api_calls

PREFIX = '2026-12-01 INFO tempest.lib.common.rest_client [req-1 ] '
LOG = [PREFIX + line for line in (
    'Request (T:test_a): 202 POST http://127.0.0.1:1/v2.1/servers 0.1s',
    'Request (T:test_a): 200 GET http://127.0.0.1:1/v2.1/servers/s 0.1s',
    'Request (T:test_a): 200 GET http://127.0.0.1:2/allocations/s 0.1s',
    'Request (T:test_a): 200 GET http://127.0.0.1:1/v2.1/servers/s 0.1s',
    'Request (T:test_b): 200 GET http://127.0.0.1:1/v2.1/servers/s 0.1s',
    'Request (T:test_b): 200 GET http://h/placement/allocations/s 0.1s',
    'Request (T:test_b): 200 GET http://h/image/v2/images/i 0.1s',
)] + ['something else entirely']


class ApiCallsTest(testtools.TestCase):

    def test_counts_per_test_and_service(self):
        found = api_calls.count(LOG)
        self.assertEqual({'total': 4, 'compute': 3, 'placement': 1,
                          'repeated': 1}, dict(found['T:test_a']))
        self.assertEqual({'total': 3, 'compute': 1, 'placement': 1},
                         dict(found['T:test_b']))

    def test_match_selects_tests(self):
        self.assertEqual(['T:test_b'], list(api_calls.count(
            LOG, match='test_b')))

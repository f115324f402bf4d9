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

"""resize_tempest_lab.benchmark: the analysis of the timed runs."""

import argparse
import collections
import datetime
import importlib
from unittest import mock

import testtools

from resize_tempest_cloud import results
from resize_tempest_lab import common

T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
SCENARIO = 'resize_tempest_plugin.tests.scenario.test_resize.Claim.test_a'
PEER = ('tempest.api.compute.admin.test_migrations.MigrationsAdminTest.'
        'test_cold_migration')


def _benchmark():
    # Its chart needs matplotlib, which the unit tests go without.
    stubs = {'matplotlib': mock.Mock(), 'matplotlib.pyplot': mock.Mock()}
    with mock.patch.dict('sys.modules', stubs):
        return importlib.import_module('resize_tempest_lab.benchmark')


def _run(label, concurrency, test_id, seconds, status='success', **calls):
    run = common.TempestRun(label, 'x', concurrency)
    run.exit_code, run.wall_seconds = 0, 10.0 * concurrency
    run.tests = [results.TestResult(
        test_id + '[id-1]', status, T0,
        T0 + datetime.timedelta(seconds=seconds))]
    name = results.short_id(test_id).replace('.', ':', 1)
    run.api_calls = {name: collections.Counter(calls),
                     name.split(':')[0] + ':setUpClass':
                     collections.Counter(total=99)}
    run.reports = []
    return run


class AnalyseTest(testtools.TestCase):

    def test_medians_ratios_calls_and_polls(self):
        benchmark = _benchmark()
        args = argparse.Namespace(concurrency=[1, 4], cpus=None, repeat=2,
                                  warmup=1)
        cloud = mock.Mock(state_dir='/s', started_here=False,
                          ready_seconds=None, up_wall_seconds=None,
                          schema=None)
        suite = [_run('c1-r1', 1, SCENARIO, 2.0, total=20, compute=10,
                      repeated=4),
                 _run('c4-r1', 4, SCENARIO, 5.0, total=30, repeated=9),
                 _run('c1-r2', 1, SCENARIO, 4.0, total=24, compute=12,
                      repeated=4),
                 _run('c4-r2', 4, SCENARIO, 1.0, status='fail')]
        peers = [_run('peers-r1', 1, PEER, 4.0, total=12, repeated=2),
                 _run('peers-r2', 1, PEER, 6.0, total=12, repeated=3)]
        result = benchmark.analyse(args, cloud, suite, peers,
                                   {'test_median_s': 1.5}, {})
        entry = result['scenarios']['Claim.test_a']
        self.assertEqual({'1': [2.0, 4.0], '4': [5.0]}, entry['samples_s'])
        self.assertEqual({'1': 3.0, '4': 5.0}, entry['median_s'])
        self.assertEqual({benchmark.COLD_PEER: 0.6, benchmark.REVERT_PEER:
                          None, 'nova': 2.0}, entry['ratio'])
        # Calls and polls at the baseline concurrency only.
        self.assertEqual({'total': 22, 'compute': 11, 'placement': 0,
                          'repeated': 4}, entry['calls_median'])
        self.assertEqual([2.0, 1.0], entry['polls_per_s'])
        peer = result['peers'][benchmark.COLD_PEER]
        self.assertEqual((5.0, 0.5), (peer['median_s'],
                                      peer['polls_per_s_median']))
        self.assertEqual(['c4-r2: Claim.test_a'], result['failed_tests'])
        self.assertEqual((10.0, 40.0),
                         (result['suite']['1']['wall_median_s'],
                          result['suite']['4']['wall_median_s']))

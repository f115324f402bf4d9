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

"""The one table helper, and the printers of the cloud and the lab that
use it (each with its output captured; nothing is started)."""

import importlib
import io
from unittest import mock

import fixtures
import testtools

from resize_tempest_cloud import cli
from resize_tempest_cloud import matrix
from resize_tempest_cloud import mutants
from resize_tempest_cloud import sources
from resize_tempest_lab import soak
from resize_tempest_lab import verdict
from resize_tempest_plugin.common import tables


class FormatTableTest(testtools.TestCase):

    def test_header_dashes_rows_left_and_right_aligned(self):
        self.assertEqual(
            '  name         n\n'
            '----------------------\n'
            '  a            1   x\n'
            '  bbbbbbb   1234',
            tables.format_table(('name', 'n', ''),
                                [('a', 1, 'x'), ('bbbbbbb', 1234, '')],
                                right=('n',)))

    def test_no_trailing_spaces_and_no_vertical_rules(self):
        text = tables.format_table(('a', 'b'), [('x' * 9, ''), ('', 'y')])
        for line in text.splitlines():
            self.assertEqual(line.rstrip(), line)
            self.assertNotIn('|', line)
            self.assertNotIn('+', line)

    def test_a_right_aligned_name_is_right_aligned_too(self):
        self.assertEqual(['  name   number', '  a           1'],
                         tables.format_table(('name', 'number'), [('a', 1)],
                                             right=('number',)
                                             ).splitlines()[::2])

    def test_no_rows_is_the_header_alone(self):
        self.assertEqual('  name   n\n------------',
                         tables.format_table(('name', 'n'), []))

    def test_the_same_rows_give_the_same_text(self):
        rows = [('b', 2), ('a', 1)]
        self.assertEqual(tables.format_table(('k', 'v'), rows),
                         tables.format_table(['k', 'v'], iter(rows)))
        self.assertEqual(['b', 'a'], [line.split()[0] for line in
                                      tables.format_table(('k', 'v'), rows
                                                          ).splitlines()[2:]])


class PrintersTest(testtools.TestCase):
    """What the cloud's and the lab's printers print, cell by cell."""

    def setUp(self):
        super().setUp()
        self.out = self.useFixture(fixtures.MockPatch(
            'sys.stdout', new_callable=io.StringIO)).mock

    def printed(self):
        return self.out.getvalue().splitlines()

    def test_mutants_table_with_the_tempest_peer(self):
        mutants.print_table([
            {'bug': 'unpatched Nova', 'verdict': 'pass', 'failed': [],
             'slowest_s': '35.2', 'peer': (True, False)},
            {'bug': 'revert_keeps_dest_allocation', 'verdict': 'caught',
             'failed': ['A.test_b', 'A.test_c'], 'slowest_s': '9.8',
             'peer': (True, True)},
            {'bug': 'gone', 'verdict': 'NOT APPLIED', 'failed': ['no code']}])
        self.assertEqual(
            ['',
             '  bug                            verdict       slowest s'
             '   tempest alone   then the audit   tests that failed',
             '-' * 112,
             '  unpatched Nova                 pass               35.2'
             '   passes          clean            -',
             '  revert_keeps_dest_allocation   caught              9.8'
             '   passes          catches          A.test_b, A.test_c',
             '  gone                           NOT APPLIED           -'
             '   -               -                no code'],
            self.printed())

    def test_mutants_table_without_the_peer(self):
        mutants.print_table([{'bug': 'unpatched Nova', 'verdict': 'pass',
                              'failed': [], 'slowest_s': '35.2'}])
        self.assertEqual(['  bug              verdict   slowest s   tests '
                          'that failed',
                          '  unpatched Nova   pass           35.2   -'],
                         self.printed()[1::2])

    def test_matrix_table(self):
        matrix.print_table([
            ('2026.2', '34.0.0', '47.0.0', 29, 0, 0, 6, '13/13', '0.0',
             '17.3'),
            ('2025.2', '?', '?', 0, 0, 0, 0, 'install failed', '-', '-')])
        lines = self.printed()
        self.assertEqual(4, len(lines))
        self.assertEqual(
            ['release', 'nova', 'tempest', 'passed', 'failed', 'skipped',
             'known', 'defects', 'mutants', 'caught', 'install', 'min',
             'run', 'min'], lines[0].split())
        self.assertEqual('  2026.2    34.0.0   47.0.0        29        0'
                         '         0               6   13/13'
                         '                    0.0      17.3', lines[2])
        self.assertTrue(lines[3].endswith('install failed           '
                                          '  -         -'), lines[3])

    def test_cloud_status_table(self):
        cloud = mock.Mock(settings={'release': '2026.2'})
        cloud.status.return_value = [
            {'name': 'nova-api', 'port': 18774, 'listening': True,
             'healthy': True, 'pids': [41, 42], 'rss_mb': 180},
            {'name': 'stray', 'port': None, 'listening': False,
             'healthy': False, 'pids': [], 'rss_mb': 0}]
        self.useFixture(fixtures.MockPatchObject(cli, '_load',
                                                 return_value=cloud))
        self.useFixture(fixtures.MockPatchObject(sources, 'describe',
                                                 return_value='34.0.0'))
        self.assertEqual(1, cli.cmd_status(mock.Mock(root='/state'), None))
        self.assertEqual(
            ['  SERVICE    PORT    LISTEN   HEALTH   RSS MB   PIDS',
             '-' * 55,
             '  nova-api   18774   yes      ok          180   41 42',
             '  stray      -       -        down          -   -',
             'total RSS 180 MB; state dir /state',
             'release    2026.2'], self.printed()[:6])

    def test_benchmark_scenario_table(self):
        # Its chart needs matplotlib, which the unit tests go without.
        stubs = {'matplotlib': mock.Mock(), 'matplotlib.pyplot': mock.Mock()}
        with mock.patch.dict('sys.modules', stubs):
            benchmark = importlib.import_module('resize_tempest_lab.benchmark')
        scenario = {'median_s': {'1': 3.6, '4': 9.57},
                    'ratio': {benchmark.COLD_PEER: 0.82, 'nova': None},
                    'calls_median': {'total': 31, 'compute': 21},
                    'polls_per_s_median': 2.5, 'delay_median_s': 0.21}
        peer = {'median_s': 4.38, 'calls_median': {'total': 12,
                                                   'compute': 11},
                'polls_per_s_median': 1.6}
        benchmark.print_table({
            'concurrencies': [1, 4], 'repeat': 1, 'nova_peer': None,
            'scenarios': {'Claim.test_claim_failure': scenario},
            'peers': {benchmark.COLD_PEER: peer},
            'suite': {str(c): {'wall_median_s': 1.0,
                               'tests_span_median_s': 1.0,
                               'serial_wall_median_s': 1.0, 'wall_s': [1.0]}
                      for c in (1, 4)},
            'peer_process_median_s': 1.0,
            'cloud': {'ready_s': None}, 'host': {'cloud_cpus': None},
            'targets': [], 'failed_tests': []})
        self.assertEqual(
            ['  scenario                                   c=1    c=4'
             '   /cold   /nova   calls   Nova   poll/s   delay',
             '-' * 105,
             '  Claim.test_claim_failure                  3.60   9.57'
             '    0.82       -      31     21     2.50    0.21',
             '  MigrationsAdminTest.test_cold_migration   4.38' + ' ' * 29 +
             '12     11     1.60    peer'],
            self.printed()[2:6])

    def test_soak_memory_table(self):
        soak._print_memory({'nova-api': {
            'before_mb': 150, 'after_first_mb': 170, 'after_last_mb': 172,
            'growth_mb': 22, 'tolerance_mb': 40.0, 'flagged': False,
            'monotonic': True}}, 5)
        self.assertEqual(
            ['',
             'RSS per service (MB): before run 1, after run 1, after run 5',
             '  SERVICE    before   run 1   last   growth   tol   trend',
             '-' * 81,
             '  nova-api      150     170    172      +22    40   '
             'monotonic, within tolerance'], self.printed())

    def test_verdict_delays_table(self):
        self.useFixture(fixtures.MockPatchObject(verdict, 'request_times',
                                                 return_value={}))
        self.useFixture(fixtures.MockPatchObject(
            verdict, 'delays', return_value={'Claim.test_a': [0.25, 0.5]}))
        reports = self.useFixture(fixtures.TempDir()).path
        self.assertEqual(0, verdict.main(['logs', reports]))
        self.assertEqual(['  scenario       verdict delays s',
                          '-' * 35,
                          '  Claim.test_a   0.25 0.50',
                          'median verdict delay: 0.38 s over 2 verdicts'],
                         self.printed())

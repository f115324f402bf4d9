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

"""resize_tempest_lab.common: what the lab's tools share."""

import argparse
import datetime
import io
import os
import signal
import subprocess
from unittest import mock

import fixtures
import testtools

from resize_tempest_cloud import procs
from resize_tempest_cloud import results
from resize_tempest_lab import audit_soak
from resize_tempest_lab import common
from resize_tempest_lab import fault_soak
from resize_tempest_lab import soak
from resize_tempest_plugin.common import tables


class KillGroupTest(testtools.TestCase):

    def _started(self, argv, **kwargs):
        proc = subprocess.Popen(argv, start_new_session=True, **kwargs)
        self.addCleanup(procs.kill_group, proc, 0.1)
        return proc

    def test_terminated(self):
        proc = self._started(['sleep', '30'])
        procs.kill_group(proc, grace=5)
        self.assertEqual(-signal.SIGTERM, proc.returncode)

    def test_killed_when_it_ignores_the_terminate(self):
        proc = self._started(['sh', '-c', 'trap "" TERM; echo; sleep 30'],
                             stdout=subprocess.PIPE)
        self.addCleanup(proc.stdout.close)
        proc.stdout.readline()  # the trap is set
        procs.kill_group(proc, grace=0.5)
        self.assertEqual(-signal.SIGKILL, proc.returncode)

    def test_ended_already(self):
        proc = self._started(['true'])
        proc.wait()
        procs.kill_group(proc)
        self.assertEqual(0, proc.returncode)


class CloudToolArgsTest(testtools.TestCase):

    def test_state_dir_and_integer_options(self):
        args = common.cloud_tool_args('prog', 'Doc.\n\nMore.', [
            '--state-dir', '/s', '--runs', '2'], runs=5, max_passes=3)
        self.assertEqual(('/s', 2, 3),
                         (args.state_dir, args.runs, args.max_passes))


class ShortIdTest(testtools.TestCase):

    def test_class_and_method_without_attributes(self):
        self.assertEqual('ResizeTest.test_x', results.short_id(
            'pkg.mod.ResizeTest.test_x[id-1.2,multinode]'))
        self.assertEqual('T.test_a', results.short_id('T.test_a'))


class MedianTest(testtools.TestCase):

    def test_nones_left_out(self):
        self.assertEqual(2, common.median([3, None, 1, 2]))
        self.assertIsNone(common.median([None]))


class CloudStatusTest(testtools.TestCase):

    def test_rows_as_the_cloud_prints_them(self):
        # The table of resize_tempest_cloud.cli.cmd_status.
        table = tables.format_table(
            ('SERVICE', 'PORT', 'LISTEN', 'HEALTH', 'RSS MB', 'PIDS'),
            [('nova-api', 18774, 'yes', 'ok', 180, '41 42'),
             ('compute1', '-', '-', 'BAD', 95, '43'),
             ('stray', '-', '-', 'down', '-', '-')], right=('RSS MB',))
        out = table + '\ntotal RSS 275 MB; state dir /s\nrelease    2026.2\n'
        self.useFixture(fixtures.MockPatchObject(
            common, 'run_logged', return_value=(1, 0.1, out.encode())))
        cloud = common.Cloud('/s', 24310,
                             self.useFixture(fixtures.TempDir()).path)
        self.assertEqual(
            (1, {'nova-api': 180, 'compute1': 95, 'stray': None},
             ['compute1', 'stray']), cloud.status())


class TempestConfTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.state = self.useFixture(fixtures.TempDir()).path
        self.cloud = common.Cloud(self.state, 24310, self.state)
        os.makedirs(os.path.join(self.cloud.workspace, 'etc'))

    def write(self, text):
        with open(os.path.join(self.cloud.workspace, 'etc',
                               'tempest.conf'), 'w') as conf:
            conf.write(text)

    def test_log_and_lock_where_tempest_conf_puts_them(self):
        self.write('[DEFAULT]\nlog_dir = /logs\nlog_file = t.log\n'
                   '[oslo_concurrency]\nlock_path = /locks\n')
        self.assertEqual('/logs/t.log', self.cloud.tempest_log())
        self.assertEqual('/locks/tempest-serial-rw-lock',
                         fault_soak.serial_lock_path(self.cloud.workspace))

    def test_defaults_without_the_options_or_the_file(self):
        self.write('[DEFAULT]\nlog_file =\n')
        self.assertEqual(os.path.join(self.state, 'logs', 'tempest.log'),
                         self.cloud.tempest_log())
        os.remove(os.path.join(self.cloud.workspace, 'etc', 'tempest.conf'))
        self.assertEqual(
            os.path.join(self.cloud.workspace, 'lock',
                         'tempest-serial-rw-lock'),
            fault_soak.serial_lock_path(self.cloud.workspace))


class RunLoggedTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.log = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                'log')

    def logged(self):
        with open(self.log) as log:
            return log.read()

    def test_capture_returns_stdout_and_logs_the_rest(self):
        code, seconds, out = common.run_logged(
            ['sh', '-c', 'echo out; echo err >&2; exit 3'], self.log,
            capture=True)
        self.assertEqual((3, b'out\n'), (code, out))
        self.assertGreaterEqual(seconds, 0)
        self.assertEqual("$ sh -c echo out; echo err >&2; exit 3\nerr\n",
                         self.logged())

    def test_bounded_kills_at_its_timeout(self):
        code, _, out = fault_soak.Bounded().run(
            ['sh', '-c', 'echo started; sleep 30'], self.log, 0.5)
        self.assertEqual((None, 'started\n'), (code, out))
        self.assertEqual('$ sh -c echo started; sleep 30\nstarted\n',
                         self.logged())


class RunOnCloudTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.state = self.useFixture(fixtures.TempDir()).path
        self.run_logged = self.useFixture(fixtures.MockPatchObject(
            common, 'run_logged')).mock
        # No cloud runs: the first status finds none.
        self.run_logged.side_effect = [
            (1, 0.1, b''),
            (0, 14.0, b'cloud ready in 12.5 s (database schema cached)\n'),
            (0, 3.0, b'')]
        self.useFixture(fixtures.MockPatchObject(procs, 'stop_on_sigterm'))
        self.useFixture(fixtures.MockPatch('sys.stdout', io.StringIO()))
        self.useFixture(fixtures.MockPatch('sys.stderr', io.StringIO()))

    def run_body(self, body, **extra):
        args = argparse.Namespace(state_dir=self.state, base_port=24320,
                                  out=None, keep=False)
        return common.run_on_cloud(args, 'faults', body, **extra)

    def test_body_runs_on_a_cloud_started_with_the_extra_arguments(self):
        seen = []

        def body(cloud, args, out_dir):
            seen.append((cloud.ready_seconds, cloud.schema, out_dir))
            return 1

        self.assertEqual(1, self.run_body(body, up_args=['--same-host']))
        ((ready, schema, out_dir),) = seen
        self.assertEqual((12.5, 'database schema cached'), (ready, schema))
        self.assertTrue(os.path.isdir(out_dir))
        self.assertEqual(self.state, os.path.dirname(out_dir))
        self.assertTrue(os.path.basename(out_dir).startswith('faults-'))
        status, up, down = (call[0][0] for call in
                            self.run_logged.call_args_list)
        self.assertEqual(['status'], status[3:])
        self.assertEqual(['up', '--base-port', '24320', '--same-host'],
                         up[3:])
        self.assertEqual(['down'], down[3:])

    def test_a_benchmark_error_exits_2_and_the_cloud_stops(self):
        def body(cloud, args, out_dir):
            raise common.BenchmarkError('no')

        self.assertEqual(2, self.run_body(body))
        self.assertEqual(['down'], self.run_logged.call_args[0][0][3:])


T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


class TempestRunSummaryTest(testtools.TestCase):

    def run_of(self, exit_code, *tests):
        run = common.TempestRun('suite-c1-r1', 'resize_tempest_plugin', 1)
        run.exit_code, run.wall_seconds = exit_code, 40.12345
        run.tests = [results.TestResult(
            'pkg.mod.%s[id-1]' % name, status,
            T0 + datetime.timedelta(seconds=start),
            T0 + datetime.timedelta(seconds=stop))
            for name, status, start, stop in tests]
        return run

    def test_counts_times_and_failures(self):
        run = self.run_of(1, ('A.test_a', 'success', 0, 3),
                          ('A.test_b', 'xfail', 1, 5),
                          ('B.test_c', 'fail', 2, 4),
                          ('B.test_d', 'skip', 5, 5))
        summary = run.summary()
        self.assertEqual(
            (2, 1, ['B.test_c'], 40.123, None, 5.0),
            (summary['passed'], summary['skipped'], summary['failed'],
             summary['wall_s'], summary['serial_wall_s'],
             summary['tests_span_s']))
        self.assertEqual({'status': 'fail', 'seconds': 2.0},
                         summary['tests']['B.test_c'])
        self.assertEqual('suite-c1-r1    wall   40.1 s  serialized -  '
                         'tests 5.0 s  passed 2  failed 1  skipped 1',
                         run.line())

    def test_a_tempest_that_failed_around_its_tests_is_one_failure(self):
        run = self.run_of(2, ('A.test_a', 'success', 0, 3))
        self.assertEqual(['suite-c1-r1 (tempest exit 2)'],
                         run.summary()['failed'])
        self.assertEqual(['suite-c1-r1 (tempest exit None)'],
                         self.run_of(None).summary()['failed'])


class AuditSoakLeftoversTest(testtools.TestCase):

    def test_counts_and_forced_down_computes(self):
        api = mock.Mock()
        api.servers.return_value = {'s1': 'a', 's2': 'b'}
        api.flavors.return_value = {'1': 'm1.tiny',
                                    '2': 'x-ResizeTest-flavor-1'}
        api.pin_traits.return_value = {'CUSTOM_RESIZE_PIN_1'}
        api.get.return_value = {'services': [
            {'host': 'compute1', 'forced_down': False},
            {'host': 'compute2', 'forced_down': True}]}
        self.assertEqual({'servers': 2, 'flavors': 1, 'pin traits': 1,
                          'forced down': ['compute2']},
                         audit_soak.leftovers(api))
        api.get.assert_called_once_with(
            'compute', '/os-services?binary=nova-compute',
            soak.COMPUTE_VERSION)


class SoakTest(testtools.TestCase):

    def api(self, servers, flavors, consumers=(), traits=()):
        api = mock.Mock()
        api.servers.return_value = servers
        api.flavors.return_value = flavors
        api.pin_traits.return_value = set(traits)
        api.compute_providers.return_value = {'rp1': 'compute1'}
        api.provider_consumers.return_value = {
            consumer: {'VCPU': 1} for consumer in consumers}
        api.provider_traits.return_value = set()
        api.server_exists.return_value = False
        return api

    def test_new_since_the_baseline_of_the_scenarios_kind(self):
        baseline = soak.inventory(self.api(
            {'s0': 'old'}, {'f0': 'x-ResizeTest-flavor-1',
                            'f1': 'm1.tiny'}), set())
        now = soak.inventory(self.api(
            {'s0': 'old', 's1': 'new'},
            {'f0': 'x-ResizeTest-flavor-1', 'f2': 'x-ResizeTest-flavor-2',
             'f3': 'x-OtherTest-flavor-1', 'f1': 'm1.tiny'},
            consumers=['s1', 'gone'], traits=['CUSTOM_RESIZE_PIN_X']),
            {'ResizeTest'})
        self.assertEqual(
            {'servers': {'s1': 'new'},
             'flavors': {'f2': 'x-ResizeTest-flavor-2'},
             'orphans': {'gone@compute1': {'VCPU': 1}},
             'traits': {'CUSTOM_RESIZE_PIN_X': 'defined'}},
            soak.new_since(now, baseline))

    def test_memory_flagged_when_it_grew_at_every_run_beyond_tolerance(self):
        samples = [{'a': 100, 'b': 100}, {'a': 200, 'b': 200},
                   {'a': 215, 'b': 240}, {'a': 230, 'b': 230}]
        rows = soak.memory_flags(samples, 20, 10)
        self.assertEqual((30, 20.0, True, True),
                         (rows['a']['growth_mb'], rows['a']['tolerance_mb'],
                          rows['a']['monotonic'], rows['a']['flagged']))
        self.assertEqual((False, False),
                         (rows['b']['monotonic'], rows['b']['flagged']))

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

"""resize_tempest_lab.fault_soak: the fault schedule, messages, verdict."""

import datetime

import testtools

from resize_tempest_lab import fault_soak as faults

T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


TIMEOUT_TRACEBACK = '''Traceback (most recent call last):
  File "/x/resize_tempest_plugin/tests/scenario/moves.py", line 80, in resize
    waiters.wait_for_move_end(...)
  File "/x/resize_tempest_plugin/common/waiters.py", line 44, in _poll
    raise lib_exc.TimeoutException(describe())
tempest.lib.exceptions.TimeoutException: Request timed out
Details: Server s1 did not reach VERIFY_RESIZE with migration finished \
(last status RESIZE, task state resize_prep, migration pre-migrating)
'''
LOG = ('2026-03-01 12:00:01.000 123 INFO tempest.lib.common.rest_client '
       '[req-1 ] Request (ResizeFailureTest:test_x): 200 GET /servers/s1\n')
DEADLINE_TRACEBACK = '''Traceback (most recent call last):
  File "/x/resize_tempest_plugin/common/waiters.py", line 120, in check
    body = servers_client.show_server(server_id)['server']
  File "/x/fixtures/_fixtures/timeout.py", line 52, in signal_handler
    raise TimeoutException()
fixtures._fixtures.timeout.TimeoutException
'''


class ScheduleTest(testtools.TestCase):

    def test_every_service_once_per_round_in_order(self):
        plan = faults.schedule(['nova-compute', 'rabbitmq'], 2)
        self.assertEqual(
            [(1, 1, 'nova-compute'), (2, 1, 'rabbitmq'),
             (3, 2, 'nova-compute'), (4, 2, 'rabbitmq')],
            [(f['index'], f['round'], f['service']) for f in plan])

    def test_default_services_are_compute_conductor_broker_database(self):
        self.assertEqual(
            ['nova-compute', 'nova-conductor', 'rabbitmq', 'mariadb'],
            [f['service'] for f in faults.schedule(
                faults.DEFAULT_SERVICES, 1)])


class FaultDueTest(testtools.TestCase):

    def due(self, elapsed, since, tests):
        return faults.fault_due(elapsed, since, tests, first_after=15,
                                min_gap=5, max_gap=60, tests_between=2)

    def test_first_fault_of_a_run_waits_for_the_first_delay(self):
        self.assertFalse(self.due(14.9, None, 10))
        self.assertTrue(self.due(15, None, 0))

    def test_next_fault_waits_for_tests_to_finish(self):
        self.assertFalse(self.due(100, 10, 1))
        self.assertTrue(self.due(100, 10, 2))

    def test_next_fault_never_within_the_minimum_gap(self):
        self.assertFalse(self.due(100, 4.9, 5))

    def test_next_fault_after_the_maximum_gap_without_tests(self):
        self.assertFalse(self.due(100, 59, 0))
        self.assertTrue(self.due(100, 60, 0))


class SerialLockTest(testtools.TestCase):

    def test_compute_restarts_take_the_serial_lock(self):
        for name in ('nova-compute', 'nova-compute-2', 'compute1'):
            self.assertTrue(faults.needs_serial_lock(name), name)

    def test_other_restarts_do_not(self):
        for name in ('nova-conductor', 'rabbitmq', 'mariadb',
                     'nova-computer'):
            self.assertFalse(faults.needs_serial_lock(name), name)


class FailureMessageTest(testtools.TestCase):

    def test_exception_and_details_without_module_or_logs(self):
        said = faults.failure_message('fail', LOG + TIMEOUT_TRACEBACK + LOG)
        self.assertEqual(2, len(said['message']))
        self.assertEqual('TimeoutException: Request timed out',
                         said['message'][0])
        self.assertTrue(said['message'][1].startswith(
            'Details: Server s1 did not reach VERIFY_RESIZE'))
        self.assertFalse(said['deadline'])
        self.assertEqual('_poll (waiters.py:44)', said['where'])

    def test_a_chain_says_what_it_raised_last(self):
        first = TIMEOUT_TRACEBACK.replace('Request timed out', 'first')
        said = faults.failure_message(
            'fail', first + '\nDuring handling of the above exception, '
            'another exception occurred:\n\n' + DEADLINE_TRACEBACK)
        self.assertTrue(said['deadline'])
        self.assertEqual(['TimeoutException'], said['message'])
        self.assertEqual([], said['also'])
        self.assertEqual('check (waiters.py:120)', said['where'])

    def test_failed_cleanups_come_after_the_test_error(self):
        cleanup = TIMEOUT_TRACEBACK.replace(
            'tempest.lib.exceptions.TimeoutException: Request timed out',
            'tempest.lib.exceptions.Conflict: trait in use')
        said = faults.failure_message(
            'fail', TIMEOUT_TRACEBACK + LOG + cleanup + cleanup)
        self.assertEqual('TimeoutException: Request timed out',
                         said['message'][0])
        self.assertEqual(2, len(said['also']))
        self.assertTrue(said['also'][0].startswith(
            'Conflict: trait in use | Details: Server s1 did not reach'),
            said['also'][0])
        self.assertFalse(said['deadline'])

    def test_lines_are_capped(self):
        text = TIMEOUT_TRACEBACK + ''.join('line %d\n' % i for i in range(9))
        said = faults.failure_message('fail', text, max_lines=3, width=20)
        self.assertEqual(3, len(said['message']))
        self.assertTrue(all(len(line) <= 20 for line in said['message']))

    def test_no_traceback_no_message(self):
        self.assertEqual([], faults.failure_message('fail', LOG)['message'])

    def test_unexpected_success_names_itself(self):
        said = faults.failure_message('uxsuccess', '')
        self.assertIn('unexpected success', said['message'][0])


class PassCommandsTest(testtools.TestCase):

    def test_parallel_part_then_serialized_classes_apart(self):
        passes = faults.selection.passes(
            'resize_tempest_plugin',
            ['resize_tempest_plugin.tests.EvacuateTest.test_a[id-1]'])
        (part, parallel), (serial_part, serial) = faults.pass_commands(
            4, passes)
        self.assertEqual(('parallel', 'serial'), (part, serial_part))
        self.assertEqual(['run', '--concurrency', '4', '--regex',
                          'resize_tempest_plugin', '--exclude-regex'],
                         parallel[1:7])
        self.assertIn('--serial', serial)
        self.assertNotIn('--concurrency', serial)

    def test_no_serialized_test_one_part(self):
        passes = faults.selection.passes('Resize', ['pkg.EvacuateTest.t'])
        self.assertEqual(['parallel'], [part for part, _ in
                                        faults.pass_commands(2, passes)])


class TestNameTest(testtools.TestCase):

    def test_methods_and_class_fixtures(self):
        self.assertEqual('ResizeTest.test_x', faults.test_name(
            'pkg.mod.ResizeTest.test_x[id-1,multinode]'))
        self.assertEqual('ResizeTest.setUpClass', faults.test_name(
            'setUpClass (pkg.mod.ResizeTest)'))


class OverlappingTest(testtools.TestCase):

    def test_faults_whose_window_meets_the_test(self):
        done = [{'index': 1, 'started': at(0), 'ended': at(10)},
                {'index': 2, 'started': at(30), 'ended': at(40)},
                {'index': 3, 'started': at(50), 'ended': at(60)}]
        self.assertEqual([1, 2], faults.overlapping(
            {'start': at(10), 'stop': at(35)}, done))
        self.assertEqual([], faults.overlapping(
            {'start': at(41), 'stop': at(49)}, done))
        self.assertEqual([], faults.overlapping(
            {'start': None, 'stop': at(49)}, done))


def _fault(index, service, **extra):
    fault = {'index': index, 'round': 1, 'service': service,
             'pass': 'pass-1', 'at_s': 15.0, 'restart_s': 8.2,
             'restart_reported_s': 7.9, 'recovered_s': 1.1,
             'lock_wait_s': None, 'timeout_s': 300, 'outcome': faults.OK,
             'error': None, 'started': at(15), 'ended': at(25)}
    fault.update(extra)
    return fault


def _result(**overrides):
    result = {
        'settings': {'concurrency': 4, 'regex': 'resize_tempest_plugin',
                     'test_timeout_s': 600},
        'faults': [_fault(1, 'nova-compute', lock_wait_s=0.0),
                   _fault(2, 'rabbitmq')],
        'not_injected': [],
        'passes': [{'label': 'pass-1', 'exit_code': 1, 'hung': False,
                    'timeout_s': 1800, 'wall_s': 140.2, 'passed': 30,
                    'xfail': 6, 'failed': 1, 'skipped': 2,
                    'not_run': []}],
        'totals': {'passed': 30, 'xfail': 6, 'failed': 1, 'skipped': 2},
        'failures': [{'test': 'ResizeFailureTest.test_revert_failure',
                      'pass': 'pass-1', 'seconds': 130.5, 'faults': [2],
                      'deadline': False, 'where': '_poll (waiters.py:44)',
                      'message': ['TimeoutException: Request timed out']}],
        'leftovers': {'servers': {}, 'flavors': {}, 'traits': {},
                      'orphans': {}},
        'audit': {'passed': True, 'message': []},
        'health': {'healthy': True, 'summary': 'healthy (status: every '
                   'service ok; smoke passed in 20.0 s)'}}
    result.update(overrides)
    return result


class VerdictTest(testtools.TestCase):

    def test_a_failure_with_a_message_is_reported_not_fatal(self):
        self.assertEqual([], faults.verdict(_result()))

    def test_a_hung_run_fails(self):
        result = _result()
        result['passes'][0].update(hung=True, not_run=['A.test_b'])
        (reason,) = faults.verdict(result)
        self.assertEqual('hang: pass-1 killed after 1800 s (unfinished: '
                         'A.test_b)', reason)

    def test_a_hang_names_a_few_unfinished_tests(self):
        result = _result()
        result['passes'][0].update(hung=True, not_run=[
            'A.test_%d' % i for i in range(8)])
        (reason,) = faults.verdict(result)
        self.assertTrue(reason.endswith('A.test_4 and 3 more)'), reason)

    def test_a_test_past_its_deadline_is_a_hang(self):
        result = _result()
        result['failures'][0].update(deadline=True)
        (reason,) = faults.verdict(result)
        self.assertTrue(reason.startswith('hang: ResizeFailureTest.'
                                          'test_revert_failure ran into its '
                                          '600 s deadline'), reason)

    def test_a_failure_without_a_message_fails(self):
        result = _result()
        result['failures'][0]['message'] = []
        self.assertEqual(['failure without a message: ResizeFailureTest.'
                          'test_revert_failure'], faults.verdict(result))

    def test_leftovers_and_a_failed_audit_fail(self):
        result = _result(audit={'passed': False,
                                'message': ['AssertionError: orphan']})
        result['leftovers']['orphans'] = {'c1@compute1': {'VCPU': 1}}
        self.assertEqual(['leftovers: orphans 1',
                          'allocation audit: AssertionError: orphan'],
                         faults.verdict(result))

    def test_leftovers_not_checked_fail(self):
        result = _result(leftovers={'error': 'HTTP 500'})
        self.assertEqual(['leftovers not checked: HTTP 500'],
                         faults.verdict(result))

    def test_unhealthy_cloud_and_faults_that_went_wrong_fail(self):
        result = _result(health={'healthy': False, 'summary': 'UNHEALTHY'},
                         not_injected=[{'index': 4, 'service': 'mariadb'}])
        result['faults'][1].update(outcome=faults.NOT_RECOVERED,
                                   error='nova-scheduler')
        result['faults'][0].update(outcome=faults.RESTART_HUNG)
        self.assertEqual(
            ['hang: restart of nova-compute did not return within 300 s',
             'unhealthy: fault 2 (rabbitmq) not recovered: nova-scheduler',
             'faults not injected: 4 (mariadb)',
             'unhealthy afterwards: UNHEALTHY'], faults.verdict(result))


class ReportTest(testtools.TestCase):

    def test_table_shows_faults_tests_failures_and_verdict(self):
        result = _result()
        result['verdict'] = faults.verdict(result)
        text = '\n'.join(faults.report_lines(result))
        self.assertIn('faults: 2 of 2 injected', text)
        self.assertIn(
            '\n  #   service        pass     UTC            at   restart'
            '   recovered   lock wait   outcome\n'
            + '-' * 93 + '\n'
            '  1   nova-compute   pass-1   12:00:15   15.0 s     8.2 s'
            '       1.1 s       0.0 s   ok\n', text)
        self.assertIn(
            '\n  pass        wall   passed   failed   skipped   xfail'
            '   not run   exit   hung\n'
            + '-' * 80 + '\n'
            '  pass-1   140.2 s       30        1         2       6'
            '         0      1   no\n', text)
        self.assertIn('total: 30 passed (6 expected failures among them), '
                      '1 failed, 2 skipped', text)
        self.assertIn('ResizeFailureTest.test_revert_failure  pass-1  '
                      '130.5 s  faults: 2 rabbitmq', text)
        self.assertIn('      TimeoutException: Request timed out', text)
        self.assertNotIn('not run in', text)
        self.assertIn('leftovers: none', text)
        self.assertIn('allocation audit: passed', text)
        self.assertTrue(text.endswith('verdict: PASSED'), text)

    def test_times_read_back_from_results_json_show_too(self):
        result = _result()
        result['faults'][0]['started'] = '2026-03-01 12:00:15.123+00:00'
        result['verdict'] = []
        self.assertIn('pass-1   12:00:15 ',
                      '\n'.join(faults.report_lines(result)))

    def test_verdict_reasons_and_missing_faults_are_listed(self):
        result = _result(not_injected=[{'index': 3, 'service': 'mariadb'}])
        result['leftovers']['servers'] = {'s1': 'srv'}
        result['passes'][0]['not_run'] = ['A.test_b']
        result['failures'][0]['also'] = ['Conflict: trait in use']
        result['verdict'] = faults.verdict(result)
        lines = faults.report_lines(result)
        self.assertIn('faults: 2 of 3 injected', lines[0])
        self.assertIn('not injected', '\n'.join(lines))
        self.assertIn('  servers: s1 srv', lines)
        self.assertIn('  not run in pass-1: A.test_b', lines)
        self.assertIn('      also: Conflict: trait in use', lines)
        self.assertEqual(['verdict: FAILED',
                          '  - faults not injected: 3 (mariadb)',
                          '  - leftovers: servers 1'], lines[-3:])


class SettingsTest(testtools.TestCase):

    def test_results_keep_the_schedule_and_the_bounds(self):
        self.assertEqual(
            {'concurrency': 4, 'regex': 'resize_tempest_plugin.tests.scenario',
             'rounds': 2, 'services': ['rabbitmq', 'mariadb'],
             'first_fault_after_s': 15.0, 'tests_between': 2,
             'min_gap_s': 5.0, 'max_gap_s': 60.0, 'max_passes': 3,
             'test_timeout_s': 600, 'run_timeout_s': 1800,
             'restart_timeout_s': 300, 'recovery_timeout_s': 180},
            faults._settings(faults.parse_args(
                ['--rounds', '2', '--services', 'rabbitmq,mariadb,'])))

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

import ast
import configparser
import datetime
import importlib.metadata
import io
import os
import re
import shutil
import stat
import tempfile

import fixtures
import subunit
import testtools

from resize_tempest_cloud import cli
from resize_tempest_cloud import configs
from resize_tempest_cloud import layout
from resize_tempest_cloud import mutants
from resize_tempest_cloud import procs
from resize_tempest_cloud import results
from resize_tempest_cloud import sources
from resize_tempest_cloud import tempest_conf
from unit_tests import test_known_defects


def scenario_test_ids():
    """module.Class.test of every scenario, read from the sources."""
    ids = []
    for name in sorted(os.listdir(test_known_defects.SCENARIOS)):
        if not (name.startswith('test_') and name.endswith('.py')):
            continue
        with open(os.path.join(test_known_defects.SCENARIOS, name)) as f:
            tree = ast.parse(f.read())
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                ids.extend('%s.%s.%s' % (name[:-3], node.name, each.name)
                           for each in node.body
                           if isinstance(each, ast.FunctionDef) and
                           each.name.startswith('test_'))
    return ids


class LayoutTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        self.layout = layout.Layout(os.path.join(self.root, 'state'))

    def test_ports_stay_in_the_block(self):
        ports = layout.ports_for(30000)
        self.assertEqual(len(ports), len(set(ports.values())))
        for port in ports.values():
            self.assertGreaterEqual(port, 30000)
            self.assertLess(port, 30000 + layout.PORT_BLOCK)

    def test_secrets_are_generated_once_and_private(self):
        first = self.layout.secrets()
        self.assertEqual(set(layout.SECRET_NAMES), set(first))
        self.assertEqual(first, self.layout.secrets())
        mode = os.stat(self.layout.path('secrets.json')).st_mode
        self.assertEqual(0o600, stat.S_IMODE(mode))

    def test_ini_files_are_private_and_keep_case(self):
        path = configs.write_ini(self.layout.etc('x', 'x.conf'), {
            'DEFAULT': {'Debug': True},
            'resize_fault': {'extra_spec_namespace': 'ns'}})
        parser = configparser.ConfigParser()
        parser.optionxform = str
        parser.read(path)
        self.assertEqual('True', parser['DEFAULT']['Debug'])
        self.assertEqual('ns', parser['resize_fault']['extra_spec_namespace'])
        self.assertEqual(0o600, stat.S_IMODE(os.stat(path).st_mode))


class WorkspaceTest(testtools.TestCase):

    def test_stale_stestr_conf_is_aimed_at_this_tempest(self):
        import tempest
        workspace = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, workspace)
        conf_path = os.path.join(workspace, '.stestr.conf')
        with open(conf_path, 'w') as conf:
            conf.write('[DEFAULT]\ntest_path=/gone/venv/tempest/'
                       'test_discover\n')
        tempest_conf.aim_stestr_at_this_tempest(workspace)
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(conf_path)
        tempest_dir = os.path.dirname(os.path.abspath(tempest.__file__))
        self.assertEqual(os.path.join(tempest_dir, 'test_discover'),
                         parser['DEFAULT']['test_path'])
        self.assertTrue(os.path.isdir(parser['DEFAULT']['test_path']))
        self.assertEqual(tempest_dir, parser['DEFAULT']['top_dir'])


class CommandLineTest(testtools.TestCase):

    def test_run_passes_tempest_arguments_through(self):
        args = cli._parser().parse_args(
            ['--state-dir', '/s', 'run', '--keep', '--', '--concurrency',
             '4'])
        self.assertEqual('/s', args.state_dir)
        self.assertTrue(args.keep)
        self.assertEqual(['--', '--concurrency', '4'], args.tempest_args)

    def test_unknown_mutant_is_rejected(self):
        self.assertRaises(SystemExit, cli._parser().parse_args,
                          ['mutants', '--only', 'no_such_bug'])

    def test_unknown_release_is_rejected(self):
        self.assertRaises(SystemExit, cli._parser().parse_args,
                          ['--release', '2024.2', 'up'])


class ReleaseChoiceTest(testtools.TestCase):
    """Which Python a command runs in (cli._elsewhere)."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable(
            'RESIZE_CLOUD_IN_RELEASE'))
        self.layout = layout.Layout(self.useFixture(fixtures.TempDir()).path)
        self.running = self.useFixture(fixtures.MockPatchObject(
            procs, 'tagged', return_value=False)).mock
        self.interpreter = self.useFixture(fixtures.MockPatchObject(
            cli.releases, 'interpreter', return_value=None)).mock

    def elsewhere(self, *argv):
        args = cli._parser().parse_args(list(argv))
        return cli._elsewhere(self.layout, args, list(argv))

    def test_a_new_cloud_ignores_the_last_one_in_the_state_dir(self):
        self.layout.make_dirs()
        self.layout.save_settings({'release': '2025.2',
                                   'python': '/old/bin/python'})
        self.assertIsNone(self.elsewhere('up'))
        self.interpreter.assert_called_once_with(self.layout, None, None)

    def test_a_running_cloud_keeps_its_python(self):
        self.layout.make_dirs()
        settings = {'release': '2025.2', 'python': '/old/bin/python'}
        self.layout.save_settings(settings)
        self.running.return_value = True
        self.interpreter.return_value = '/old/bin/python'
        self.assertEqual('/old/bin/python', self.elsewhere('status'))
        self.interpreter.assert_called_once_with(self.layout, None, settings)

    def test_another_release_than_the_running_cloud_is_refused(self):
        self.layout.make_dirs()
        self.layout.save_settings({'release': '2026.2', 'python': 'x'})
        self.running.return_value = True
        self.assertRaises(procs.CloudError, self.elsewhere,
                          '--release', '2025.2', 'run')

    def test_inside_a_release_it_runs_here(self):
        self.useFixture(fixtures.EnvironmentVariable(
            'RESIZE_CLOUD_IN_RELEASE', '1'))
        self.assertIsNone(self.elsewhere('--release', '2025.2', 'up'))
        self.interpreter.assert_not_called()

    def test_the_matrix_runs_here(self):
        self.assertIsNone(self.elsewhere('matrix'))
        self.interpreter.assert_not_called()


class MutantsTest(testtools.TestCase):

    def test_a_killed_proof_is_undone_by_the_next(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'manager.py')
        with open(path, 'w') as f:
            f.write('a\nfix()\nb\n')
        mutant = mutants.Mutant(name='m', summary='s', path='manager.py',
                                original='fix()\n', mutated='', restart=())
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'nova_file', return_value=path))
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'MUTANTS', (mutant,)))
        self.useFixture(fixtures.MockPatch(
            'importlib.util.find_spec', return_value=object()))
        mutants.apply(mutant)
        with open(path) as f:
            self.assertEqual('a\nb\n', f.read())
        # Killed here: the next proof (or up) restores the original.
        self.assertEqual([path], mutants.restore_leftovers())
        with open(path) as f:
            self.assertEqual('a\nfix()\nb\n', f.read())
        self.assertEqual([], mutants.restore_leftovers())

    def test_mutants_applied_together_are_restored_together(self):
        folder = self.useFixture(fixtures.TempDir()).path
        paths = {name: os.path.join(folder, name)
                 for name in ('manager.py', 'tracker.py')}
        for path in paths.values():
            with open(path, 'w') as f:
                f.write('a\nfix()\nheal()\nb\n')
        first = mutants.Mutant(name='first', summary='s', path='manager.py',
                               original='fix()\n', mutated='',
                               restart=('nova-api',),
                               together=('second', 'third'))
        second = mutants.Mutant(name='second', summary='s',
                                path='manager.py', original='heal()\n',
                                mutated='', restart=('nova-compute',))
        third = mutants.Mutant(name='third', summary='s', path='tracker.py',
                               original='heal()\n', mutated='',
                               restart=('nova-compute',))
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'nova_file', side_effect=lambda m: paths[m.path]))
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'MUTANTS', (first, second, third)))
        self.assertEqual(('nova-api', 'nova-compute'),
                         mutants.restarts(first))
        originals = mutants.apply(first)
        with open(paths['manager.py']) as f:
            self.assertEqual('a\nb\n', f.read())
        with open(paths['tracker.py']) as f:
            self.assertEqual('a\nfix()\nb\n', f.read())
        mutants.restore(first, originals)
        for path in paths.values():
            with open(path) as f:
                self.assertEqual('a\nfix()\nheal()\nb\n', f.read())
            self.assertFalse(os.path.exists(path + mutants.ORIGINAL_SUFFIX))

    def test_a_mutant_that_does_not_apply_leaves_nothing_patched(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'manager.py')
        with open(path, 'w') as f:
            f.write('a\nfix()\n')
        first = mutants.Mutant(name='first', summary='s', path='manager.py',
                               original='fix()\n', mutated='', restart=(),
                               together=('gone',))
        gone = mutants.Mutant(name='gone', summary='s', path='manager.py',
                              original='missing()\n', mutated='',
                              restart=())
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'nova_file', return_value=path))
        self.useFixture(fixtures.MockPatchObject(
            mutants, 'MUTANTS', (first, gone)))
        self.assertRaises(mutants.MutantDoesNotApply, mutants.apply, first)
        with open(path) as f:
            self.assertEqual('a\nfix()\n', f.read())
        self.assertFalse(os.path.exists(path + mutants.ORIGINAL_SUFFIX))

    def test_mutants_have_unique_names_and_change_the_code(self):
        names = [mutant.name for mutant in mutants.MUTANTS]
        self.assertEqual(len(names), len(set(names)))
        for mutant in mutants.MUTANTS:
            self.assertNotEqual(mutant.original, mutant.mutated)
            self.assertTrue(mutant.restart)
            self.assertLessEqual(set(mutant.together), set(names))

    def test_each_mutant_names_its_quickest_catch_among_its_tests(self):
        ids = scenario_test_ids()
        for mutant in mutants.MUTANTS:
            quick = [each for each in ids
                     if each.rsplit('.', 1)[1] == mutant.quick]
            self.assertEqual(1, len(quick), mutant.name)
            self.assertTrue(re.match(mutant.tests, quick[0]), mutant.name)

    def test_a_judged_failure_is_caught(self):
        def run(details):
            return mutants.verdict_of([results.TestResult(
                'm.A.test_a[id-1]', 'fail', None, None, details)])[1]
        self.assertEqual('caught', run(
            'After restart:\n - allocations differ\nVCPU  0  1  <-- wrong'))
        self.assertEqual('caught', run(
            'After restart:\n - task state: expected none, actual spawning'))
        self.assertEqual('caught', run(
            'After the move:\n - server flavor: the server shows flavor f '
            'on host compute2, which must hold VCPU=1 on rp-2; the instance '
            'holds VCPU=1 on rp-1'))
        self.assertEqual('caught, but no allocation table',
                         run('KeyError: dest'))
        self.assertEqual('MISSED', mutants.verdict_of([results.TestResult(
            'm.A.test_a[id-1]', 'success', None, None)])[1])

    def test_slowest_test_is_the_fail_fast_figure(self):
        start = datetime.datetime(2026, 12, 1, 10, 0, 0)
        tests = [results.TestResult('m.A.test_quick[id-1]', 'success', start,
                                    start + datetime.timedelta(seconds=3)),
                 results.TestResult('m.B.test_slow[id-2]', 'fail', start,
                                    start + datetime.timedelta(seconds=7.25)),
                 results.TestResult('m.C.test_unfinished', 'fail', None,
                                    None)]
        self.assertEqual({'slowest_test': 'B.test_slow', 'slowest_s': 7.2},
                         mutants.slowest(tests))
        self.assertEqual({}, mutants.slowest([]))


class ResultsTest(testtools.TestCase):

    def stream(self, *tests):
        """A subunit v2 stream of (id, status, traceback) tests."""
        data = io.BytesIO()
        writer = subunit.StreamResultToBytes(data)
        for test_id, status, traceback in tests:
            writer.status(test_id=test_id, test_status='inprogress')
            if traceback:
                writer.status(test_id=test_id, file_name='traceback',
                              file_bytes=traceback.encode(),
                              mime_type='text/plain; charset=utf8')
            writer.status(test_id=test_id, test_status=status)
        return data.getvalue()

    def test_statuses_details_and_short_names(self):
        tests = results.parse_subunit(self.stream(
            ('pkg.test_x.T.test_a[id-1,portable]', 'success', None),
            ('pkg.test_x.T.test_b[id-2]', 'fail', 'table <-- wrong'),
            ('pkg.test_x.T.test_c', 'xfail', None)))
        self.assertEqual(['success', 'fail', 'xfail'],
                         [test.status for test in tests])
        self.assertEqual('T.test_a', tests[0].short)
        self.assertIn('<-- wrong', tests[1].details)
        self.assertEqual((1, 1), results.counts(tests))


class ComputeNumaCellsTest(testtools.TestCase):

    def test_only_compute1_fits_two_guest_numa_nodes(self):
        self.assertEqual([2, 1, 1, 1],
                         [configs.numa_cells(index) for index in (1, 2, 3, 4)])

    def test_each_nova_service_reaches_placement_on_its_proxy_path(self):
        cfg = configs.Configs.__new__(configs.Configs)
        cfg.ports = layout.ports_for(layout.DEFAULT_BASE_PORT)
        self.assertEqual(
            {'endpoint_override':
             'http://127.0.0.1:24309/svc/compute.compute1'},
            cfg.placement_via_proxy('compute.compute1'))
        self.assertEqual(('conductor', 'scheduler'),
                         configs.CONTROLLER_TOPICS)

    def test_scheduler_keeps_nova_weighers_and_adds_first_choice(self):
        weighers = configs.FIRST_CHOICE_WEIGHERS.split(',')
        self.assertEqual('nova.scheduler.weights.all_weighers', weighers[0])
        self.assertEqual('resize_tempest_nova.first_choice.'
                         'FirstChoiceWeigher', weighers[1])


class SourcesTest(testtools.TestCase):

    def test_a_checkout_is_a_known_project_and_a_python_project(self):
        checkout = self.useFixture(fixtures.TempDir()).path
        self.assertRaises(procs.CloudError, sources.parse,
                          'nova=%s' % checkout)
        open(os.path.join(checkout, 'setup.cfg'), 'w').close()
        self.assertEqual(('nova', checkout),
                         sources.parse('nova=%s' % checkout))
        error = self.assertRaises(procs.CloudError, sources.parse,
                                  'cinder=%s' % checkout)
        self.assertIn('glance, keystone, neutron, nova, placement, tempest',
                      str(error))
        self.assertRaises(procs.CloudError, sources.parse, checkout)

    def test_a_release_shows_its_version_and_a_checkout_its_path(self):
        self.assertEqual(importlib.metadata.version('tempest'),
                         sources.describe('tempest'))
        self.assertIsNone(sources.checkout_of('tempest'))
        # tox installs this project in development mode.
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        self.assertEqual(root, sources.checkout_of('resize_tempest_plugin'))

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

"""resize_tempest_lab.cli: one command, a subcommand per lab tool."""

import ast
import contextlib
import io
import os

import fixtures
import testtools

from resize_tempest_lab import cli

LAB_DIR = os.path.dirname(os.path.abspath(cli.__file__))
MODULES = {
    'benchmark': 'resize_tempest_lab.benchmark',
    'faults': 'resize_tempest_lab.fault_soak',
    'verdict': 'resize_tempest_lab.verdict',
    'api-calls': 'resize_tempest_lab.api_calls',
    'audit-bench': 'resize_tempest_lab.audit_bench',
    'audit-soak': 'resize_tempest_lab.audit_soak',
}
SCRIPTS = {'cloud-bench': 'cloud_bench.sh', 'first-run': 'first_run.sh',
           'proxy-cost': 'proxy_cost.sh'}


def run(argv):
    """(exit code, stdout, stderr) of cli.main(argv)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def main_signature(module):
    """The arguments of a lab module's main, read from its source."""
    path = os.path.join(LAB_DIR, module.rsplit('.', 1)[1] + '.py')
    with open(path) as source:
        tree = ast.parse(source.read(), path)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == 'main':
            return ([arg.arg for arg in node.args.args],
                    [ast.literal_eval(d) for d in node.args.defaults])
    return None


class HelpTest(testtools.TestCase):

    def test_help_lists_every_subcommand_with_one_line(self):
        for flag in ('-h', '--help'):
            code, out, err = run([flag])
            self.assertEqual((0, ''), (code, err))
            lines = out.splitlines()
            for name in list(MODULES) + list(SCRIPTS):
                self.assertEqual(1, len([line for line in lines
                                         if line.split()[:1] == [name]]),
                                 name)
            self.assertTrue(all(len(line) <= 79 for line in lines))

    def test_every_subcommand_is_known(self):
        self.assertEqual(set(MODULES) | set(SCRIPTS),
                         {name for name, _, _ in cli.SUBCOMMANDS})

    def test_unknown_subcommand_fails_with_the_list(self):
        code, out, err = run(['nope', '--x'])
        self.assertEqual((2, ''), (code, out))
        self.assertIn("unknown subcommand 'nope'", err)
        for name in list(MODULES) + list(SCRIPTS):
            self.assertIn('  %s ' % name, err)

    def test_no_subcommand_fails_with_the_list(self):
        code, out, err = run([])
        self.assertEqual((2, ''), (code, out))
        self.assertIn('a subcommand is required', err)
        self.assertIn('  benchmark ', err)

    def test_argv_defaults_to_the_command_line(self):
        self.useFixture(fixtures.MonkeyPatch('sys.argv',
                                             ['resize-tempest-lab', '-h']))
        self.assertEqual(0, run(None)[0])


class DispatchTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # By object, not by name: a patch by name resolves the name with
        # importlib.import_module, which is patched here too.
        self.execvp = self.useFixture(fixtures.MockPatchObject(
            cli.os, 'execvp')).mock
        self.imported = self.useFixture(fixtures.MockPatchObject(
            cli.importlib, 'import_module')).mock
        # Never run a script for real.
        self.assertIs(self.execvp, cli.os.execvp)

    def test_each_subcommand_calls_its_modules_main_with_the_rest(self):
        for name, module in sorted(MODULES.items()):
            self.imported.reset_mock()
            self.imported.return_value.main.return_value = 7
            self.assertEqual(7, cli.main([name, '--flag', 'value']))
            self.imported.assert_called_once_with(module)
            self.imported.return_value.main.assert_called_once_with(
                ['--flag', 'value'])
        self.execvp.assert_not_called()

    def test_benchmark_keeps_its_own_modes(self):
        cli.main(['benchmark', 'soak', '--runs', '2'])
        self.imported.return_value.main.assert_called_once_with(
            ['soak', '--runs', '2'])

    def test_scripts_run_with_bash_and_the_rest(self):
        for name, script in sorted(SCRIPTS.items()):
            self.execvp.reset_mock()
            cli.main([name, '--idle', '5'])
            path = os.path.join(LAB_DIR, script)
            self.execvp.assert_called_once_with(
                'bash', ['bash', path, '--idle', '5'])
            self.assertTrue(os.path.isfile(path), path)
        self.imported.assert_not_called()

    def test_help_of_a_subcommand_is_its_own(self):
        cli.main(['faults', '-h'])
        self.imported.assert_called_once_with('resize_tempest_lab.fault_soak')
        self.imported.return_value.main.assert_called_once_with(['-h'])


class ModulesTest(testtools.TestCase):

    def test_each_module_has_main_taking_argv(self):
        # Read, not imported: the benchmark's chart needs matplotlib.
        for module in MODULES.values():
            self.assertEqual((['argv'], [None]), main_signature(module),
                             module)

    def test_a_real_dispatch(self):
        log = os.path.join(self.useFixture(fixtures.TempDir()).path, 'log')
        with open(log, 'w') as f:
            f.write('x Request (T:test_a): 200 GET http://h/v2.1/s 0.1s\n')
        code, out, err = run(['api-calls', log])
        self.assertEqual((0, ''), (code, err))
        self.assertEqual(
            ['  test       total   compute   placement   repeated',
             '-' * 53,
             '  T:test_a       1         1           0          0'],
            out.splitlines())

    def test_verdict_without_its_dirs_shows_its_usage(self):
        code, out, err = run(['verdict'])
        self.assertEqual((2, ''), (code, out))
        self.assertIn('resize-tempest-lab verdict LOGS_DIR REPORTS_DIR', err)

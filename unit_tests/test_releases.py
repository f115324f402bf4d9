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

"""The releases' pins files and the choice of the Python a command runs in."""

import configparser
import json
import os
import re
import sys
from unittest import mock

import fixtures
import testtools

from resize_tempest_cloud import matrix
from resize_tempest_cloud import procs
from resize_tempest_cloud import releases
from resize_tempest_cloud import results

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ('nova', 'openstack-placement', 'keystone', 'glance', 'neutron',
            'tempest')


def _version(text):
    return tuple(int(part) for part in text.split('.'))


class PinsTest(testtools.TestCase):

    def test_maintained_releases_oldest_first(self):
        self.assertEqual(['2025.2', '2026.1', '2026.2'], releases.names())
        self.assertEqual('2026.2', releases.newest())

    def test_every_release_pins_every_service_and_the_launcher(self):
        for name in releases.names():
            pins = releases.pins(name)
            for package in SERVICES + ('gunicorn', 'pymysql', 'amqp',
                                       'keystoneauth1', 'psutil',
                                       'python-subunit'):
                self.assertIn(package, pins, '%s: %s' % (name, package))
            self.assertNotIn('resize-tempest-plugin', pins)

    def test_nova_identifies_its_release(self):
        novas = [releases.pins(name)['nova'] for name in releases.names()]
        self.assertEqual(len(novas), len(set(novas)))

    def test_tox_cloud_installs_the_newest_release(self):
        with open(os.path.join(REPO_DIR, 'cloud-requirements.txt')) as f:
            lines = [line.strip() for line in f
                     if line.strip() and not line.startswith('#')]
        self.assertEqual(
            '-r resize_tempest_cloud/releases/%s.txt' % releases.newest(),
            lines[0])
        # Besides, only the launcher's installer and the openstack client,
        # each pinned.
        self.assertEqual(
            ['uv', 'python-openstackclient', 'python-manilaclient'],
            [line.split('==')[0] for line in lines[1:]])
        self.assertTrue(all('==' in line for line in lines[1:]))

    def test_tempest_floor_is_the_oldest_pinned_tempest(self):
        with open(os.path.join(REPO_DIR, 'requirements.txt')) as f:
            floor = re.search(r'(?m)^tempest>=([0-9.]+)$', f.read()).group(1)
        oldest = min((releases.pins(name)['tempest']
                      for name in releases.names()), key=_version)
        self.assertEqual(oldest, floor)

    def test_python_floor_is_tempests(self):
        setup = configparser.ConfigParser()
        setup.read(os.path.join(REPO_DIR, 'setup.cfg'))
        self.assertEqual('>=3.10', setup['metadata']['python_requires'])

    def test_unknown_release(self):
        self.assertRaises(procs.CloudError, releases.pins_file, '2024.2')


class InterpreterTest(testtools.TestCase):

    def test_named_release_of_this_python_runs_here(self):
        with mock.patch.object(releases, 'current', return_value='2026.2'):
            self.assertEqual(sys.executable,
                             releases.interpreter(None, '2026.2', None))

    def test_other_release_runs_in_its_virtualenv(self):
        with mock.patch.object(releases, 'current', return_value='2026.2'), \
                mock.patch.object(releases, 'ensure_venv',
                                  return_value='/venv/bin/python') as ensure:
            self.assertEqual('/venv/bin/python',
                             releases.interpreter('LAYOUT', '2025.2', None))
        ensure.assert_called_once_with('LAYOUT', '2025.2')

    def test_a_cloud_runs_in_the_python_that_started_it(self):
        settings = {'python': sys.executable}
        self.assertEqual(sys.executable,
                         releases.interpreter(None, None, settings))

    def test_a_vanished_python_runs_here(self):
        settings = {'python': '/no/such/venv/bin/python'}
        self.assertIsNone(releases.interpreter(None, None, settings))
        self.assertIsNone(releases.interpreter(None, None, None))

    def test_venv_keyed_by_pins_and_source_tree(self):
        path = releases.venv_dir('2025.2')
        self.assertRegex(os.path.basename(path), r'^2025\.2-[0-9a-f]{12}$')
        with mock.patch.object(releases, 'PROJECT_ROOT', '/other/clone'):
            self.assertNotEqual(path, releases.venv_dir('2025.2'))


class MatrixTest(testtools.TestCase):

    def write_rows(self, rows):
        directory = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(directory, 'mutants.json'), 'w') as f:
            json.dump([{'bug': 'unpatched Nova', 'verdict': 'pass'}] + [
                {'bug': str(index), 'verdict': verdict}
                for index, verdict in enumerate(rows)], f)
        return directory

    def test_summary_counts_caught_of_applied(self):
        directory = self.write_rows(['caught', 'NOT APPLIED', 'MISSED'])
        self.assertEqual('1/2 (1 not applied)',
                         matrix.mutant_summary(directory))

    def test_all_caught(self):
        directory = self.write_rows(['caught', 'caught'])
        self.assertEqual('2/2', matrix.mutant_summary(directory))

    def test_next_run_of_an_empty_workspace(self):
        self.assertEqual(0, results.next_run('/no/such/dir'))

    def test_no_result(self):
        self.assertEqual('no result', matrix.mutant_summary('/no/such/dir'))

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

"""The arrows between the five packages point one way only.

See doc/source/architecture.rst.  The imports are read from the source
(nothing is imported), so the test runs without Nova installed.
"""

import ast
import os
import sys

import testtools

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = 'resize_tempest_plugin'
NOVA_SIDE = 'resize_tempest_nova'
CLOUD = 'resize_tempest_cloud'
PROXY = 'resize_tempest_proxy'
LAB = 'resize_tempest_lab'
CATALOGUE = PLUGIN + '.faults'
OPENSTACK_SERVICES = ('nova', 'keystone', 'placement', 'glance', 'neutron')


def module_imports(path):
    """The absolute names a Python file imports, module by module."""
    with open(path) as source:
        tree = ast.parse(source.read(), path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.update('%s.%s' % (node.module, alias.name)
                         for alias in node.names)
    return names


def package_imports(package):
    """{module path: imported names} of every module of a package."""
    found = {}
    for folder, _, files in os.walk(os.path.join(ROOT, package)):
        for name in files:
            if name.endswith('.py'):
                path = os.path.join(folder, name)
                found[os.path.relpath(path, ROOT)] = module_imports(path)
    return found


def within(name, *packages):
    return any(name == package or name.startswith(package + '.')
               for package in packages)


class ArrowTest(testtools.TestCase):

    def assert_no_import(self, package, forbidden, allowed=()):
        wrong = sorted(
            '%s imports %s' % (path, name)
            for path, names in package_imports(package).items()
            for name in names
            if within(name, *forbidden) and not within(name, *allowed))
        self.assertEqual([], wrong)

    def test_plugin_imports_neither_nova_nor_the_other_packages(self):
        self.assert_no_import(PLUGIN, OPENSTACK_SERVICES +
                              (NOVA_SIDE, CLOUD))

    def test_catalogue_uses_the_standard_library_only(self):
        for module in ('faults.py', 'placement_faults.py'):
            names = module_imports(os.path.join(ROOT, PLUGIN, module))
            self.assertEqual(
                set(), {name for name in names
                        if name.split('.')[0] not in sys.stdlib_module_names
                        and not within(name, CATALOGUE)}, module)

    def test_nova_side_imports_only_the_catalogue_of_the_plugin(self):
        self.assert_no_import(NOVA_SIDE, ('tempest', PLUGIN, CLOUD),
                              allowed=(CATALOGUE,))

    def test_cloud_never_imports_the_tests_or_the_nova_side(self):
        self.assert_no_import(CLOUD, (PLUGIN + '.tests', PLUGIN + '.plugin',
                                      NOVA_SIDE))

    def test_proxy_uses_the_standard_library_and_itself_only(self):
        wrong = sorted(
            '%s imports %s' % (path, name)
            for path, names in package_imports(PROXY).items()
            for name in names
            if name.split('.')[0] not in sys.stdlib_module_names and
            not within(name, PROXY))
        self.assertEqual([], wrong)

    def test_plugin_and_nova_side_never_import_the_proxy(self):
        self.assert_no_import(PLUGIN, (PROXY,))
        self.assert_no_import(NOVA_SIDE, (PROXY,))

    def test_lab_imports_only_the_cloud_and_the_plugin(self):
        self.assert_no_import(LAB, (NOVA_SIDE, PROXY))

    def test_nothing_imports_the_lab(self):
        for package in (PLUGIN, NOVA_SIDE, CLOUD, PROXY):
            self.assert_no_import(package, (LAB,))

    def test_the_checker_sees_imports(self):
        # A guard against a checker that finds nothing and so always passes.
        imports = package_imports(NOVA_SIDE)
        self.assertIn(CATALOGUE, set().union(*imports.values()))
        self.assertIn('nova.virt.fake', set().union(*imports.values()))
        lab = set().union(*package_imports(LAB).values())
        self.assertIn('resize_tempest_cloud.results', lab)
        self.assertIn('resize_tempest_lab.common', lab)

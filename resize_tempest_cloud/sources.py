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

"""A developer's checkouts in the cloud's virtualenv, and what runs.

``up --source nova=PATH`` installs that checkout in development mode
(``pip install --no-deps -e PATH``), so ``restart`` picks up its edits;
``status`` shows each project's version and, for a checkout, its commit.
"""

import importlib.metadata
import importlib.util
import os
import site
import subprocess
import sys

from resize_tempest_cloud import procs

# Project name on the command line -> its distribution.
PROJECTS = {'nova': 'nova', 'placement': 'openstack-placement',
            'keystone': 'keystone', 'glance': 'glance',
            'neutron': 'neutron', 'tempest': 'tempest'}


def parse(spec):
    """(project, absolute path) of a NAME=PATH argument.

    :raises procs.CloudError: an unknown project or a path that is not a
        Python project.
    """
    name, sep, path = spec.partition('=')
    if not sep or name not in PROJECTS:
        raise procs.CloudError('--source takes NAME=PATH with NAME one of '
                               '%s, not %r' % (', '.join(sorted(PROJECTS)),
                                               spec))
    path = os.path.abspath(os.path.expanduser(path))
    if not any(os.path.exists(os.path.join(path, marker))
               for marker in ('setup.py', 'setup.cfg', 'pyproject.toml')):
        raise procs.CloudError('--source %s: %s is not a Python project '
                               '(no setup.py, setup.cfg or pyproject.toml)'
                               % (name, path))
    return name, path


def install(layout, sources):
    """Install each checkout in development mode, without its deps.

    Its requirements stay those of the release the cloud pins, so only
    the project itself changes.
    """
    layout.make_dirs()
    for name, path in sorted(sources.items()):
        procs.run(layout, 'pip-%s' % name, [
            sys.executable, '-m', 'pip', 'install', '--quiet', '--no-deps',
            '-e', path], timeout=900)
    # This process finds the checkouts too (their .pth files), as the
    # services it starts will.
    for directory in site.getsitepackages():
        site.addsitedir(directory)
    importlib.invalidate_caches()


def checkout_of(module):
    """The project directory a package is imported from, if a checkout.

    A release lives in site-packages; a development install (pip's -e, or
    tox's) imports the package from the checkout itself.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    package_dir = os.path.realpath(list(spec.submodule_search_locations)[0])
    installed = [os.path.realpath(path) for path in site.getsitepackages()]
    if any(package_dir.startswith(path + os.sep) for path in installed):
        return None
    return os.path.dirname(package_dir)


def describe(name):
    """'34.0.0', or '34.1.0.dev3 (checkout PATH at <commit>)'."""
    distribution = PROJECTS[name]
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return 'not installed'
    path = checkout_of(name)
    if not path:
        return version
    try:
        commit = subprocess.run(
            ['git', '-C', path, 'rev-parse', '--short', 'HEAD'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            timeout=10).stdout.strip() or 'no git commit'
    except (OSError, subprocess.TimeoutExpired):
        commit = 'no git commit'
    return '%s (checkout %s at %s)' % (version, path, commit)

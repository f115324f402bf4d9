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

"""The OpenStack releases the embedded cloud can run, one virtualenv each.

Each maintained release has a pins file, ``releases/<NAME>.txt``: every
package of that release's cloud at one version (derived from what pip
resolves under the release's upper-constraints; see the file's header).
The newest release is what ``tox -e cloud`` installs.  For another,
``--release NAME`` builds a virtualenv from its pins once, cached under
~/.cache/resize-tempest-plugin/venvs/ and keyed by the pins file, installs
this project into it in development mode, and runs the same command from
there.
"""

import hashlib
import importlib.metadata
import os
import sys

from resize_tempest_cloud import procs
from resize_tempest_cloud import schema

PINS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        'releases')
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Installing a release from its pins takes a few minutes the first time.
INSTALL_TIMEOUT = 1800
# Set in a command started in a release's virtualenv: it runs there.
CHILD = 'RESIZE_CLOUD_IN_RELEASE'


def names():
    """Every release with a pins file, oldest first ('2025.2', ...)."""
    found = [name[:-len('.txt')] for name in os.listdir(PINS_DIR)
             if name.endswith('.txt')]
    return sorted(found, key=lambda name: tuple(map(int, name.split('.'))))


def newest():
    return names()[-1]


def pins_file(name):
    if name not in names():
        raise procs.CloudError('no release %r: choose one of %s' % (
            name, ', '.join(names())))
    return os.path.join(PINS_DIR, name + '.txt')


def pins(name):
    """{distribution (lower case): version} of a release's pins file."""
    found = {}
    with open(pins_file(name)) as lines:
        for line in lines:
            line = line.split('#', 1)[0].strip()
            if '==' in line:
                package, _, version = line.partition('==')
                found[package.strip().lower()] = version.strip()
    return found


def current():
    """The release whose Nova this interpreter runs, or None."""
    try:
        nova = importlib.metadata.version('nova')
    except importlib.metadata.PackageNotFoundError:
        return None
    for name in names():
        if pins(name).get('nova') == nova:
            return name
    return None


def venv_dir(name):
    """Keyed by the pins file and by this source tree, which it runs."""
    digest = hashlib.sha256(PROJECT_ROOT.encode())
    with open(pins_file(name), 'rb') as f:
        digest.update(f.read())
    digest = digest.hexdigest()[:12]
    return os.path.join(schema.cache_dir(), 'venvs', '%s-%s' % (
        name, digest))


def ensure_venv(layout, name):
    """The Python of the release's virtualenv, built once if missing."""
    root = venv_dir(name)
    python = os.path.join(root, 'bin', 'python')
    ready = os.path.join(root, '.complete')
    if os.path.exists(ready):
        return python
    print('installing release %s into %s (once) ...' % (name, root),
          flush=True)
    layout.make_dirs()
    for argv in _install_commands(root, python, name):
        procs.run(layout, 'venv-%s' % name, argv, timeout=INSTALL_TIMEOUT)
    with open(ready, 'w') as f:
        f.write(name + '\n')
    return python


def interpreter(layout, name, settings):
    """The Python a command must run in, or None for this one.

    A named release runs in its virtualenv (this one, if this one has its
    Nova); without a name, a cloud runs in the Python that started it.
    """
    if name:
        pins_file(name)
        return sys.executable if current() == name else ensure_venv(
            layout, name)
    if settings and os.path.exists(settings.get('python') or ''):
        return settings['python']
    return None


def _uv():
    """uv's executable, when the launcher's virtualenv has it."""
    try:
        import uv
    except ImportError:
        return None
    return uv.find_uv_bin()


def _install_commands(root, python, name):
    """Commands that make the release's virtualenv: uv's, else pip's.

    uv installs the pins in seconds where pip takes minutes; the
    virtualenv gets pip too (``--seed``), for ``--source`` checkouts.
    """
    uv = _uv()
    if uv:
        install = [uv, 'pip', 'install', '--quiet', '--python', python]
        return [[uv, 'venv', '--quiet', '--seed', '--clear', '--python',
                 sys.executable, root],
                install + ['-r', pins_file(name)],
                install + ['--no-deps', '-e', PROJECT_ROOT]]
    install = [python, '-m', 'pip', 'install', '--quiet',
               '--disable-pip-version-check']
    return [[sys.executable, '-m', 'venv', '--clear', root],
            install + ['-r', pins_file(name)],
            install + ['--no-deps', '-e', PROJECT_ROOT]]


def run_in(python, argv):
    """Become the cloud CLI with ``argv`` in another Python.

    The process is replaced, so signals reach the command itself and its
    clean-up runs as it would here.
    """
    env = dict(os.environ, **{CHILD: '1'})
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(python, [python, '-m', 'resize_tempest_cloud.cli'] +
              list(argv), env)


def in_cached_venv():
    """Whether this Python is a release virtualenv of the cache."""
    return os.path.dirname(sys.prefix) == os.path.join(
        schema.cache_dir(), 'venvs')

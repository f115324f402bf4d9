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

"""The Debian packages the cloud needs (MariaDB, RabbitMQ), installed once."""

import os
import shutil

from resize_tempest_cloud import procs

PACKAGES = ('mariadb-server', 'rabbitmq-server')
INSTALL = ['apt-get', 'install', '-y'] + list(PACKAGES)
UPDATE = ['apt-get', 'update']
# The real server script: /usr/sbin/rabbitmq-server switches to the system
# rabbitmq user and directories.
RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
TOOLS = ('mariadbd', 'mariadb-install-db', 'mariadb', 'mariadb-dump',
         'epmd', RABBITMQ_SERVER)
_SEARCH_PATH = os.pathsep.join([os.environ.get('PATH', ''), '/usr/sbin',
                                '/usr/bin', '/sbin', '/bin'])
# Debian's way to keep the system's services from starting on install.
_POLICY_RC_D = '/usr/sbin/policy-rc.d'


def tool(name):
    """Absolute path of a tool, or None."""
    return shutil.which(name, path=_SEARCH_PATH)


def missing_tools():
    return [name for name in TOOLS if not tool(name)]


def ensure(layout):
    """Install the packages if a tool is missing (root only)."""
    missing = missing_tools()
    if not missing:
        return
    command = ' '.join(INSTALL)
    if os.geteuid() != 0:
        raise procs.CloudError('missing %s; install them first with: sudo %s'
                               % (', '.join(missing), command))
    if not tool('apt-get'):
        raise procs.CloudError('missing %s and no apt-get here: install '
                               'MariaDB and RabbitMQ' % ', '.join(missing))
    env = {'DEBIAN_FRONTEND': 'noninteractive'}
    guard = not os.path.exists(_POLICY_RC_D)
    if guard:
        with open(_POLICY_RC_D, 'w') as f:
            f.write('#!/bin/sh\nexit 101\n')
        os.chmod(_POLICY_RC_D, 0o755)
    try:
        try:
            procs.run(layout, 'apt-get', INSTALL, env, timeout=900)
        except procs.CloudError:
            procs.run(layout, 'apt-get', UPDATE, env, timeout=900)
            procs.run(layout, 'apt-get', INSTALL, env, timeout=900)
    finally:
        if guard:
            os.unlink(_POLICY_RC_D)
    missing = missing_tools()
    if missing:
        raise procs.CloudError('%s still missing after %s' % (
            ', '.join(missing), command), layout.log('apt-get'))

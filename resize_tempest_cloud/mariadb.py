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

"""A private MariaDB server: own datadir, socket and port on 127.0.0.1."""

import os
import pwd
import shutil
import subprocess

from resize_tempest_cloud import packages
from resize_tempest_cloud import procs

NAME = 'mariadb'
DATABASES = ('keystone', 'placement', 'glance', 'neutron', 'nova_api',
             'nova_cell0', 'nova_cell1')
DB_USER = 'cloud'


class MariaDB(object):
    """The cloud's database server and its admin client."""

    def __init__(self, layout, port, password):
        self.layout = layout
        self.datadir = layout.data('mariadb')
        self.socket = layout.mysql_socket
        self.port = port
        self.password = password
        # mariadb-install-db gives the OS user running it socket access.
        self.admin = pwd.getpwuid(os.getuid()).pw_name

    def url(self, database):
        return 'mysql+pymysql://%s:%s@127.0.0.1:%d/%s?charset=utf8' % (
            DB_USER, self.password, self.port, database)

    def _root_args(self):
        return ['--user=root'] if os.geteuid() == 0 else []

    def initialize(self, abort=None):
        shutil.rmtree(self.datadir, ignore_errors=True)
        procs.run(self.layout, 'mariadb-install-db', [
            packages.tool('mariadb-install-db'), '--no-defaults',
            '--datadir=%s' % self.datadir,
            '--auth-root-authentication-method=socket',
            '--skip-test-db'] + self._root_args(), abort=abort)

    def start(self):
        return procs.spawn(self.layout, NAME, [
            packages.tool('mariadbd'), '--no-defaults',
            '--datadir=%s' % self.datadir,
            '--socket=%s' % self.socket,
            '--port=%d' % self.port,
            '--bind-address=127.0.0.1',
            '--pid-file=%s' % self.layout.path('run', 'mariadbd.pid'),
            '--skip-name-resolve',
            '--skip-log-bin',
            '--max-connections=1000',
            '--character-set-server=utf8mb3',
            '--collation-server=utf8mb3_general_ci',
            '--innodb-buffer-pool-size=128M',
            '--innodb-flush-log-at-trx-commit=0',
            '--innodb-doublewrite=0',
            '--performance-schema=OFF',
        ] + self._root_args())

    def _client(self, program):
        return [packages.tool(program), '--no-defaults',
                '--socket=%s' % self.socket,
                '--user=%s' % self.admin]

    def sql(self, statement, check=True):
        """Run SQL as the admin; return its tab-separated output."""
        result = subprocess.run(
            self._client('mariadb') + ['-N', '-B', '-e', statement],
            capture_output=True, text=True)
        if check and result.returncode:
            raise procs.CloudError('SQL failed: %s' % (
                result.stderr.strip().splitlines() or ['?'])[-1],
                self.layout.log(NAME))
        return result.stdout if result.returncode == 0 else None

    def ready(self):
        return (os.path.exists(self.socket) and
                self.sql('SELECT 1', check=False) is not None)

    def create_databases(self):
        """Create the service databases and their user (generated password)."""
        statements = ['CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET '
                      'utf8mb3 COLLATE utf8mb3_general_ci' % db
                      for db in DATABASES]
        statements.append("CREATE OR REPLACE USER '%s'@'127.0.0.1' "
                          "IDENTIFIED BY '%s'" % (DB_USER, self.password))
        statements.extend("GRANT ALL ON `%s`.* TO '%s'@'127.0.0.1'"
                          % (db, DB_USER) for db in DATABASES)
        self.sql('; '.join(statements))

    def dump(self, path):
        """Write the service databases to ``path`` (atomically)."""
        with open(path + '.tmp', 'wb') as out:
            result = subprocess.run(
                self._client('mariadb-dump') + [
                    '--single-transaction', '--skip-dump-date',
                    '--databases'] + list(DATABASES),
                stdout=out, stderr=subprocess.PIPE)
        if result.returncode:
            os.unlink(path + '.tmp')
            raise procs.CloudError('mariadb-dump failed: %s'
                                   % result.stderr.decode().strip())
        os.replace(path + '.tmp', path)

    def restore(self, path):
        with open(path, 'rb') as dump:
            result = subprocess.run(self._client('mariadb'), stdin=dump,
                                    capture_output=True)
        if result.returncode:
            raise procs.CloudError('restoring %s failed: %s' % (
                path, result.stderr.decode().strip()), self.layout.log(NAME))

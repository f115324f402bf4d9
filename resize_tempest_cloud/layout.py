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

"""Where the embedded cloud keeps its files, ports, settings and secrets."""

import hashlib
import json
import os
import secrets

DEFAULT_BASE_PORT = 24300
PORT_BLOCK = 10
# Offsets from the base port; nothing of ours listens outside the block.
PORT_OFFSETS = {
    'mariadb': 0,
    'rabbitmq': 1,
    'rabbitmq-dist': 2,
    'epmd': 3,
    'keystone': 4,
    'placement': 5,
    'glance': 6,
    'neutron': 7,
    'nova-api': 8,
    'placement-proxy': 9,
}
SECRET_NAMES = ('db_password', 'rabbit_password', 'admin_password',
                'service_password')
# Runtime data that every ``up`` recreates from scratch.
RUNTIME_DIRS = ('etc', 'data', 'run', 'logs')


def default_state_dir():
    return os.environ.get('RESIZE_CLOUD_DIR') or os.path.join(
        os.getcwd(), '.resize-cloud')


def ports_for(base_port):
    return {name: base_port + offset for name, offset in PORT_OFFSETS.items()}


def write_private(path, text):
    """Write a file only its owner can read, atomically."""
    fd = os.open(path + '.tmp', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    os.replace(path + '.tmp', path)


class Layout(object):
    """Paths inside one state directory."""

    def __init__(self, root):
        self.root = os.path.realpath(root)

    @property
    def cloud_id(self):
        """Value of the environment tag carried by all our processes."""
        return self.root

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def etc(self, *parts):
        return self.path('etc', *parts)

    def data(self, *parts):
        return self.path('data', *parts)

    def log(self, name):
        return self.path('logs', name + '.log')

    def pidfile(self, name):
        return self.path('run', name + '.pid')

    @property
    def mysql_socket(self):
        sock = self.path('run', 'mysqld.sock')
        if len(sock) < 100:
            return sock
        # Unix socket paths are limited to 108 bytes.
        digest = hashlib.sha1(self.root.encode()).hexdigest()[:12]
        return '/tmp/resize-cloud-%s.sock' % digest

    @property
    def workspace(self):
        return self.path('tempest')

    @property
    def reports(self):
        return self.path('reports')

    def make_dirs(self):
        for name in RUNTIME_DIRS + ('reports',):
            os.makedirs(self.path(name), exist_ok=True)
        os.chmod(self.root, 0o700)

    def load_settings(self):
        """Settings of the last ``up`` in this state dir, or None."""
        try:
            with open(self.path('cloud.json')) as f:
                return json.load(f)
        except FileNotFoundError:
            return None

    def save_settings(self, settings):
        write_private(self.path('cloud.json'),
                      json.dumps(settings, indent=2, sort_keys=True))

    def secrets(self):
        """Generated passwords, created once per state dir (mode 0600)."""
        path = self.path('secrets.json')
        try:
            with open(path) as f:
                values = json.load(f)
        except FileNotFoundError:
            values = {}
        missing = [name for name in SECRET_NAMES if name not in values]
        if missing:
            for name in missing:
                values[name] = secrets.token_hex(16)
            os.makedirs(self.root, exist_ok=True)
            write_private(path, json.dumps(values, indent=2))
        return values

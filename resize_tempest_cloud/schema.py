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

"""Database schemas: migrate once, then restore from a versioned cache.

The cache is a dump of the freshly migrated databases (no users, no
passwords: Nova's cell mappings are URL templates) kept under
~/.cache/resize-tempest-plugin/, keyed by the installed package versions.
"""

import concurrent.futures
import hashlib
import importlib.metadata
import json
import os
import subprocess

from resize_tempest_cloud import configs
from resize_tempest_cloud import packages
from resize_tempest_cloud import procs

PACKAGES = ('nova', 'openstack-placement', 'keystone', 'glance', 'neutron')
CACHE_FORMAT = 1


def cache_dir():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache')
    return os.path.join(base, 'resize-tempest-plugin')


def versions():
    found = {name: importlib.metadata.version(name) for name in PACKAGES}
    found['mariadb'] = subprocess.run(
        [packages.tool('mariadbd'), '--version'], capture_output=True,
        text=True).stdout.strip()
    found['format'] = CACHE_FORMAT
    return found


def cache_file(found):
    digest = hashlib.sha256(
        json.dumps(found, sort_keys=True).encode()).hexdigest()[:16]
    return os.path.join(cache_dir(), 'schema-%s.sql' % digest)


def _migrations(cfg):
    """Independent chains of schema commands, as lists of (name, argv)."""
    def conf(service, name):
        return ['--config-file', cfg.path(service, name)]

    nova = [procs.venv_bin('nova-manage')]
    for path in cfg.nova_confs:
        nova += ['--config-file', path]
    return [
        [('db-sync-keystone', [procs.venv_bin('keystone-manage')] +
          conf('keystone', 'keystone.conf') + ['db_sync'])],
        [('db-sync-placement', [procs.venv_bin('placement-manage')] +
          conf('placement', 'placement.conf') + ['db', 'sync'])],
        [('db-sync-glance', [procs.venv_bin('glance-manage')] +
          conf('glance', 'glance-api.conf') + ['db_sync'])],
        [('db-sync-neutron', [procs.venv_bin('neutron-db-manage')] +
          conf('neutron', 'neutron.conf') + ['upgrade', 'heads'])],
        [('db-sync-nova-api', nova + ['api_db', 'sync']),
         ('db-map-cell0', nova + [
             'cell_v2', 'map_cell0', '--database_connection',
             configs.CELL_DB_TEMPLATE % 'nova_cell0']),
         ('db-sync-nova', nova + ['db', 'sync']),
         ('db-create-cell1', nova + [
             'cell_v2', 'create_cell', '--name', 'cell1',
             '--database_connection',
             configs.CELL_DB_TEMPLATE % 'nova_cell1',
             '--transport-url', configs.CELL_MQ_TEMPLATE])],
    ]


def migrate(cfg, abort):
    def run_chain(chain):
        for name, argv in chain:
            procs.run(cfg.layout, name, argv, abort=abort)

    chains = _migrations(cfg)
    with concurrent.futures.ThreadPoolExecutor(len(chains)) as pool:
        futures = [pool.submit(run_chain, chain) for chain in chains]
        for future in concurrent.futures.as_completed(futures):
            if future.exception() is not None:
                abort.set()
                raise future.exception()


def prepare(cfg, db, abort):
    """Fill the empty databases; return True if it came from the cache."""
    found = versions()
    path = cache_file(found)
    if os.path.exists(path):
        db.restore(path)
        return True
    migrate(cfg, abort)
    os.makedirs(cache_dir(), exist_ok=True)
    db.dump(path)
    with open(path[:-len('.sql')] + '.json', 'w') as f:
        json.dump(found, f, indent=2, sort_keys=True)
    return False

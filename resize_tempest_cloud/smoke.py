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

"""A smoke check of a running cloud: boot, resize, confirm, allocations.

Proves the cloud can do what the scenarios need, with plain API calls:
every compute is a hypervisor and a Placement provider; a server boots
(``networks: none``), resizes to the larger flavor on another host, and
after the confirm only the destination holds its allocation.
"""

import time

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import configs
from resize_tempest_cloud import http
from resize_tempest_cloud import procs

COMPUTE_VERSION = {'OpenStack-API-Version': 'compute 2.74',
                   'X-OpenStack-Nova-API-Version': '2.74'}
PLACEMENT_VERSION = {'OpenStack-API-Version': 'placement 1.28'}
TIMEOUT = 60


class SmokeFailure(procs.CloudError):
    pass


def _expect(condition, message, *args):
    if not condition:
        raise SmokeFailure('smoke: ' + message % args)


class _Client(object):
    def __init__(self, cloud):
        self.session = bootstrap.admin_session(cloud.cfg)
        self.nova = configs.url(cloud.ports['nova-api'], '/v2.1')
        self.placement = configs.url(cloud.ports['placement'])
        self.glance = configs.url(cloud.ports['glance'], '/v2')

    def compute(self, method, path, body=None):
        return http.request(self.session, method, self.nova + path, body,
                            headers=COMPUTE_VERSION)[2]

    def placement_get(self, path):
        return http.request(self.session, 'GET', self.placement + path,
                            headers=PLACEMENT_VERSION)[2]

    def allocations(self, consumer, names):
        found = self.placement_get('/allocations/%s' % consumer)
        return {names[rp]: alloc['resources']
                for rp, alloc in found['allocations'].items()}

    def wait_server(self, server_id, status):
        def reached():
            server = self.compute('GET', '/servers/%s' % server_id)['server']
            _expect(server['status'] != 'ERROR', 'server %s went to ERROR: '
                    '%s', server_id, server.get('fault'))
            return server if server['status'] == status else None
        return procs.wait_for('server %s %s' % (server_id, status), reached,
                              TIMEOUT)


def _flavor_resources(flavor):
    _id, _name, vcpus, ram, disk = flavor
    return {'VCPU': vcpus, 'MEMORY_MB': ram, 'DISK_GB': disk}


def live_migrate(client, server_id, source, names, say):
    """Live-migrate the server off ``source``; only the new host holds."""
    held = client.allocations(server_id, names)
    client.compute('POST', '/servers/%s/action' % server_id,
                   {'os-migrateLive': {'host': None,
                                       'block_migration': 'auto'}})

    def completed():
        migration = max(client.compute(
            'GET', '/os-migrations?instance_uuid=%s' % server_id)[
            'migrations'], key=lambda each: each['id'])
        _expect(migration['status'] not in ('error', 'failed'),
                'live migration %s', migration['status'])
        return migration if (migration['migration_type'] == 'live-migration'
                             and migration['status'] == 'completed') else None
    migration = procs.wait_for('live migration completed', completed,
                               TIMEOUT)
    server = client.wait_server(server_id, 'ACTIVE')
    host = server['OS-EXT-SRV-ATTR:host']
    _expect(host != source, 'live-migrated onto its own host %s', host)
    instance = client.allocations(server_id, names)
    _expect(instance == {host: held[source]} and
            not client.allocations(migration['uuid'], names),
            'after the live migration: instance %s, migration %s', instance,
            client.allocations(migration['uuid'], names))
    say('live-migrated to %s: allocations there only %s', host,
        instance[host])


def run(cloud, out=print):
    """Run the smoke check; raise SmokeFailure on the first surprise."""
    client = _Client(cloud)
    hosts = set(cloud.compute_hosts)
    started = time.monotonic()

    def say(message, *args):
        out('  %5.1f s  %s' % (time.monotonic() - started, message % args),
            flush=True)

    hypervisors = {h['hypervisor_hostname'] for h in client.compute(
        'GET', '/os-hypervisors')['hypervisors']}
    _expect(hypervisors == hosts, 'hypervisors %s, expected %s',
            sorted(hypervisors), sorted(hosts))
    say('hypervisors: %s', ', '.join(sorted(hypervisors)))
    providers = client.placement_get('/resource_providers')
    names = {rp['uuid']: rp['name']
             for rp in providers['resource_providers']}
    _expect(hosts <= set(names.values()), 'placement providers %s',
            sorted(names.values()))
    say('placement providers: %s', ', '.join(sorted(names.values())))

    images = http.request(client.session, 'GET', client.glance +
                          '/images?name=' + bootstrap.IMAGE_NAME)[2]
    small, large = bootstrap.FLAVORS
    source = configs.compute_host(1)
    server = client.compute('POST', '/servers', {'server': {
        'name': 'resize-cloud-smoke', 'imageRef': images['images'][0]['id'],
        'flavorRef': small[0], 'networks': 'none', 'host': source}})['server']
    try:
        server = client.wait_server(server['id'], 'ACTIVE')
        say('server %s ACTIVE on %s', server['id'],
            server['OS-EXT-SRV-ATTR:host'])
        client.compute('POST', '/servers/%s/action' % server['id'],
                       {'resize': {'flavorRef': large[0]}})
        server = client.wait_server(server['id'], 'VERIFY_RESIZE')
        dest = server['OS-EXT-SRV-ATTR:host']
        _expect(dest != source or cloud.settings['same_host'],
                'resized on the same host %s', dest)
        migration = client.compute(
            'GET', '/os-migrations?instance_uuid=%s' % server['id'])[
            'migrations'][0]
        _expect(client.allocations(server['id'], names) ==
                {dest: _flavor_resources(large)},
                'VERIFY_RESIZE: instance allocations %s',
                client.allocations(server['id'], names))
        _expect(client.allocations(migration['uuid'], names) ==
                {source: _flavor_resources(small)},
                'VERIFY_RESIZE: migration allocations %s',
                client.allocations(migration['uuid'], names))
        say('VERIFY_RESIZE on %s; new flavor on %s, old flavor held by '
            'migration %s on %s', dest, dest, migration['uuid'], source)
        client.compute('POST', '/servers/%s/action' % server['id'],
                       {'confirmResize': None})

        def confirmed():
            found = client.compute(
                'GET', '/os-migrations?instance_uuid=%s' % server['id'])
            return found['migrations'][0]['status'] == 'confirmed'
        procs.wait_for('migration confirmed', confirmed, TIMEOUT)
        client.wait_server(server['id'], 'ACTIVE')
        instance = client.allocations(server['id'], names)
        leftover = client.allocations(migration['uuid'], names)
        _expect(instance == {dest: _flavor_resources(large)} and
                not leftover, 'after confirm: instance %s, migration %s',
                instance, leftover)
        say('confirmed: allocations on %s only %s', dest, instance[dest])
        live_migrate(client, server['id'], dest, names, say)
    finally:
        client.compute('DELETE', '/servers/%s' % server['id'])

    def deleted():
        try:
            client.compute('GET', '/servers/%s' % server['id'])
        except http.HttpError as exc:
            return exc.status == 404
        return False
    procs.wait_for('server deleted', deleted, TIMEOUT)
    _expect(not client.allocations(server['id'], names),
            'allocations left after delete')
    say('deleted; no allocation left')

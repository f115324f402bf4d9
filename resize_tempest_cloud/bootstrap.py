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

"""First data of the cloud: admin, service users, catalog, image, flavors."""

from resize_tempest_cloud import configs
from resize_tempest_cloud import http
from resize_tempest_cloud import procs

ADMIN = 'admin'
IMAGE_NAME = 'resize-cloud-tiny'
# (id, name, vcpus, ram MB, disk GB): the resize goes from one to the other.
FLAVORS = (('42', 'resize.small', 1, 64, 1),
           ('84', 'resize.large', 2, 128, 2))
# Same URL for every interface: some clients default to 'internal'.
INTERFACES = ('public', 'internal', 'admin')
# (catalog type, name, port name, path)
CATALOG = (('compute', 'nova', 'nova-api', '/v2.1'),
           ('placement', 'placement', 'placement', ''),
           ('image', 'glance', 'glance', ''),
           ('network', 'neutron', 'neutron', ''))


def keystone_bootstrap(cfg, abort):
    """Create the admin user, project, roles and identity endpoint."""
    procs.run(cfg.layout, 'keystone-bootstrap', [
        procs.venv_bin('keystone-manage'),
        '--config-file', cfg.path('keystone', 'keystone.conf'),
        'bootstrap',
        '--bootstrap-username', ADMIN,
        '--bootstrap-password', cfg.secrets['admin_password'],
        '--bootstrap-project-name', ADMIN,
        '--bootstrap-role-name', ADMIN,
        '--bootstrap-service-name', 'keystone',
        '--bootstrap-region-id', configs.REGION,
        '--bootstrap-public-url', cfg.keystone_url,
        '--bootstrap-internal-url', cfg.keystone_url,
        '--bootstrap-admin-url', cfg.keystone_url], abort=abort)


def admin_session(cfg):
    return http.admin_session(cfg.keystone_url + '/v3',
                              cfg.secrets['admin_password'], ADMIN, ADMIN)


def register_services(cfg, session):
    """Service project and users (admin role) and the API endpoints."""
    keystone = cfg.keystone_url + '/v3'

    def post(path, key, body):
        return http.request(session, 'POST', keystone + path,
                            {key: body})[2][key]['id']

    project = post('/projects', 'project',
                   {'name': configs.SERVICE_PROJECT, 'domain_id': 'default'})
    roles = http.request(session, 'GET', keystone + '/roles')[2]['roles']
    # 'service': keystonemiddleware rejects service tokens without it.
    role_ids = [role['id'] for role in roles
                if role['name'] in (ADMIN, 'service')]
    for name in configs.SERVICE_USERS:
        user = post('/users', 'user', {
            'name': name, 'domain_id': 'default',
            'password': cfg.secrets['service_password'],
            'default_project_id': project})
        for role in role_ids:
            http.request(session, 'PUT', '%s/projects/%s/users/%s/roles/%s'
                         % (keystone, project, user, role))
    for kind, name, port_name, path in CATALOG:
        service = post('/services', 'service', {'type': kind, 'name': name})
        for interface in INTERFACES:
            post('/endpoints', 'endpoint', {
                'service_id': service, 'interface': interface,
                'region_id': configs.REGION,
                'url': configs.url(cfg.ports[port_name], path)})


def upload_image(cfg, session):
    """One public 1 KiB raw image; returns its id."""
    glance = configs.url(cfg.ports['glance'], '/v2/images')
    image = http.request(session, 'POST', glance, {
        'name': IMAGE_NAME, 'disk_format': 'raw',
        'container_format': 'bare', 'visibility': 'public'})[2]
    http.request(session, 'PUT', '%s/%s/file' % (glance, image['id']),
                 data=bytes(1024),
                 headers={'Content-Type': 'application/octet-stream'})
    return image['id']


def create_flavors(cfg, session):
    """The flavors tempest boots and resizes with; returns their ids."""
    nova = configs.url(cfg.ports['nova-api'], '/v2.1/flavors')
    for flavor_id, name, vcpus, ram, disk in FLAVORS:
        http.request(session, 'POST', nova, {'flavor': {
            'id': flavor_id, 'name': name, 'vcpus': vcpus, 'ram': ram,
            'disk': disk}})
    return [flavor[0] for flavor in FLAVORS]

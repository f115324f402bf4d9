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

"""The services' configuration files, written from the cloud's settings."""

import base64
import configparser
import io
import os
import shutil
import sys

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import procs
from resize_tempest_cloud import sources

REGION = 'RegionOne'
CONTROLLER = 'controller'
SERVICE_PROJECT = 'service'
SERVICE_USERS = ('nova', 'placement', 'glance', 'neutron')
# Nova's controller services, by RPC topic.
CONTROLLER_TOPICS = ('conductor', 'scheduler')
# Seconds between two runs of nova-compute's periodic resource task.
UPDATE_RESOURCES_INTERVAL = 3
# Seconds after which a service gives up an RPC call whose receiver died
# (a crash scenario of a stage that answers a call waits that long).
RPC_RESPONSE_TIMEOUT = 20
# Nova's weighers plus the one that lets a flavor name the host tried first.
FIRST_CHOICE_WEIGHERS = ('nova.scheduler.weights.all_weighers,'
                         'resize_tempest_nova.first_choice.'
                         'FirstChoiceWeigher')
# Template for a cell's URL, filled by Nova from its own [database] or
# transport_url, so that cached cell mappings hold no password or port.
CELL_DB_TEMPLATE = ('{scheme}://{username}:{password}@{hostname}:{port}/'
                    '%s?{query}')
CELL_MQ_TEMPLATE = '{scheme}://{username}:{password}@{hostname}:{port}/{path}'


def compute_host(index):
    return 'compute%d' % index


def numa_cells(index):
    """Host NUMA cells the fault driver of compute ``index`` reports.

    compute1 reports two cells and the others one, so that a flavor asking
    for two guest NUMA nodes fits compute1 only: the claim scenarios find a
    destination that rejects it and, with three computes, an alternate
    that takes it.
    """
    return 2 if index == 1 else 1


def url(port, path=''):
    return 'http://127.0.0.1:%d%s' % (port, path)


def data_file(project, name):
    """A file the project's wheel installs under <venv>/etc/<project>/.

    A checkout installed in development mode (``--source``) installs no
    data files: its own etc/<project>/ has them.
    """
    path = os.path.join(sys.prefix, 'etc', project, name)
    checkout = sources.checkout_of(project)
    if checkout:
        # etc/nova/api-paste.ini, but etc/api-paste.ini for neutron.
        candidates = [os.path.join(checkout, 'etc', project, name),
                      os.path.join(checkout, 'etc', name)]
        path = next((each for each in candidates if os.path.exists(each)),
                    candidates[0])
    if not os.path.exists(path):
        raise procs.CloudError('%s not found: is %s installed in this '
                               'virtualenv?' % (path, project))
    return path


def write_ini(path, sections):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    for section, options in sections.items():
        parser[section] = {key: _ini_value(value)
                           for key, value in options.items()}
    text = io.StringIO()
    parser.write(text)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    layout_mod.write_private(path, text.getvalue())
    return path


def _ini_value(value):
    if isinstance(value, bool):
        return 'True' if value else 'False'
    return str(value)


def _write_fernet_repository(path):
    os.makedirs(path, mode=0o700, exist_ok=True)
    for index in ('0', '1'):
        key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        layout_mod.write_private(os.path.join(path, index), key)


class Configs(object):
    """Writes every service's files under <state>/etc and knows their paths."""

    def __init__(self, layout, settings, ports, secrets, db, mq):
        self.layout = layout
        self.settings = settings
        self.ports = ports
        self.secrets = secrets
        self.db = db
        self.mq = mq

    @property
    def keystone_url(self):
        return url(self.ports['keystone'])

    def path(self, service, name):
        return self.layout.etc(service, name)

    @property
    def nova_confs(self):
        """Config files of Nova's controller services (with DB access)."""
        return [self.path('nova', 'nova.conf'),
                self.path('nova', 'nova-db.conf')]

    def compute_conf(self, index):
        return self.path('nova', 'compute%d.conf' % index)

    def controller_conf(self, topic):
        """The file of one controller service (conductor, scheduler)."""
        return self.path('nova', '%s.conf' % topic)

    def placement_via_proxy(self, service):
        """nova.conf [placement] of a service that goes through the proxy.

        The proxy tells the services apart by the path they use (see
        resize_tempest_proxy.server); the name is the service's RPC topic.
        """
        return {'endpoint_override': url(
            self.ports['placement-proxy'], '/svc/%s' % service)}

    def _common(self):
        return {'debug': self.settings['debug']}

    def _service_auth(self, user):
        return {
            'auth_type': 'password',
            'auth_url': self.keystone_url,
            'username': user,
            'password': self.secrets['service_password'],
            'project_name': SERVICE_PROJECT,
            'user_domain_name': 'Default',
            'project_domain_name': 'Default',
            'region_name': REGION,
        }

    def _authtoken(self, user):
        section = self._service_auth(user)
        section['www_authenticate_uri'] = self.keystone_url
        return section

    def write_all(self):
        self.keystone()
        self.placement()
        self.glance()
        self.neutron()
        self.nova()

    def keystone(self):
        fernet = self.path('keystone', 'fernet-keys')
        receipts = self.path('keystone', 'receipt-keys')
        credential = self.path('keystone', 'credential-keys')
        for repository in (fernet, receipts, credential):
            _write_fernet_repository(repository)
        write_ini(self.path('keystone', 'keystone.conf'), {
            'DEFAULT': self._common(),
            'database': {'connection': self.db.url('keystone')},
            'token': {'provider': 'fernet'},
            'fernet_tokens': {'key_repository': fernet},
            'fernet_receipts': {'key_repository': receipts},
            'credential': {'key_repository': credential},
            # bcrypt's default cost makes every tempest login slow.
            'identity': {'password_hash_rounds': 4},
            # Cuts each API call from ~150 ms to ~6 ms (one process).
            'cache': {'enabled': True, 'backend': 'dogpile.cache.memory'},
        })

    def placement(self):
        write_ini(self.path('placement', 'placement.conf'), {
            'DEFAULT': self._common(),
            'placement_database': {'connection': self.db.url('placement')},
            'api': {'auth_strategy': 'keystone'},
            'keystone_authtoken': self._authtoken('placement'),
        })

    def glance(self):
        store = self.layout.data('glance')
        write_ini(self.path('glance', 'glance-api.conf'), {
            'DEFAULT': dict(self._common(), enabled_backends='file:file'),
            'database': {'connection': self.db.url('glance')},
            'glance_store': {'default_backend': 'file'},
            'file': {'filesystem_store_datadir':
                     os.path.join(store, 'images')},
            'os_glance_staging_store': {
                'filesystem_store_datadir': os.path.join(store, 'staging')},
            'os_glance_tasks_store': {
                'filesystem_store_datadir': os.path.join(store, 'tasks')},
            'keystone_authtoken': self._authtoken('glance'),
            'paste_deploy': {
                'flavor': 'keystone',
                'config_file': data_file('glance', 'glance-api-paste.ini')},
            'oslo_concurrency': {'lock_path': os.path.join(store, 'locks')},
        })

    def neutron(self):
        state = self.layout.data('neutron')
        write_ini(self.path('neutron', 'neutron.conf'), {
            'DEFAULT': dict(
                self._common(),
                core_plugin='ml2',
                service_plugins='',
                auth_strategy='keystone',
                api_paste_config=data_file('neutron', 'api-paste.ini'),
                # API server only: no agents, nothing to send RPC to.
                transport_url='fake:/',
                notify_nova_on_port_status_changes=False,
                notify_nova_on_port_data_changes=False,
                state_path=state),
            'database': {'connection': self.db.url('neutron')},
            'keystone_authtoken': self._authtoken('neutron'),
            'ml2': {'type_drivers': 'local,flat',
                    'tenant_network_types': 'local',
                    'mechanism_drivers': '',
                    'extension_drivers': ''},
            'securitygroup': {'enable_security_group': True},
            'oslo_concurrency': {'lock_path': os.path.join(state, 'locks')},
        })

    def nova(self):
        state = self.layout.data('nova')
        # nova.wsgi reads <OS_NOVA_CONFIG_DIR>/api-paste.ini, then nova.conf.
        os.makedirs(self.path('nova', ''), exist_ok=True)
        shutil.copy(data_file('nova', 'api-paste.ini'),
                    self.path('nova', 'api-paste.ini'))
        write_ini(self.path('nova', 'nova.conf'), {
            'DEFAULT': dict(
                self._common(),
                host=CONTROLLER,
                my_ip='127.0.0.1',
                state_path=state,
                transport_url=self.mq.transport_url,
                compute_driver=self.settings['compute_driver'],
                allow_resize_to_same_host=self.settings['same_host'],
                heal_instance_info_cache_interval=-1,
                # A crash scenario waits for one run on every host.
                update_resources_interval=UPDATE_RESOURCES_INTERVAL,
                rpc_response_timeout=RPC_RESPONSE_TIMEOUT,
                # Periodic tasks (host discovery) start at once.
                periodic_fuzzy_delay=0),
            'api': {'auth_strategy': 'keystone'},
            'keystone_authtoken': self._authtoken('nova'),
            'placement': dict(self._service_auth('nova'),
                              valid_interfaces='public'),
            'neutron': dict(self._service_auth('nova'),
                            valid_interfaces='public'),
            'glance': {'region_name': REGION, 'valid_interfaces': 'public'},
            'scheduler': {'discover_hosts_in_cells_interval': 2,
                          'workers': 1},
            'filter_scheduler': {'weight_classes': FIRST_CHOICE_WEIGHERS},
            'conductor': {'workers': 1},
            'compute': {'consecutive_build_service_disable_threshold': 0},
            'vnc': {'enabled': False},
            'oslo_messaging_notifications': {'driver': 'noop'},
            'oslo_concurrency': {'lock_path': os.path.join(state, 'locks')},
        })
        # Computes get no database access, as in a real deployment.
        write_ini(self.path('nova', 'nova-db.conf'), {
            'api_database': {'connection': self.db.url('nova_api')},
            'database': {'connection': self.db.url('nova_cell1')},
        })
        for index in range(1, self.settings['computes'] + 1):
            compute_state = os.path.join(state, compute_host(index))
            os.makedirs(os.path.join(compute_state, 'instances'),
                        exist_ok=True)
            write_ini(self.compute_conf(index), {
                'DEFAULT': {
                    'host': compute_host(index),
                    'state_path': compute_state,
                    'instances_path': os.path.join(compute_state,
                                                   'instances'),
                },
                'oslo_concurrency': {
                    'lock_path': os.path.join(compute_state, 'locks')},
                'resize_fault': {'numa_cells': numa_cells(index)},
                'placement': self.placement_via_proxy(
                    'compute.%s' % compute_host(index)),
            })
        for topic in CONTROLLER_TOPICS:
            write_ini(self.controller_conf(topic), {
                'placement': self.placement_via_proxy(topic)})

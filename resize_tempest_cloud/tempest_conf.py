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

"""The tempest workspace and its tempest.conf, aimed at the cloud."""

import os

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import configs
from resize_tempest_cloud import procs
from resize_tempest_cloud import services
from resize_tempest_plugin import faults


def init_workspace(layout, abort):
    """``tempest init`` the workspace once (registry kept in the state dir).

    A state dir can outlive the virtualenv that first ran ``up`` (tox
    recreates its envs), so the workspace's stestr config is aimed at the
    tempest of this virtualenv every time.
    """
    if not os.path.exists(os.path.join(layout.workspace, '.stestr.conf')):
        procs.run(layout, 'tempest-init', [
            procs.venv_bin('tempest'), 'init',
            '--workspace-path', layout.path('tempest-workspaces.yaml'),
            '--name', 'resize-cloud-%s' % os.path.basename(layout.root),
            layout.workspace], abort=abort)
    aim_stestr_at_this_tempest(layout.workspace)


def aim_stestr_at_this_tempest(workspace):
    """Point the workspace's .stestr.conf at the tempest installed here.

    Written from ``tempest init``'s own template, as that command would,
    less its group_regex: the scenarios share nothing beyond one test, so
    stestr spreads tests, not classes, over its workers (``run`` gives
    the serialized classes a pass of their own, see selection).
    """
    import tempest
    from tempest.cmd import init
    tempest_dir = os.path.dirname(os.path.abspath(tempest.__file__))
    text = init.STESTR_CONF % (os.path.join(tempest_dir, 'test_discover'),
                               tempest_dir)
    with open(os.path.join(workspace, '.stestr.conf'), 'w') as conf:
        conf.write(''.join(line for line in text.splitlines(True)
                           if not line.startswith('group_regex')))


def path(layout):
    return os.path.join(layout.workspace, 'etc', 'tempest.conf')


def write(cfg, image_id, flavor_ids):
    layout, settings = cfg.layout, cfg.settings
    computes = settings['computes']
    stages = (faults.STAGE_NAMES
              if services.compute_uses_fault_driver(settings)
              else faults.PORTABLE_STAGE_NAMES)
    # Hosts stay unset: the scenarios take the host a server boots on as
    # the source, which saves a move per test.
    resize_fault = {
        'enabled': True,
        'available_stages': ','.join(stages),
        'report_dir': layout.reports,
        # nova.conf runs the first-choice weigher (configs.nova).
        'first_choice_weigher': True,
        # The evacuation scenario restarts the source's nova-compute.
        'compute_restart_command': '%s --state-dir %s restart {host}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        # The lost-cast scenarios stop a compute and drop its casts.
        'compute_stop_command': '%s --state-dir %s stop {host}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        # ... and kill one while the proxy holds its request.
        'compute_kill_command': '%s --state-dir %s stop --kill {host}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        'drop_casts_command': '%s --state-dir %s drop-casts {host}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        # The Placement fault scenarios that kill a controller service.
        'service_kill_command': '%s --state-dir %s stop --kill {service}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        'service_restart_command': '%s --state-dir %s restart {service}' % (
            procs.venv_bin('resize-tempest-cloud'), layout.root),
        # A delete here takes a second or two, even at concurrency 4.
        'stuck_timeout': 8,
        # No step of a move on the fake driver is quiet for long, even at
        # concurrency 4.
        'move_stuck_timeout': 30,
        # nova.conf [DEFAULT] update_resources_interval (configs.nova).
        'resource_task_wait': configs.UPDATE_RESOURCES_INTERVAL + 1,
        # nova.conf [DEFAULT] rpc_response_timeout (configs.nova).
        'rpc_timeout': configs.RPC_RESPONSE_TIMEOUT,
        # Nova's services reach Placement through it (configs.nova).
        'placement_proxy_url': configs.url(
            cfg.ports['placement-proxy'], '/control'),
    }
    if settings['same_host']:
        resize_fault['resize_to_same_host'] = True
    scoped = {name: True for name in ('nova', 'placement', 'glance',
                                      'neutron', 'keystone')}
    disabled = ('console_output', 'vnc_console',
                'spice_console', 'serial_console', 'rescue',
                'change_password', 'interface_attach', 'snapshot',
                'shelve_migrate', 'personality', 'config_drive',
                'metadata_service', 'attach_encrypted_volume', 'swap_volume',
                'volume_multiattach', 'block_migration_for_live_migration')
    compute_features = {name: False for name in disabled}
    # Live migration between the fake computes and shelve offload (nova.conf
    # keeps the default shelved_offload_time = 0) work on this cloud.
    compute_features.update(resize=True, cold_migration=True,
                            live_migration=True, shelve=True)
    configs.write_ini(path(layout), {
        'DEFAULT': {'log_dir': layout.path('logs'),
                    'log_file': 'tempest.log'},
        'oslo_concurrency': {'lock_path': os.path.join(layout.workspace,
                                                       'lock')},
        'auth': {
            'admin_username': bootstrap.ADMIN,
            'admin_password': cfg.secrets['admin_password'],
            'admin_project_name': bootstrap.ADMIN,
            'admin_domain_name': 'Default',
            'use_dynamic_credentials': True,
            'create_isolated_networks': False,
        },
        'identity': {'uri_v3': cfg.keystone_url + '/v3',
                     'auth_version': 'v3',
                     'region': configs.REGION},
        'identity-feature-enabled': {'api_v2': False},
        'compute': {
            'image_ref': image_id,
            'image_ref_alt': image_id,
            'flavor_ref': flavor_ids[0],
            'flavor_ref_alt': flavor_ids[1],
            'min_compute_nodes': computes,
            'min_microversion': '2.1',
            'max_microversion': 'latest',
            'build_timeout': 120,
        },
        'compute-feature-enabled': compute_features,
        'placement': {'min_microversion': '1.0',
                      'max_microversion': 'latest'},
        'service_available': {'nova': True, 'glance': True,
                              'neutron': True, 'cinder': False,
                              'swift': False, 'horizon': False},
        'network': {'project_networks_reachable': False,
                    'shared_physical_network': False},
        'network-feature-enabled': {'floating_ips': False},
        'validation': {'run_validation': False},
        'enforce_scope': scoped,
        'resize_fault': resize_fault,
    })
    return path(layout)

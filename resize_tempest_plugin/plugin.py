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

"""How tempest finds the plugin: its tests, options and clients."""

import os

from tempest import config
from tempest.test_discover import plugins

from resize_tempest_plugin import config as resize_config


class ResizeTempestPlugin(plugins.TempestPlugin):
    """Tempest plugin of the resize fault scenarios."""

    def load_tests(self):
        base_path = os.path.split(os.path.dirname(
            os.path.abspath(__file__)))[0]
        test_dir = os.path.join('resize_tempest_plugin', 'tests')
        return os.path.join(base_path, test_dir), base_path

    def register_opts(self, conf):
        config.register_opt_group(conf, resize_config.resize_fault_group,
                                  resize_config.ResizeFaultGroup)

    def get_opt_lists(self):
        return [(group.name, opts)
                for group, opts in resize_config.list_opts()]

    def get_service_clients(self):
        placement_config = config.service_client_config('placement')
        params = {
            'name': 'resize_placement',
            'service_version': 'resize_placement',
            'module_path': 'resize_tempest_plugin.services.placement',
            'client_names': ['AllocationsClient'],
        }
        params.update(placement_config)
        return [params]

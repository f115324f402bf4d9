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

import copy
import os
import tempfile
from unittest import mock

from oslo_config import cfg
from tempest import config as tempest_config
from tempest.test_discover import plugins
import testtools

from resize_tempest_plugin import config
from resize_tempest_plugin import plugin


class ConfigFixtureTest(testtools.TestCase):
    """Tests with a private ConfigOpts holding the plugin's options."""

    def setUp(self):
        super().setUp()
        # A group of its own: overrides stick to the OptGroup object.
        self.conf = cfg.ConfigOpts()
        self.conf.register_group(cfg.OptGroup(config.GROUP_NAME))
        self.conf.register_opts(copy.deepcopy(config.ResizeFaultGroup),
                                group=config.GROUP_NAME)
        self.conf([], project='resize-tempest-plugin-test')

    def load(self, text):
        """The group as read from a tempest.conf holding ``text``."""
        conf_file = tempfile.NamedTemporaryFile('w', suffix='.conf')
        self.addCleanup(conf_file.close)
        conf_file.write('[resize_fault]\n%s\n' % text)
        conf_file.flush()
        self.conf(['--config-file', conf_file.name])
        return self.conf.resize_fault


class ValidateTest(ConfigFixtureTest):

    def test_defaults_run_only_the_portable_stage(self):
        settings = config.validate(self.conf.resize_fault)
        self.assertTrue(settings.enabled)
        self.assertEqual(('scheduling',),
                         tuple(stage.name for stage in settings.stages))
        self.assertTrue(settings.stage_available('scheduling'))
        self.assertFalse(settings.stage_available('finish_resize'))

    def test_timeout_and_interval_default_to_the_build_options(self):
        settings = config.validate(self.conf.resize_fault,
                                   build_timeout=196, build_interval=2)
        self.assertEqual((196, 2), (settings.timeout,
                                    settings.poll_interval))
        settings = config.validate(self.load('timeout = 30\n'
                                             'poll_interval = 0.5'),
                                   build_timeout=196, build_interval=2)
        self.assertEqual((30, 0.5), (settings.timeout,
                                     settings.poll_interval))

    def test_stages_are_parsed_and_deduplicated(self):
        settings = config.validate(self.load(
            'available_stages = finish_resize, scheduling,finish_resize'))
        self.assertEqual(('finish_resize', 'scheduling'),
                         tuple(stage.name for stage in settings.stages))

    def test_unknown_stage_names_option_and_accepted_values(self):
        error = self.assertRaises(
            config.InvalidOption, config.validate,
            self.load('available_stages = finish_migration'))
        message = str(error)
        self.assertIn('[resize_fault] available_stages', message)
        self.assertIn("'finish_migration'", message)
        self.assertIn('scheduling, claim, resize_instance, finish_resize',
                      message)

    def test_namespace_with_colon_is_rejected(self):
        error = self.assertRaises(
            config.InvalidOption, config.validate,
            self.load('extra_spec_namespace = resize:fault'))
        self.assertEqual('extra_spec_namespace', error.option)

    def test_timeout_and_poll_interval_bounds(self):
        error = self.assertRaises(config.InvalidOption, config.validate,
                                  self.load('timeout = 0'))
        self.assertEqual('timeout', error.option)
        error = self.assertRaises(config.InvalidOption, config.validate,
                                  self.load('poll_interval = 0'))
        self.assertEqual('poll_interval', error.option)
        error = self.assertRaises(config.InvalidOption, config.validate,
                                  self.load('timeout = 5\n'
                                            'poll_interval = 6'))
        self.assertIn('at most timeout', str(error))

    def test_hosts_must_differ(self):
        error = self.assertRaises(
            config.InvalidOption, config.validate,
            self.load('source_host = compute1\ndest_host = compute1'))
        self.assertIn('a host other than source_host', str(error))

    def test_malformed_integer_names_the_option(self):
        error = self.assertRaises(config.InvalidOption, config.validate,
                                  self.load('timeout = soon'))
        self.assertIn('timeout', str(error))


class PluginTest(testtools.TestCase):

    def test_load_tests_points_at_the_tempest_tests_only(self):
        test_dir, top_dir = plugin.ResizeTempestPlugin().load_tests()
        self.assertEqual(os.path.join(top_dir, 'resize_tempest_plugin',
                                      'tests'), test_dir)
        self.assertTrue(os.path.isdir(test_dir))
        self.assertNotIn('unit_tests', test_dir)

    def test_register_opts_adds_the_group(self):
        conf = cfg.ConfigOpts()
        plugin.ResizeTempestPlugin().register_opts(conf)
        self.addCleanup(conf.reset)
        conf([], project='resize-tempest-plugin-test')
        self.assertEqual('resize_fault',
                         conf.resize_fault.extra_spec_namespace)

    def test_opt_lists_cover_every_option(self):
        ((group, opts),) = plugin.ResizeTempestPlugin().get_opt_lists()
        self.assertEqual('resize_fault', group)
        self.assertEqual(
            {'enabled', 'available_stages', 'extra_spec_namespace',
             'source_host', 'dest_host', 'alternate_host',
             'resize_to_same_host', 'first_choice_weigher',
             'compute_restart_command', 'timeout',
             'poll_interval', 'known_defects_fail', 'report_dir',
             'stuck_timeout', 'move_stuck_timeout', 'resource_task_wait',
             'rpc_timeout',
             'placement_proxy_url', 'compute_stop_command',
             'compute_kill_command',
             'drop_casts_command', 'service_kill_command',
             'service_restart_command'},
            {opt.name for opt in opts})
        for opt in opts:
            self.assertTrue(opt.help, opt.name)

    def test_service_client_registered_for_placement(self):
        with mock.patch.object(tempest_config, 'service_client_config',
                               return_value={'service': 'placement'}):
            (params,) = plugin.ResizeTempestPlugin().get_service_clients()
        self.assertEqual('resize_tempest_plugin.services.placement',
                         params['module_path'])
        self.assertEqual(['AllocationsClient'],
                         params['client_names'])
        self.assertEqual('placement', params['service'])

    def test_entry_point_names_the_plugin_class(self):
        manager = plugins.TempestTestPluginManager()
        ext = manager.ext_plugins['resize-tempest-plugin']
        self.assertIsInstance(ext.obj, plugin.ResizeTempestPlugin)

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

"""``openstack allocation audit``: output formats and exit codes."""

import io
import json
from unittest import mock

import testtools

from resize_tempest_plugin.cmd import audit as audit_cmd
from resize_tempest_plugin.cmd import osc
from resize_tempest_plugin.common import audit
from resize_tempest_plugin.common import audit_collect

PROVIDER = audit.Provider('rp-1', 'compute1', {})
ORPHAN = audit.Finding(audit.ORPHAN, 'consumer-1', 'rp-1', {},
                       {'VCPU': 1}, 'not a server nor a migration')


class FakeApp(object):

    def __init__(self):
        self.stdout = io.StringIO()
        self.stderr = io.StringIO()
        self.client_manager = mock.Mock(interface='public',
                                        region_name='RegionOne')


class AllocationAuditTest(testtools.TestCase):

    def audit(self, *args, result=None, error=None):
        """Run the command on a cloud whose audit gives ``result``."""
        app = FakeApp()
        command = osc.AllocationAudit(app, None)
        parsed = command.get_parser('openstack allocation audit').parse_args(
            list(args))
        with mock.patch.object(audit_cmd, 'SessionApi') as api, \
                mock.patch.object(audit_collect, 'audit_cloud',
                                  side_effect=error,
                                  return_value=(result, [PROVIDER])):
            code = command.run(parsed)
        api.assert_called_once_with(app.client_manager.session, 'public',
                                    'RegionOne')
        return code, app.stdout.getvalue(), app.stderr.getvalue()

    def test_findings_as_json_exit_1(self):
        code, out, _ = self.audit('-f', 'json',
                                  result=audit.Result((ORPHAN,), ()))
        self.assertEqual(audit_cmd.FINDINGS, code)
        (row,) = json.loads(out)
        self.assertEqual({'Kind': 'orphan', 'Consumer': 'consumer-1',
                          'Provider': 'compute1', 'Expected': '-',
                          'Actual': 'VCPU=1',
                          'What': 'not a server nor a migration'}, row)

    def test_a_clean_cloud_exits_0(self):
        code, out, _ = self.audit('-f', 'json', result=audit.Result((), ()))
        self.assertEqual(audit_cmd.CLEAN, code)
        self.assertEqual([], json.loads(out))

    def test_columns_chosen_with_c(self):
        code, out, _ = self.audit('-f', 'csv', '-c', 'Consumer',
                                  result=audit.Result((ORPHAN,), ()))
        self.assertEqual(['"Consumer"', '"consumer-1"'], out.split())

    def test_consumers_in_flux_are_named_on_stderr(self):
        in_flux = audit.InFlux('server-9', 'resize in progress')
        _, _, err = self.audit('-f', 'value',
                               result=audit.Result((), (in_flux,)))
        self.assertIn('server-9 (resize in progress)', err)

    def test_an_error_exits_2_with_its_cause(self):
        code, _, err = self.audit(
            error=audit_cmd.AuditError('no placement endpoint'))
        self.assertEqual(audit_cmd.ERROR, code)
        self.assertIn('error: no placement endpoint', err)

    def test_the_plugin_module_offers_what_openstackclient_loads(self):
        self.assertEqual('1', osc.DEFAULT_API_VERSION)
        self.assertIn(osc.DEFAULT_API_VERSION, osc.API_VERSIONS)
        self.assertTrue(osc.API_VERSION_OPTION.startswith('os_'))
        parser = mock.Mock()
        self.assertIs(parser, osc.build_option_parser(parser))

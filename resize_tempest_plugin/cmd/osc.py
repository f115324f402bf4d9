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

"""``openstack allocation audit``: the audit in the openstack client.

An openstackclient plugin (entry point group ``openstack.cli.extension``,
as osc-placement registers itself): the same read-only audit as
``resize-tempest-audit``, with cliff's output formats (``-f table/json/
yaml/csv/value``, ``-c COLUMN``) and the same exit codes: 0 clean, 1 with
findings, 2 on an error.
"""

from osc_lib.command import command

from resize_tempest_plugin.cmd import audit as audit_cmd
from resize_tempest_plugin.common import audit
from resize_tempest_plugin.common import audit_collect

# What openstackclient asks of a plugin module.
API_NAME = 'resize_audit'
API_VERSION_OPTION = 'os_resize_audit_api_version'
DEFAULT_API_VERSION = '1'
API_VERSIONS = ('1',)


def make_client(instance):
    """The commands use the client manager's session: no client of ours."""
    return None


def build_option_parser(parser):
    """No global options of our own."""
    return parser


class AllocationAudit(command.Lister):
    """List the Placement allocations a correct Nova would not leave.

    Read-only.  Exit code 0 when clean, 1 with findings, 2 on an error.
    """

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--settle-timeout', type=float, default=60.0, metavar='SECONDS',
            help='Wait this long for moves in progress to settle before '
                 'judging (default 60).')
        return parser

    def take_action(self, parsed_args):
        manager = self.app.client_manager
        api = audit_cmd.SessionApi(manager.session, manager.interface,
                                   manager.region_name)
        result, providers = audit_collect.audit_cloud(
            api.get, settle_timeout=parsed_args.settle_timeout)
        self.findings = result.findings
        for each in result.in_flux:
            self.app.stderr.write('in flux (not judged): %s (%s)\n' % (
                each.consumer, each.reason))
        return (tuple(column.capitalize()
                      for column in audit.FINDING_COLUMNS),
                audit.finding_rows(result,
                                   audit_collect.provider_names(providers)))

    def run(self, parsed_args):
        self.findings = ()
        try:
            answer = super().run(parsed_args)
        except audit_cmd.AuditError as error:
            self.app.stderr.write('error: %s\n' % error)
            return audit_cmd.ERROR
        except Exception as error:  # credentials, catalogue, ...
            # 1 means findings: any other failure is an error, 2.
            self.app.stderr.write('error: %s: %s\n' % (
                type(error).__name__, error))
            return audit_cmd.ERROR
        if answer:
            return answer
        return audit_cmd.FINDINGS if self.findings else audit_cmd.CLEAN

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

"""The allocation audit as a tempest test: run it after any test run.

It fails with the findings table when the cloud holds an allocation a
correct Nova would not leave (see resize_tempest_plugin.common.audit), so
any earlier test run (tempest's own move tests included) becomes an
allocation check.
"""

from oslo_serialization import jsonutils
from tempest import config
from tempest.lib import decorators
from tempest.lib import exceptions as lib_exc

from resize_tempest_plugin.common import audit
from resize_tempest_plugin.common import audit_collect
from resize_tempest_plugin.tests import base as tests_base

CONF = config.CONF


class AllocationAuditTest(tests_base.MicroversionedTest):
    """Every compute node's allocations against servers and migrations."""

    credentials = ['admin']
    compute_min_microversion = audit_collect.COMPUTE_MICROVERSION

    def _get(self, service, path):
        if service == 'compute':
            client, path = self.os_admin.servers_client, path.lstrip('/')
        else:
            client = self.os_admin.placement_client
        try:
            _, body = client.get(path)
        except lib_exc.EndpointNotFound:
            raise self.skipException('No %s endpoint in the service '
                                     'catalog.' % service)
        return jsonutils.loads(body)

    @decorators.attr(type='portable')
    @decorators.idempotent_id('d08e0a5d-5a1d-4b4e-8c7f-9c8e9f0a1b8e')
    def test_no_leaked_or_wrong_allocations(self):
        """No orphan, leak, wrong place, wrong amount or missing holding."""
        result, providers = audit_collect.audit_cloud(
            self._get, settle_timeout=CONF.compute.build_timeout,
            max_interval=CONF.compute.build_interval)
        if result.findings:
            self.fail('Placement allocations a correct Nova would not '
                      'leave:\n%s' % audit.format_findings(
                          result, audit_collect.provider_names(providers)))

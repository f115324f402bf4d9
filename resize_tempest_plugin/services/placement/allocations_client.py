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

"""The Placement calls tempest's clients lack."""

from oslo_serialization import jsonutils as json
from tempest.lib.common import rest_client
from tempest.lib.services.placement import base_placement_client


class AllocationsClient(base_placement_client.BasePlacementClient):
    """Allocations by provider, and removal of a consumer's allocations."""

    def list_resource_provider_allocations(self, rp_uuid):
        """List the allocations of every consumer on a resource provider.

        API reference:
        https://docs.openstack.org/api-ref/placement/#list-resource-provider-allocations
        """
        url = '/resource_providers/%s/allocations' % rp_uuid
        resp, body = self.get(url)
        self.expected_success(200, resp.status)
        return rest_client.ResponseBody(resp, json.loads(body))

    def delete_allocations(self, consumer_uuid):
        """Delete every allocation of a consumer (used by cleanups only).

        API reference:
        https://docs.openstack.org/api-ref/placement/#delete-allocations
        """
        resp, body = self.delete('/allocations/%s' % consumer_uuid)
        self.expected_success(204, resp.status)
        return rest_client.ResponseBody(resp, body)

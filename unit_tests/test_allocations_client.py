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

import json
from unittest import mock

from tempest.lib import exceptions as lib_exc
import testtools

from resize_tempest_plugin.services.placement import (
    allocations_client as client_module)


class FakeAuthProvider(object):
    """Stands in for tempest's auth provider object."""

    def auth_request(self, method, url, headers=None, body=None,
                     filters=None):
        return 'http://placement.test' + url, headers, body

    def base_url(self, filters, auth_data=None):
        return 'http://placement.test'

    def get_token(self):
        return 'token'


class FakeResponse(dict):
    """Stands in for the urllib3 response tempest's RestClient reads."""

    def __init__(self, status):
        super().__init__({'status': str(status)})
        self.status = status


class AllocationsClientTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.client = client_module.AllocationsClient(
            FakeAuthProvider(), 'placement', 'RegionOne')

    def test_lists_allocations_of_a_provider(self):
        body = {'resource_provider_generation': 5,
                'allocations': {'c1': {'resources': {'VCPU': 1}}}}
        with mock.patch.object(
                self.client, 'raw_request',
                return_value=(FakeResponse(200),
                              json.dumps(body).encode())) as raw:
            result = self.client.list_resource_provider_allocations('rp1')
        self.assertEqual(body['allocations'], result['allocations'])
        url, method = raw.call_args[0][:2]
        self.assertEqual('GET', method)
        self.assertEqual(
            'http://placement.test/resource_providers/rp1/allocations', url)

    def test_deletes_allocations_of_a_consumer(self):
        with mock.patch.object(self.client, 'raw_request',
                               return_value=(FakeResponse(204), b'')) as raw:
            self.client.delete_allocations('c1')
        url, method = raw.call_args[0][:2]
        self.assertEqual(('http://placement.test/allocations/c1', 'DELETE'),
                         (url, method))

    def test_unexpected_status_raises(self):
        with mock.patch.object(
                self.client, 'raw_request',
                return_value=(FakeResponse(404), b'{"errors": []}')):
            self.assertRaises(lib_exc.NotFound,
                              self.client.list_resource_provider_allocations,
                              'rp1')

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

"""The control API of the Placement fault proxy (resize_tempest_proxy)."""

import json

from tempest.lib.common import http


class ProxyError(Exception):
    """The proxy refused a call; the message is its answer."""


class PlacementFaultsClient(object):
    """Rules of the Placement fault proxy, and what it saw.

    :param url: the control API, e.g. http://127.0.0.1:24309/control
        ([resize_fault] placement_proxy_url).
    """

    def __init__(self, url, timeout=30):
        self.url = url.rstrip('/')
        self._http = http.ClosingHttp(timeout=timeout)

    def _call(self, method, path, body=None, expected=(200,)):
        response, text = self._http.request(
            self.url + path, method,
            body=json.dumps(body) if body is not None else None,
            headers={'Content-Type': 'application/json'})
        if response.status not in expected:
            raise ProxyError('%s %s%s answered %d: %s' % (
                method, self.url, path, response.status,
                text.decode('utf-8', 'replace')))
        return json.loads(text) if text else None

    def add_rule(self, mode, **fields):
        """Register a rule (see resize_tempest_proxy.rules.Rule); its JSON."""
        return self._call('POST', '/rules', dict(fields, mode=mode),
                          expected=(201,))

    def show_rule(self, rule_id):
        return self._call('GET', '/rules/%d' % rule_id)

    def release(self, rule_id):
        """Let the requests a hold rule keeps go on."""
        return self._call('POST', '/rules/%d/release' % rule_id)

    def remove_rule(self, rule_id):
        """Drop a rule (a held request goes on); gone already is fine."""
        self._call('DELETE', '/rules/%d' % rule_id, expected=(204, 404))

    def requests(self, request_id=None):
        """The Placement requests the proxy saw, oldest first."""
        query = '?request_id=%s' % request_id if request_id else ''
        return self._call('GET', '/log' + query)['requests']

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

"""A minimal JSON-over-HTTP client for the cloud's own set-up calls."""

import json
import socket
import urllib.error
import urllib.request

from resize_tempest_cloud import procs


class HttpError(procs.CloudError):
    def __init__(self, method, url, status, body):
        super().__init__('%s %s -> %s: %s' % (method, url, status,
                                              body[:300]))
        self.status = status


def request(method, url, body=None, token=None, headers=None, timeout=30,
            data=None):
    """Send a request; return (status, headers, decoded JSON or None)."""
    all_headers = {'Accept': 'application/json'}
    if body is not None:
        data = json.dumps(body).encode()
        all_headers['Content-Type'] = 'application/json'
    if token:
        all_headers['X-Auth-Token'] = token
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, resp_headers, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        raise HttpError(method, url, exc.code,
                        exc.read().decode(errors='replace'))
    try:
        decoded = json.loads(raw) if raw else None
    except ValueError:
        decoded = None
    return status, resp_headers, decoded


def answers(url, timeout=2):
    """True once something answers ``url`` with a status below 500."""
    try:
        request('GET', url, timeout=timeout)
    except HttpError as exc:
        return exc.status < 500
    except (OSError, socket.timeout, urllib.error.URLError):
        return False
    return True


def get_token(keystone_url, password, user='admin', project='admin'):
    """A project-scoped token for ``user``."""
    _, headers, _ = request('POST', keystone_url + '/v3/auth/tokens', body={
        'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': user, 'domain': {'id': 'default'},
                'password': password}}},
            'scope': {'project': {'name': project,
                                  'domain': {'id': 'default'}}}}})
    return headers['X-Subject-Token']

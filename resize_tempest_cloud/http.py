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

"""The one authenticated HTTP client of the cloud and its tools.

A keystoneauth1 session as the cloud's admin user; requests take absolute
URLs, so they also work before the catalogue exists.
"""

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

from resize_tempest_cloud import procs


class HttpError(procs.CloudError):
    def __init__(self, method, url, status, body):
        super().__init__('%s %s -> %s: %s' % (method, url, status,
                                              body[:300]))
        self.status = status


def admin_session(auth_url, password, user='admin', project='admin'):
    """A session of ``user``, scoped to ``project`` (default domain)."""
    return ks_session.Session(auth=v3.Password(
        auth_url=auth_url, username=user, password=password,
        project_name=project, user_domain_id='default',
        project_domain_id='default'))


def session_from_openrc(credentials):
    """A session from OS_* variables, as the openstack client reads them."""
    return ks_session.Session(auth=v3.Password(
        auth_url=credentials['OS_AUTH_URL'],
        username=credentials['OS_USERNAME'],
        password=credentials['OS_PASSWORD'],
        project_name=credentials['OS_PROJECT_NAME'],
        user_domain_id=credentials.get('OS_USER_DOMAIN_ID', 'default'),
        project_domain_id=credentials.get('OS_PROJECT_DOMAIN_ID',
                                          'default')))


def request(session, method, url, body=None, headers=None, timeout=30,
            data=None):
    """Send a request; return (status, headers, decoded JSON or None).

    :raises HttpError: on a status of 400 or more.
    """
    response = session.request(url, method, json=body, data=data,
                               headers=headers, timeout=timeout,
                               raise_exc=False)
    if response.status_code >= 400:
        raise HttpError(method, url, response.status_code, response.text)
    try:
        decoded = response.json() if response.content else None
    except ValueError:
        decoded = None
    return response.status_code, response.headers, decoded


def answers(url, timeout=2):
    """True once something answers ``url`` with a status below 500."""
    try:
        response = ks_session.Session().get(
            url, authenticated=False, raise_exc=False, timeout=timeout)
    except ks_exc.ClientException:
        return False
    return response.status_code < 500

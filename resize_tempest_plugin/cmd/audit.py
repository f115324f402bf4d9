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

"""resize-tempest-audit: every leaked or wrong Placement allocation.

Read-only: it lists compute node providers with their allocations, every
server and every migration through the APIs, and prints what a correct
Nova would not leave (see resize_tempest_plugin.common.audit).  Exit 0
when clean, 1 with findings, 2 on an error.  Credentials as the openstack
client takes them: clouds.yaml with OS_CLOUD or --os-cloud, or OS_*.

With --delete-orphans it removes the allocations of consumers that are
neither a server nor a migration on a second look, and nothing else.
"""

import argparse
import json
import sys
import time

from resize_tempest_plugin.common import audit
from resize_tempest_plugin.common import audit_collect

CLEAN, FINDINGS, ERROR = 0, 1, 2
CONNECT_RETRIES = 3


class AuditError(Exception):
    """A cause the operator can act on: no Placement, not admin, ..."""


def _parser(config, argv):
    parser = argparse.ArgumentParser(
        prog='resize-tempest-audit', description=__doc__.split('\n')[0])
    parser.add_argument('--format', choices=('table', 'json'),
                        default='table')
    parser.add_argument('--settle-timeout', type=float, default=60.0,
                        help='Seconds to wait for moves in progress to '
                             'settle before judging (default 60).')
    parser.add_argument('--delete-orphans', action='store_true',
                        help='Delete the allocations of consumers that are '
                             'still orphans on a second look.')
    parser.add_argument('--second-look', type=float, default=5.0,
                        help='Seconds between the two looks of '
                             '--delete-orphans (default 5).')
    config.register_argparse_arguments(parser, argv)
    return parser


class SessionApi(object):
    """GETs (and the orphan DELETE) through a keystoneauth1 session."""

    def __init__(self, session, interface, region_name):
        from keystoneauth1 import adapter
        self.calls = 0
        self._clients = {
            service: adapter.Adapter(
                session=session, service_type=service,
                interface=interface, region_name=region_name,
                # A busy API may drop a connection: try it again.
                connect_retries=CONNECT_RETRIES)
            for service in ('compute', 'placement')}
        self._versions = {'compute': audit_collect.COMPUTE_MICROVERSION,
                          'placement': '1.0'}

    def _request(self, method, service, path):
        from keystoneauth1 import exceptions as ks_exc
        self.calls += 1
        try:
            response = self._clients[service].request(
                path, method, microversion=self._versions[service],
                raise_exc=False)
        except ks_exc.EndpointNotFound:
            raise AuditError('no %s endpoint in the service catalog'
                             % service)
        except ks_exc.ConnectFailure as error:
            raise AuditError('cannot reach the %s API: %s' % (service, error))
        if response.status_code in (401, 403):
            raise AuditError('%s %s answered %d: the audit needs admin '
                             'credentials' % (method, path,
                                              response.status_code))
        if response.status_code >= 400:
            raise AuditError('%s %s answered %d: %s' % (
                method, path, response.status_code, response.text[:200]))
        return response.json() if response.content else None

    def get(self, service, path):
        return self._request('GET', service, path)

    def delete_allocations(self, consumer):
        self._request('DELETE', 'placement', '/allocations/%s' % consumer)


def delete_orphans(api, result, second_look, sleep=time.sleep):
    """Delete consumers that are orphans now and on a second look."""
    suspects = {finding.consumer for finding in result.findings
                if finding.kind == audit.ORPHAN}
    if not suspects:
        return []
    sleep(second_look)
    again = audit.audit(*audit_collect.collect(api.get))
    confirmed = sorted(suspects & {finding.consumer
                                   for finding in again.findings
                                   if finding.kind == audit.ORPHAN})
    for consumer in confirmed:
        api.delete_allocations(consumer)
    return confirmed


def run(api, args, out=print):
    started = time.monotonic()
    result, providers = audit_collect.audit_cloud(
        api.get, settle_timeout=args.settle_timeout)
    removed = (delete_orphans(api, result, args.second_look)
               if args.delete_orphans else [])
    seconds = time.monotonic() - started
    if args.format == 'json':
        out(json.dumps({
            'findings': [finding.to_dict() for finding in result.findings],
            'in_flux': [each.__dict__ for each in result.in_flux],
            'deleted_orphans': removed, 'api_calls': api.calls,
            'seconds': round(seconds, 2)}, indent=2, sort_keys=True))
    else:
        out(audit.format_findings(result,
                                  audit_collect.provider_names(providers)))
        for consumer in removed:
            out('deleted the allocations of orphan %s' % consumer)
        out('%d compute nodes, %d findings, %d API calls, %.1f s' % (
            len(providers), len(result.findings), api.calls, seconds))
    return FINDINGS if result.findings else CLEAN


def main(argv=None):
    try:
        from openstack import config as os_config
    except ImportError:
        print('error: resize-tempest-audit needs openstacksdk (pip install '
              '"resize-tempest-plugin[audit]")', file=sys.stderr)
        return ERROR
    argv = sys.argv[1:] if argv is None else argv
    config = os_config.OpenStackConfig()
    args = _parser(config, argv).parse_args(argv)
    try:
        # openstacksdk's configuration loader reads the credentials.
        cloud_region = config.get_one(argparse=args)
        api = SessionApi(cloud_region.get_session(),
                         cloud_region.get_interface(),
                         cloud_region.region_name)
        return run(api, args)
    except AuditError as error:
        print('error: %s' % error, file=sys.stderr)
        return ERROR
    except Exception as error:  # credentials, catalogue, ...
        print('error: %s: %s' % (type(error).__name__, error),
              file=sys.stderr)
        return ERROR


if __name__ == '__main__':
    sys.exit(main())

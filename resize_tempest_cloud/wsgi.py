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

"""WSGI entry points for gunicorn: ``resize_tempest_cloud.wsgi:nova()``.

The APIs parse the process's command line with oslo.config, which rejects
gunicorn's own flags: each factory trims ``sys.argv`` before importing the
application.  The configuration comes from the OS_*_CONFIG_* variables.
"""

import sys


def _trim_argv():
    del sys.argv[1:]


def keystone():
    _trim_argv()
    from keystone.wsgi import api
    return api.application


def placement():
    _trim_argv()
    from placement.wsgi import api
    return api.application


def glance():
    _trim_argv()
    from glance.wsgi import api
    return api.application


def neutron():
    _trim_argv()
    from neutron.wsgi import api
    from sqlalchemy import orm

    # Without this a fresh server answers the first GET /v2.0/ports with
    # 500 (Port has no attribute 'port_forwardings').
    orm.configure_mappers()
    return api.application


def nova():
    _trim_argv()
    from nova.wsgi import osapi_compute
    return osapi_compute.application

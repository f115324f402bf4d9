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

"""What each long-running service of the cloud is: command, port, health."""

import functools
import os
import sys

from resize_tempest_cloud import configs
from resize_tempest_cloud import http
from resize_tempest_cloud import mariadb
from resize_tempest_cloud import procs
from resize_tempest_cloud import rabbit

WSGI = 'resize_tempest_cloud.wsgi'
COMPUTE_LAUNCHER = 'resize_tempest_nova.nova_compute'
FAULT_DRIVER = 'resize_fault.FaultInjectingDriver'
FAKE_DRIVER = 'fake.FakeDriverWithoutFakeNodes'
# The Placement fault proxy between Nova's services and Placement.
PROXY = 'placement-proxy'
# nova-compute's graceful stop waits for in-flight RPC work (minutes, at
# worst); its in-memory fake instances are lost either way.
COMPUTE_GRACE = 3.0
GRACE = 10.0
# nova-conductor and nova-scheduler finish the tasks in progress before
# they stop, for up to oslo.service's graceful_shutdown_timeout (60 s):
# killed sooner, a live migration in progress stayed MIGRATING for good.
CONTROLLER_GRACE = 60.0


def python_path():
    """Make this source tree importable by the children, installed or not."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    current = os.environ.get('PYTHONPATH')
    return here + (os.pathsep + current if current else '')


class Service(object):
    """One long-running process of the cloud.

    :param start: callable returning the started procs.Child.
    :param health: callable, true when the service answers.
    :param leader_pidfile: pid to SIGTERM first (default: our pidfile).
    :param rpc_queue: for Nova's RPC services, the queue it consumes.
    :param infrastructure: database or broker: stopped after the others.
    """

    def __init__(self, name, start, port=None, health=None, grace=GRACE,
                 leader_pidfile=None, rpc_queue=None, infrastructure=False):
        self.name = name
        self.start = start
        self.port = port
        self.health = health
        self.grace = grace
        self.leader_pidfile = leader_pidfile
        self.rpc_queue = rpc_queue
        self.infrastructure = infrastructure

    def health_lost(self):
        return not self.health()


def _command(layout, name, argv, env=None, **kwargs):
    def start():
        return procs.spawn(layout, name, argv, env)
    return Service(name, start, **kwargs)


def _gunicorn(layout, name, port, factory, env, threads=4):
    env = dict(env, PYTHONPATH=python_path())
    argv = [procs.venv_bin('gunicorn'), '--no-control-socket',
            '--workers', '1', '--threads', str(threads),
            '--bind', '127.0.0.1:%d' % port,
            '--timeout', '300', '--graceful-timeout', '5',
            # Close every connection after its response: a client reusing a
            # kept-alive connection just as the server closes it for being
            # idle gets a reset, and Nova's report client then skips an
            # allocation change (seen: a resize's revert left undone).
            '--keep-alive', '0',
            # Nova asks Neutron for the ports of a page of servers in one
            # GET whose URL grows with the page: no limit on its length.
            '--limit-request-line', '0',
            '%s:%s()' % (WSGI, factory)]
    return _command(layout, name, argv, env, port=port,
                    health=lambda: http.answers(configs.url(port, '/')))


def _rpc_service(layout, mq, name, argv, queue, env=None, **kwargs):
    """A Nova RPC service: healthy while it consumes its own queue."""
    return _command(layout, name, argv, env, rpc_queue=queue,
                    health=functools.partial(mq.has_consumer, queue),
                    **kwargs)


def listening(port):
    return port in procs.listening_sockets()


def compute_names(count):
    return ['nova-compute-%d' % index for index in range(1, count + 1)]


def compute_uses_fault_driver(settings):
    return settings['compute_driver'] == FAULT_DRIVER


def build(cfg, db, mq):
    """All services of the cloud, in start order, as {name: Service}."""
    layout, ports = cfg.layout, cfg.ports
    etc = layout.etc
    nova_conf = cfg.path('nova', 'nova.conf')
    controller_args = []
    for path in cfg.nova_confs:
        controller_args += ['--config-file', path]
    services = [
        Service(mariadb.NAME, db.start, port=ports['mariadb'],
                health=db.ready, infrastructure=True),
        Service(rabbit.EPMD, mq.start_epmd, port=ports['epmd'],
                health=functools.partial(listening, ports['epmd']),
                infrastructure=True),
        Service(rabbit.NAME, mq.start, port=ports['rabbitmq'],
                health=mq.ready, leader_pidfile=mq.pidfile,
                infrastructure=True),
        _gunicorn(layout, 'keystone', ports['keystone'], 'keystone',
                  {'OS_KEYSTONE_CONFIG_DIR': etc('keystone')}),
        _gunicorn(layout, 'placement', ports['placement'], 'placement',
                  {'OS_PLACEMENT_CONFIG_DIR': etc('placement')}),
        _command(layout, PROXY, [
            procs.venv_bin('resize-tempest-placement-proxy'),
            '--listen', '127.0.0.1:%d' % ports[PROXY],
            '--upstream', configs.url(ports['placement'])],
            port=ports[PROXY], health=lambda: http.answers(
                configs.url(ports[PROXY], '/control/rules'))),
        _gunicorn(layout, 'glance', ports['glance'], 'glance',
                  {'OS_GLANCE_CONFIG_DIR': etc('glance')}),
        _gunicorn(layout, 'neutron', ports['neutron'], 'neutron',
                  {'OS_NEUTRON_CONFIG_DIR': etc('neutron'),
                   'OS_NEUTRON_CONFIG_FILES': 'neutron.conf'}),
        _gunicorn(layout, 'nova-api', ports['nova-api'], 'nova',
                  {'OS_NOVA_CONFIG_DIR': etc('nova'),
                   'OS_NOVA_CONFIG_FILES': 'api-paste.ini;nova.conf;'
                                           'nova-db.conf',
                   # Nova before 2026.2 monkey patches the API with
                   # eventlet unless told not to, which hangs gunicorn's
                   # threaded worker after its first request.
                   'OS_NOVA_DISABLE_EVENTLET_PATCHING': 'true'}),
    ]
    for topic in configs.CONTROLLER_TOPICS:
        binary = 'nova-' + topic
        services.append(_rpc_service(
            layout, mq, binary, [procs.venv_bin(binary)] + controller_args +
            ['--config-file', cfg.controller_conf(topic)],
            '%s.%s' % (topic, configs.CONTROLLER), grace=CONTROLLER_GRACE))
    if compute_uses_fault_driver(cfg.settings):
        launcher = [sys.executable, '-m', COMPUTE_LAUNCHER]
    else:
        launcher = [procs.venv_bin('nova-compute')]
    for index, name in enumerate(
            compute_names(cfg.settings['computes']), start=1):
        services.append(_rpc_service(
            layout, mq, name,
            launcher + ['--config-file', nova_conf,
                        '--config-file', cfg.compute_conf(index)],
            'compute.%s' % configs.compute_host(index),
            {'PYTHONPATH': python_path()}, grace=COMPUTE_GRACE))
    return {service.name: service for service in services}

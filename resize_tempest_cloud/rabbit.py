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

"""A private RabbitMQ node with its own epmd, all on 127.0.0.1.

The Debian wrapper /usr/sbin/rabbitmq-server switches to the rabbitmq user
and the system's directories, so the real script under /usr/lib/rabbitmq is
run instead, with every path, port, the node name, the Erlang cookie (via
HOME) and the only user and vhost set by us.  No CLI tool is needed: the
user and vhost are the broker's first-boot defaults.
"""

import os

from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import packages
from resize_tempest_cloud import procs

EPMD = 'epmd'
NAME = 'rabbitmq'
USER = 'cloud'
VHOST = 'cloud'


class RabbitMQ(object):
    """The cloud's message broker."""

    def __init__(self, layout, ports, password):
        self.layout = layout
        self.home = layout.data('rabbitmq')
        self.port = ports['rabbitmq']
        self.dist_port = ports['rabbitmq-dist']
        self.epmd_port = ports['epmd']
        self.password = password

    @property
    def transport_url(self):
        return 'rabbit://%s:%s@127.0.0.1:%d/%s' % (
            USER, self.password, self.port, VHOST)

    @property
    def pidfile(self):
        """Written by the broker itself: the beam process to SIGTERM."""
        return self.layout.path('run', 'rabbitmq-beam.pid')

    def _erlang_env(self):
        return {'HOME': self.home,
                'ERL_EPMD_PORT': str(self.epmd_port),
                'ERL_EPMD_ADDRESS': '127.0.0.1'}

    def start_epmd(self):
        return procs.spawn(self.layout, EPMD, [
            packages.tool('epmd'), '-address', '127.0.0.1',
            '-port', str(self.epmd_port)],
            self._erlang_env())

    def _write_config(self):
        os.makedirs(self.home, mode=0o700, exist_ok=True)
        conf = os.path.join(self.home, 'rabbitmq.conf')
        lines = [
            'listeners.tcp.1 = 127.0.0.1:%d' % self.port,
            'default_vhost = %s' % VHOST,
            'default_user = %s' % USER,
            'default_pass = %s' % self.password,
            'default_permissions.configure = .*',
            'default_permissions.read = .*',
            'default_permissions.write = .*',
            'disk_free_limit.absolute = 50MB',
            'log.file = false',
            'log.console = true',
            'log.console.level = warning',
        ]
        layout_mod.write_private(conf, '\n'.join(lines) + '\n')
        plugins = os.path.join(self.home, 'enabled_plugins')
        with open(plugins, 'w') as f:
            f.write('[].\n')
        env_file = os.path.join(self.home, 'rabbitmq-env.conf')
        open(env_file, 'w').close()
        return conf, plugins, env_file

    def start(self):
        conf, plugins, env_file = self._write_config()
        env = self._erlang_env()
        env.update({
            'RABBITMQ_CONF_ENV_FILE': env_file,
            'RABBITMQ_CONFIG_FILE': conf,
            'RABBITMQ_ADVANCED_CONFIG_FILE': os.path.join(
                self.home, 'advanced.config'),
            'RABBITMQ_ENABLED_PLUGINS_FILE': plugins,
            'RABBITMQ_NODENAME': 'cloud%d@localhost' % self.port,
            'RABBITMQ_NODE_IP_ADDRESS': '127.0.0.1',
            'RABBITMQ_NODE_PORT': str(self.port),
            'RABBITMQ_DIST_PORT': str(self.dist_port),
            'RABBITMQ_MNESIA_BASE': os.path.join(self.home, 'mnesia'),
            'RABBITMQ_LOG_BASE': os.path.join(self.home, 'log'),
            'RABBITMQ_PID_FILE': self.pidfile,
            # Distribution on loopback only; no busy-waiting schedulers.
            'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS':
                '-kernel inet_dist_use_interface {127,0,0,1} '
                '+sbwt none +sbwtdcpu none +sbwtdio none',
        })
        return procs.spawn(
            self.layout, NAME, [packages.tool(packages.RABBITMQ_SERVER)], env)

    def _probe(self, query):
        """query(connection) on a fresh connection, or False if it fails."""
        import amqp

        conn = amqp.Connection(
            host='127.0.0.1:%d' % self.port, userid=USER,
            password=self.password, virtual_host=VHOST, connect_timeout=1)
        try:
            conn.connect()
            return query(conn)
        except (OSError, amqp.exceptions.AMQPError):
            return False
        finally:
            try:
                conn.close()
            except (OSError, amqp.exceptions.AMQPError):
                conn.collect()

    def ready(self):
        """True once our user can open a connection to our vhost."""
        return self._probe(lambda conn: True)

    def purge(self, queues):
        """Drop every message waiting in those of ``queues`` that exist.

        :returns: how many messages were dropped in all.
        :raises procs.CloudError: the broker cannot be reached.
        """
        import amqp

        def purge_existing(conn):
            dropped = 0
            for queue in queues:
                channel = conn.channel()
                try:
                    channel.queue_declare(queue, passive=True)
                except amqp.exceptions.NotFound:
                    continue
                dropped += channel.queue_purge(queue) or 0
            return dropped
        dropped = self._probe(purge_existing)
        if dropped is False:
            raise procs.CloudError('RabbitMQ did not purge %s' % ', '.join(
                queues))
        return dropped

    def has_consumer(self, queue):
        """True if something consumes ``queue`` (an RPC server is up)."""
        return self._probe(lambda conn: conn.channel().queue_declare(
            queue, passive=True).consumer_count > 0)

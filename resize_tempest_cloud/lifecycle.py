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

"""Bring the cloud up, report on it, restart parts of it, take it down."""

import concurrent.futures
import functools
import importlib.util
import os
import shutil
import threading
import time

from resize_tempest_cloud import bootstrap
from resize_tempest_cloud import configs
from resize_tempest_cloud import http
from resize_tempest_cloud import layout as layout_mod
from resize_tempest_cloud import mariadb
from resize_tempest_cloud import memory
from resize_tempest_cloud import packages
from resize_tempest_cloud import procs
from resize_tempest_cloud import rabbit
from resize_tempest_cloud import schema
from resize_tempest_cloud import services
from resize_tempest_cloud import tempest_conf

API_TIMEOUT = 120
COMPUTE_TIMEOUT = 180
DB_TIMEOUT = 60
MQ_TIMEOUT = 90
PLACEMENT_VERSION = {'OpenStack-API-Version': 'placement 1.14'}
COMPUTE_VERSION = {'OpenStack-API-Version': 'compute 2.61'}
# Nova services whose restart the compute API must see before the cloud is
# usable again (their binary is their service name less its number).
NOVA_RPC_SERVICES = ('nova-compute', 'nova-conductor', 'nova-scheduler')


def fault_driver_available():
    return all(importlib.util.find_spec(name) is not None for name in (
        services.COMPUTE_LAUNCHER, 'resize_tempest_nova.fault_driver'))


def new_settings(base_port, computes, same_host=False, debug=False,
                 fake_driver=False):
    use_fault = not fake_driver and fault_driver_available()
    return {'base_port': base_port, 'computes': computes,
            'same_host': same_host, 'debug': debug,
            'compute_driver': (services.FAULT_DRIVER if use_fault
                               else services.FAKE_DRIVER)}


class Cloud(object):
    """One embedded cloud, described by the settings of its state dir."""

    def __init__(self, layout, settings):
        self.layout = layout
        self.settings = settings
        self.ports = layout_mod.ports_for(settings['base_port'])
        self.secrets = layout.secrets()
        self.db = mariadb.MariaDB(layout, self.ports['mariadb'],
                                  self.secrets['db_password'])
        self.mq = rabbit.RabbitMQ(layout, self.ports,
                                  self.secrets['rabbit_password'])
        self.cfg = configs.Configs(layout, settings, self.ports,
                                   self.secrets, self.db, self.mq)
        self.services = services.build(self.cfg, self.db, self.mq)

    @property
    def compute_hosts(self):
        return [configs.compute_host(index)
                for index in range(1, self.settings['computes'] + 1)]

    # -- up -----------------------------------------------------------------

    def check_ports_free(self):
        listening = procs.listening_sockets()
        for name, port in sorted(self.ports.items(), key=lambda i: i[1]):
            if port in listening:
                pid, command = procs.socket_owner(listening[port])
                owner = ('pid %d (%s)' % (pid, ' '.join(command.split())[:60])
                         if pid else 'another process')
                raise procs.CloudError(
                    'port %d (%s) is already in use by %s; stop it or '
                    'choose another --base-port' % (port, name, owner))

    def _reset_runtime(self):
        for name in layout_mod.RUNTIME_DIRS:
            shutil.rmtree(self.layout.path(name), ignore_errors=True)
        self.layout.make_dirs()

    def up(self):
        """Start everything; return a summary dict. Stops all on failure."""
        started = time.monotonic()
        self._reset_runtime()
        packages.ensure(self.layout)
        self.check_ports_free()
        self.layout.save_settings(self.settings)
        self.cfg.write_all()
        try:
            result = _Startup(self).run()
            result['conf'] = tempest_conf.write(
                self.cfg, result['image'], result['flavors'])
            self._write_openrc()
        except BaseException:
            self.down()
            raise
        result['seconds'] = time.monotonic() - started
        return result

    def _write_openrc(self):
        lines = ['export OS_AUTH_URL=%s/v3' % self.cfg.keystone_url,
                 'export OS_USERNAME=%s' % bootstrap.ADMIN,
                 'export OS_PASSWORD=%s' % self.secrets['admin_password'],
                 'export OS_PROJECT_NAME=%s' % bootstrap.ADMIN,
                 'export OS_USER_DOMAIN_ID=default',
                 'export OS_PROJECT_DOMAIN_ID=default',
                 'export OS_REGION_NAME=%s' % configs.REGION,
                 'export OS_IDENTITY_API_VERSION=3']
        layout_mod.write_private(self.layout.path('admin-openrc'),
                                 '\n'.join(lines) + '\n')

    def computes_registered(self, session):
        """True once every compute is a Placement provider and mapped."""
        _, _, body = http.request(
            session, 'GET', configs.url(
                self.ports['placement'],
                '/resource_providers?resources=VCPU:1'),
            headers=PLACEMENT_VERSION, timeout=10)
        names = {rp['name'] for rp in body['resource_providers']}
        if not set(self.compute_hosts) <= names:
            return False
        mapped = self.db.sql('SELECT host FROM nova_api.host_mappings')
        return set(self.compute_hosts) <= set(mapped.split())

    # -- down, status, restart -----------------------------------------------

    def down(self):
        """Stop all our processes; see stop_all."""
        return stop_all(self.layout, self.services)

    def status(self):
        """One row per service: name, pids, port, listening, healthy."""
        alive = procs.tagged(self.layout.cloud_id)
        listening = procs.listening_sockets()
        rows = []
        for name, service in self.services.items():
            pids = sorted(pid for pid, svc in alive.items() if svc == name)
            healthy = bool(pids) and (service.health is None or
                                      bool(service.health()))
            rows.append({'name': name, 'pids': pids, 'port': service.port,
                         'listening': service.port in listening,
                         'healthy': healthy})
        for pid, name in sorted(alive.items()):
            if name not in self.services:
                rows.append({'name': name, 'pids': [pid], 'port': None,
                             'listening': False, 'healthy': False})
        for row in rows:
            row['rss_mb'] = memory.usage(row['pids'])[0] // 1024
        return rows

    def _named(self, name):
        """Services called ``name``, or ``name-N`` (e.g. nova-compute).

        A compute host's name (compute1) means its nova-compute.
        """
        if name in self.compute_hosts:
            return [services.compute_names(len(self.compute_hosts))[
                self.compute_hosts.index(name)]]
        return [known for known in self.services
                if known == name or (known.startswith(name + '-') and
                                     known[len(name) + 1:].isdigit())]

    def _chosen(self, names):
        """{name: Service} of the named services, in start order."""
        unknown = [name for name in names if not self._named(name)]
        if unknown:
            raise procs.CloudError('unknown service(s) %s; known: %s' % (
                ', '.join(unknown), ', '.join(self.services)))
        wanted = {known for name in names for known in self._named(name)}
        return {name: service for name, service in self.services.items()
                if name in wanted}

    def stop(self, names, kill=False):
        """Stop services until restart() starts them again.

        An RPC service's queue stays: what is cast to it meanwhile waits
        there (see drop_casts).

        :param kill: SIGKILL at once, as an OOM kill or a host crash: no
            graceful stop finishes the work in progress.
        """
        self._stop_chosen(self._chosen(names), kill)

    def _stop_chosen(self, chosen, kill):
        """Stop ``chosen`` ({name: Service}) until their queues lost them.

        :returns: the names of those killed after their grace period.
        """
        left, forced = stop_all(self.layout, chosen, only_these=True,
                                kill=kill)
        if left:
            raise procs.CloudError('could not stop %s' % ', '.join(
                sorted(set(left.values()))))
        for service in chosen.values():
            if service.rpc_queue:
                # The broker drops a dead consumer promptly; make sure.
                procs.wait_for('%s consumer gone' % service.rpc_queue,
                               service.health_lost, DB_TIMEOUT)
        return forced

    def drop_casts(self, host):
        """Drop what waits in the queue of a host's (stopped) nova-compute.

        :returns: how many messages were dropped.
        """
        if host not in self.compute_hosts:
            raise procs.CloudError('unknown compute host %s; known: %s' % (
                host, ', '.join(self.compute_hosts)))
        # Nova 34 casts some methods (resize_instance, the live migration
        # steps) to the topic of its second RPC server, compute-alt.
        return self.mq.purge(['%s.%s' % (topic, host)
                              for topic in ('compute', 'compute-alt')])

    def restart(self, names, quick=False):
        """Restart services, in start order, each until healthy again.

        A name without its number (nova-compute) means all of them; a
        stopped service is started.

        :param quick: kill them (no graceful stop) and return once they
            answer or take RPC work, without waiting for the Nova
            services' next state report (the first comes 5 s after the
            start).  For services that run no work, as between the
            mutation proof's runs.
        """
        chosen = self._chosen(names)
        reports = None if quick else self._nova_service_reports()
        forced = self._stop_chosen(chosen, kill=quick)
        if forced and not quick:
            print('killed after their grace period: %s' % ', '.join(
                sorted(forced)), flush=True)
        # Started together, in start order, then each awaited.
        children = [(service, service.start()) for service in chosen.values()]
        for service, child in children:
            if service.health:
                procs.wait_for(service.name, service.health, API_TIMEOUT,
                               watch=[child], log=child.log)
        if not quick:
            self.wait_for_nova_services(sorted(chosen), reports)

    def nova_service_key(self, name):
        """(binary, host or None) of a Nova service of ours, or None."""
        for binary in NOVA_RPC_SERVICES:
            if name == binary:
                return binary, None
            if name.startswith(binary + '-'):
                index = int(name[len(binary) + 1:])
                return binary, configs.compute_host(index)
        return None

    def _nova_service_reports(self):
        """{(binary, host): (usable, updated_at)} as the compute API shows.

        A service forced down (an evacuation test does that) counts as
        usable once it reports: the API will not list it up anyway.
        """
        session = bootstrap.admin_session(self.cfg)
        _, _, body = http.request(
            session, 'GET', configs.url(self.ports['nova-api'],
                                        '/v2.1/os-services'),
            headers=COMPUTE_VERSION, timeout=10)
        return {(row['binary'], row['host']): (
            row['state'] == 'up' or row.get('forced_down', False),
            row['updated_at']) for row in body['services']}

    def wait_for_nova_services(self, names, before):
        """Until the compute API shows each Nova service up, reported anew.

        A restarted service is usable once it has reported its state again
        (its updated_at moved on from ``before``) and the API lists it up;
        until then a move that needs it fails (409 "Service is
        unavailable").
        """
        wanted = [key for key in map(self.nova_service_key, names) if key]

        def reported():
            now = self._nova_service_reports()
            return all(
                any(binary == b and host in (None, h) and usable and
                    updated != before.get((b, h), (None, None))[1]
                    for (b, h), (usable, updated) in now.items())
                for binary, host in wanted)

        if wanted:
            procs.wait_for('the compute API to list %s up again'
                           % ', '.join(names), reported, API_TIMEOUT)


def stop_all(layout, known, only_these=False, kill=False):
    """Stop our processes: OpenStack's first, then database and broker.

    Services stuck reconnecting to a stopped broker or database would
    wait out their grace period. With ``only_these``, processes of
    services not in ``known`` are left alone; with ``kill``, no process
    gets a grace period.
    Returns procs.stop's (survivors, services killed after their grace).
    """
    alive = procs.tagged(layout.cloud_id)
    names = set(known) if only_these else set(known) | set(alive.values())
    left, forced = {}, set()
    for infrastructure in (False, True):
        leaders, graces = {}, {}
        for name in names:
            service = known.get(name)
            if bool(service and service.infrastructure) != infrastructure:
                continue
            graces[name] = (0 if kill else service.grace if service
                            else services.GRACE)
            leaders[name] = procs.read_pid(
                (service and service.leader_pidfile) or layout.pidfile(name))
        if graces:
            tier_left, tier_forced = procs.stop(layout.cloud_id, leaders,
                                                graces)
            left.update(tier_left)
            forced |= tier_forced
    if not only_these and not left:
        sock = layout.mysql_socket
        if sock.startswith('/tmp/') and os.path.exists(sock):
            os.unlink(sock)
    return left, forced


class _Startup(object):
    """The start-up as named steps on threads, each waiting for its needs.

    The time each step starts and ends goes to logs/up-timeline.log.
    """

    def __init__(self, cloud):
        self.cloud = cloud
        self.cfg = cloud.cfg
        self.abort = threading.Event()
        self.children = []
        self.errors = []
        self.lock = threading.Lock()
        self.futures = []
        self.began = time.monotonic()
        self.timeline = open(cloud.layout.log('up-timeline'), 'w')
        self.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=20 + cloud.settings['computes'])

    def _mark(self, name, event):
        with self.lock:
            self.timeline.write('%6.2f %-5s %s\n' % (
                time.monotonic() - self.began, event, name))
            self.timeline.flush()

    def step(self, name, func, *deps):
        def run():
            for dep in deps:
                dep.result()
            self._mark(name, 'start')
            try:
                result = func()
            except Exception as exc:
                self._mark(name, 'FAIL')
                with self.lock:
                    self.errors.append(exc)
                self.abort.set()
                raise
            self._mark(name, 'done')
            return result

        future = self.pool.submit(run)
        self.futures.append(future)
        return future

    def start(self, name, timeout=API_TIMEOUT):
        service = self.cloud.services[name]
        child = service.start()
        with self.lock:
            self.children.append(child)
        if service.health:
            procs.wait_for(name, service.health, timeout, watch=[child],
                           abort=self.abort, log=child.log)
        return child

    def database(self):
        db = self.cloud.db
        db.initialize(self.abort)
        self.start(mariadb.NAME, DB_TIMEOUT)
        db.create_databases()
        return schema.prepare(self.cfg, db, self.abort)

    def messaging(self):
        self.start(rabbit.EPMD)
        self.start(rabbit.NAME, MQ_TIMEOUT)

    def catalog(self):
        session = bootstrap.admin_session(self.cfg)
        bootstrap.register_services(self.cfg, session)
        return session

    def computes(self, catalog):
        session = catalog.result()
        procs.wait_for(
            'compute hosts in Placement and cell mappings',
            functools.partial(self.cloud.computes_registered, session),
            COMPUTE_TIMEOUT, watch=self.children, abort=self.abort,
            log=self.cloud.layout.log('nova-compute-1'))

    def run(self):
        step, cfg, partial = self.step, self.cfg, functools.partial

        def start(name, *deps):
            return step(name, partial(self.start, name), *deps)

        try:
            db = step('database', self.database)
            mq = step('messaging', self.messaging)
            step('tempest-init', partial(tempest_conf.init_workspace,
                                         self.cloud.layout, self.abort))
            admin = step('keystone-bootstrap', partial(
                bootstrap.keystone_bootstrap, cfg, self.abort), db)
            catalog = step('catalog', self.catalog,
                           start('keystone', db), admin)
            apis = {name: start(name, db) for name in (
                'placement', 'glance', 'neutron', 'nova-api')}
            # Nova's conductor, scheduler and computes reach Placement
            # through the fault proxy.
            proxy = start(services.PROXY)
            # Nova's services ask Keystone for Placement at start; a
            # compute waits 10 s if its first ping finds no conductor.
            conductor = start('nova-conductor', catalog, mq, proxy)
            nova = [conductor, start('nova-scheduler', catalog, mq, proxy)]
            nova += [start(name, conductor) for name in
                     services.compute_names(self.cloud.settings['computes'])]
            image = step('image', lambda: bootstrap.upload_image(
                cfg, catalog.result()), catalog, apis['glance'])
            flavors = step('flavors', lambda: bootstrap.create_flavors(
                cfg, catalog.result()), catalog, apis['nova-api'])
            step('computes-registered', partial(self.computes, catalog),
                 *nova)
            concurrent.futures.wait(
                self.futures, return_when=concurrent.futures.FIRST_EXCEPTION)
            if self.errors:
                raise self._root_cause()
            concurrent.futures.wait(self.futures)
            if self.errors:
                raise self._root_cause()
            return {'cached_schema': db.result(), 'image': image.result(),
                    'flavors': flavors.result()}
        finally:
            self.abort.set()
            self.pool.shutdown(wait=True)
            self.timeline.close()

    def _root_cause(self):
        with self.lock:
            real = [exc for exc in self.errors
                    if not isinstance(exc, procs.Aborted)]
        return real[0] if real else self.errors[0]

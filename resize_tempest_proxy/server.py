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

"""An HTTP proxy between Nova's services and Placement that injects faults.

Each Nova service reaches Placement through its own path of the proxy
(nova.conf ``[placement] endpoint_override = <proxy>/svc/<service>``), so
a rule can name the service.  ``/control/rules`` takes rules (see
rules.Rule), ``/control/log`` shows the requests seen.  Standard library
only: it runs beside any Nova.
"""

import argparse
import collections
import http.client
import http.server
import json
import logging
import socket
import struct
import sys
import threading
import time
import urllib.parse

from resize_tempest_proxy import rules

LOG = logging.getLogger(__name__)
SERVICE_PREFIX = '/svc/'
CONTROL_PREFIX = '/control/'
# Headers that belong to one connection, not to the request.
HOP_BY_HOP = ('connection', 'keep-alive', 'proxy-connection',
              'transfer-encoding', 'te', 'trailer', 'upgrade', 'host',
              'content-length')
LOG_SIZE = 5000
UPSTREAM_TIMEOUT = 120


class Proxy(object):
    """The proxy's state: where Placement is, the rules, the log."""

    def __init__(self, upstream):
        parsed = urllib.parse.urlsplit(upstream)
        if parsed.scheme != 'http' or not parsed.hostname:
            raise ValueError('the upstream Placement must be an http:// URL, '
                             'not %r' % upstream)
        self.upstream_host = parsed.hostname
        self.upstream_port = parsed.port or 80
        self.upstream_path = parsed.path.rstrip('/')
        self.rules = rules.RuleBook()
        self.log = collections.deque(maxlen=LOG_SIZE)
        self._log_lock = threading.Lock()

    def record(self, request, outcome, rule=None, seconds=0.0):
        with self._log_lock:
            self.log.append({
                'time': time.time(), 'service': request.service,
                'method': request.method, 'path': request.path,
                'request_id': request.request_id, 'outcome': outcome,
                'rule': rule.id if rule else None,
                'seconds': round(seconds, 4)})

    def entries(self, request_id=None, service=None):
        with self._log_lock:
            return [entry for entry in self.log
                    if (request_id is None or
                        entry['request_id'] == request_id) and
                    (service is None or entry['service'] == service)]

    def forward(self, request, headers):
        """Send the request on to Placement: (status, headers, body)."""
        connection = http.client.HTTPConnection(
            self.upstream_host, self.upstream_port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.request(request.method,
                               self.upstream_path + request.path,
                               body=request.body or None, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.getheaders(), answer.read()
        finally:
            connection.close()


def error_body(status, title, detail, code):
    """A body as Placement words its errors."""
    return json.dumps({'errors': [{'status': status, 'title': title,
                                   'detail': detail, 'code': code}]}
                      ).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    """One connection from a Nova service (or a test, for /control/)."""

    protocol_version = 'HTTP/1.1'
    # Headers and body go out as two writes: without this a kept-alive
    # client waits for a delayed ACK (about 40 ms) on every answer.
    disable_nagle_algorithm = True
    proxy = None  # set on the subclass the server makes

    def log_message(self, format, *args):
        LOG.debug('%s ' + format, self.client_address[0], *args)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def _answer(self, status, body=b'', headers=()):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        if not any(name.lower() == 'content-type' for name, _ in headers):
            self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _reset(self):
        """Drop the connection with a TCP reset, answering nothing."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack('ii', 1, 0))
        self.close_connection = True
        self.connection.close()

    def _handle(self):
        body = self._body()
        if self.path.startswith(CONTROL_PREFIX):
            return self._control(body)
        if not self.path.startswith(SERVICE_PREFIX):
            return self._answer(404, error_body(
                404, 'Not Found', 'use %s<service>/... or %s' % (
                    SERVICE_PREFIX, CONTROL_PREFIX),
                'placement.undefined_code'))
        service, _, rest = self.path[len(SERVICE_PREFIX):].partition('/')
        request = rules.Request(
            service=service, method=self.command, path='/' + rest,
            request_id=self.headers.get(rules.REQUEST_ID_HEADER), body=body)
        started = time.monotonic()
        rule = self.proxy.rules.decide(request)
        mode = rule.mode if rule else None
        if mode == rules.REFUSE:
            self.proxy.record(request, 'refused %d' % rule.status, rule)
            return self._answer(rule.status, error_body(
                rule.status, 'Service Unavailable',
                'refused by the fault proxy (rule %d)' % rule.id,
                'placement.undefined_code'))
        if mode == rules.CONFLICT:
            self.proxy.record(request, 'conflict 409', rule)
            return self._answer(409, error_body(
                409, 'Conflict', 'concurrent update refused by the fault '
                'proxy (rule %d)' % rule.id, 'placement.concurrent_update'))
        if mode == rules.RESET:
            self.proxy.record(request, 'reset', rule)
            return self._reset()
        if mode == rules.HOLD:
            rule.holding += 1
            remaining = rule.expires_in - (time.monotonic() - rule.created)
            rule.released.wait(max(remaining, 0))
            rule.holding -= 1
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in HOP_BY_HOP}
        try:
            status, answer_headers, answer = self.proxy.forward(request,
                                                                headers)
        except (OSError, http.client.HTTPException) as error:
            self.proxy.record(request, 'upstream failed: %s' % error, rule,
                              time.monotonic() - started)
            return self._answer(502, error_body(
                502, 'Bad Gateway', str(error), 'placement.undefined_code'))
        if mode == rules.LOST:
            self.proxy.record(request, 'lost %d' % status, rule,
                              time.monotonic() - started)
            return self._reset()
        self.proxy.record(request, str(status), rule,
                          time.monotonic() - started)
        self._answer(status, answer, answer_headers)

    def _control(self, body):
        path = urllib.parse.urlsplit(self.path)
        parts = [part for part in path.path[len(CONTROL_PREFIX):].split('/')
                 if part]
        book = self.proxy.rules
        if parts == ['rules'] and self.command == 'POST':
            try:
                rule = rules.Rule.from_json(json.loads(body or b'null'))
            except (ValueError, TypeError) as error:
                return self._json(400, {'error': str(error)})
            return self._json(201, book.add(rule).to_json())
        if parts == ['rules'] and self.command == 'GET':
            return self._json(200, {'rules': [rule.to_json()
                                              for rule in book.all()]})
        if len(parts) >= 2 and parts[0] == 'rules' and parts[1].isdigit():
            rule_id = int(parts[1])
            if parts[2:] == [] and self.command == 'DELETE':
                return self._json(204 if book.remove(rule_id) else 404)
            rule = book.get(rule_id)
            if rule is None:
                return self._json(404, {'error': 'no rule %d' % rule_id})
            if parts[2:] == [] and self.command == 'GET':
                return self._json(200, rule.to_json())
            if parts[2:] == ['release'] and self.command == 'POST':
                rule.released.set()
                return self._json(200, rule.to_json())
        if parts == ['log'] and self.command == 'GET':
            query = urllib.parse.parse_qs(path.query)
            return self._json(200, {'requests': self.proxy.entries(
                request_id=query.get('request_id', [None])[0],
                service=query.get('service', [None])[0])})
        return self._json(404, {'error': 'unknown control call %s %s'
                                % (self.command, path.path)})

    def _json(self, status, data=None):
        body = json.dumps(data).encode() if data is not None else b''
        self._answer(status, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class ProxyServer(http.server.ThreadingHTTPServer):
    """One thread a connection; a client gone away is one line, no trace."""

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            # A Nova service killed mid-request, or one that closed its
            # kept-alive connection: nothing of the proxy's went wrong.
            LOG.info('client %s:%d went away: %s', client_address[0],
                     client_address[1], error)
            return
        super().handle_error(request, client_address)


def make_server(listen, upstream):
    """A threading HTTP server for the proxy; serve_forever() runs it.

    :param listen: (address, port); port 0 picks a free one.
    :param upstream: Placement's base URL.
    """
    handler = type('ProxyHandler', (Handler,), {'proxy': Proxy(upstream)})
    server = ProxyServer(listen, handler)
    server.daemon_threads = True
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='resize-tempest-placement-proxy',
        description='Forward Nova\'s Placement requests, injecting the '
                    'faults tests register.')
    parser.add_argument('--listen', default='127.0.0.1:0',
                        help='address:port to listen on (default: a free '
                             'port on 127.0.0.1)')
    parser.add_argument('--upstream', required=True,
                        help='Placement\'s base URL, e.g. '
                             'http://127.0.0.1:8778/placement')
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(':')
    if not port.isdigit():
        parser.error('--listen must be address:port, not %r' % args.listen)
    try:
        server = make_server((host or '127.0.0.1', int(port)), args.upstream)
    except ValueError as error:
        parser.error(str(error))
    logging.basicConfig(level=logging.INFO)
    LOG.info('listening on %s:%d, forwarding to %s',
             *server.server_address[:2], args.upstream)
    server.serve_forever()


if __name__ == '__main__':
    main()

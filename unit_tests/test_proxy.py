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

"""The Placement fault proxy: its rules, and each mode on loopback."""

import http.client
import http.server
import io
import json
import threading
from unittest import mock

import testtools

from resize_tempest_proxy import rules
from resize_tempest_proxy import server

CONSUMER = '6f1d3b5e-0c2a-4f6e-9a57-2b8f1c0d9e11'
OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'


def request(service='nova-compute.compute1', method='GET',
            path='/allocations/' + CONSUMER, request_id='req-1', body=b''):
    return rules.Request(service, method, path, request_id, body)


class RuleTest(testtools.TestCase):

    def test_every_given_field_must_match(self):
        rule = rules.Rule(mode=rules.REFUSE, service='nova-compute.compute1',
                          method='get', path=r'^/allocations/',
                          consumer=CONSUMER.upper(), request_id='req-1')
        self.assertTrue(rule.matches(request()))
        self.assertFalse(rule.matches(request(service='nova-conductor')))
        self.assertFalse(rule.matches(request(method='PUT')))
        self.assertFalse(rule.matches(request(path='/traits')))
        self.assertFalse(rule.matches(request(request_id='req-2')))
        self.assertFalse(rule.matches(request(path='/allocations/' + OTHER)))

    def test_a_shared_path_is_each_of_its_services(self):
        rule = rules.Rule(mode=rules.REFUSE, service='scheduler')
        self.assertTrue(rule.matches(request(service='conductor+scheduler')))
        self.assertTrue(rule.matches(request(service='scheduler')))
        self.assertFalse(rule.matches(request(service='conductor')))
        self.assertFalse(rule.matches(request(service='conductor+sched')))

    def test_the_consumer_may_be_named_in_the_body(self):
        rule = rules.Rule(mode=rules.RESET, consumer=OTHER)
        body = json.dumps({'allocations': {OTHER: {}}}).encode()
        self.assertTrue(rule.matches(request(method='POST',
                                             path='/allocations', body=body)))

    def test_the_nth_match_fires_then_times_more(self):
        book = rules.RuleBook()
        rule = book.add(rules.Rule(mode=rules.REFUSE, nth=2, times=2))
        fired = [book.decide(request()) for _ in range(5)]
        self.assertEqual([None, rule, rule, None, None], fired)
        self.assertEqual((5, 2), (rule.matched, rule.fired))

    def test_the_first_rule_that_fires_decides(self):
        book = rules.RuleBook()
        first = book.add(rules.Rule(mode=rules.RESET, method='PUT'))
        second = book.add(rules.Rule(mode=rules.REFUSE))
        self.assertIs(second, book.decide(request()))
        self.assertIs(first, book.decide(request(method='PUT')))

    def test_a_rule_expires(self):
        now = [100.0]
        book = rules.RuleBook(clock=lambda: now[0])
        rule = book.add(rules.Rule(mode=rules.HOLD, expires_in=5))
        now[0] = 105.0
        self.assertIsNone(book.decide(request()))
        self.assertEqual([], book.all())
        self.assertTrue(rule.released.is_set())

    def test_removing_a_rule_lets_a_held_request_go(self):
        book = rules.RuleBook()
        rule = book.add(rules.Rule(mode=rules.HOLD))
        self.assertTrue(book.remove(rule.id))
        self.assertTrue(rule.released.is_set())
        self.assertFalse(book.remove(rule.id))

    def test_an_invalid_rule_names_its_field(self):
        for data, field in (({'mode': 'explode'}, 'mode'),
                            ({'mode': 'refuse', 'status': 404}, 'status'),
                            ({'mode': 'reset', 'nth': 0}, 'nth'),
                            ({'mode': 'reset', 'times': 'x'}, 'times'),
                            ({'mode': 'reset', 'expires_in': 0},
                             'expires_in'),
                            ({'mode': 'reset', 'path': '('}, 'path'),
                            ({'mode': 'reset', 'colour': 1}, 'colour'),
                            ([], 'object')):
            error = self.assertRaises(rules.InvalidRule,
                                      rules.Rule.from_json, data)
            self.assertIn(field, str(error))


class Placement(http.server.BaseHTTPRequestHandler):
    """A stand-in upstream that answers every request and counts them."""

    protocol_version = 'HTTP/1.1'
    seen = []

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        self.seen.append((self.command, self.path, body,
                          self.headers.get(rules.REQUEST_ID_HEADER)))
        answer = json.dumps({'path': self.path}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_PUT = do_POST = do_DELETE = _answer


def serve(httpd):
    thread = threading.Thread(
        target=lambda: httpd.serve_forever(poll_interval=0.01), daemon=True)
    thread.start()
    return httpd


class ProxyModesTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        Placement.seen = []
        upstream = serve(http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                         Placement))
        self.addCleanup(upstream.server_close)
        self.addCleanup(upstream.shutdown)
        self.proxy = serve(server.make_server(
            ('127.0.0.1', 0),
            'http://127.0.0.1:%d/placement' % upstream.server_address[1]))
        self.addCleanup(self.proxy.server_close)
        self.addCleanup(self.proxy.shutdown)

    def call(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            '127.0.0.1', self.proxy.server_address[1], timeout=10)
        self.addCleanup(connection.close)
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()

    def add_rule(self, **fields):
        status, body = self.call('POST', '/control/rules',
                                 json.dumps(fields))
        self.assertEqual(201, status, body)
        return json.loads(body)['id']

    def compute_get(self, **headers):
        return self.call('GET', '/svc/nova-compute.compute1/allocations/'
                         + CONSUMER, headers=headers)

    def test_a_client_gone_away_is_one_line_not_a_traceback(self):
        stderr = io.StringIO()
        with self.assertLogs(server.LOG, 'INFO') as logged, \
                mock.patch('sys.stderr', stderr):
            try:
                raise BrokenPipeError(32, 'Broken pipe')
            except BrokenPipeError:
                self.proxy.handle_error(None, ('127.0.0.1', 4242))
        self.assertIn('client 127.0.0.1:4242 went away',
                      '\n'.join(logged.output))
        # socketserver's own handle_error prints the traceback there.
        self.assertEqual('', stderr.getvalue())

    def test_without_a_rule_the_request_goes_through(self):
        status, body = self.compute_get(**{rules.REQUEST_ID_HEADER: 'req-9'})
        self.assertEqual(200, status)
        self.assertEqual('/placement/allocations/' + CONSUMER,
                         json.loads(body)['path'])
        self.assertEqual('req-9', Placement.seen[0][3])

    def test_refuse_answers_without_forwarding(self):
        self.add_rule(mode='refuse', status=500)
        status, body = self.compute_get()
        self.assertEqual(500, status)
        self.assertIn('fault proxy', json.loads(body)['errors'][0]['detail'])
        self.assertEqual([], Placement.seen)

    def test_conflict_answers_a_concurrent_update(self):
        self.add_rule(mode='conflict', method='PUT')
        status, body = self.call('PUT', '/svc/nova-conductor/allocations/'
                                 + CONSUMER, body=b'{}')
        self.assertEqual(409, status)
        self.assertEqual('placement.concurrent_update',
                         json.loads(body)['errors'][0]['code'])
        self.assertEqual([], Placement.seen)

    def test_reset_drops_the_connection_before_forwarding(self):
        self.add_rule(mode='reset')
        self.assertRaises((ConnectionError, http.client.HTTPException),
                          self.compute_get)
        self.assertEqual([], Placement.seen)

    def test_lost_applies_then_drops_the_answer(self):
        self.add_rule(mode='lost', method='PUT')
        self.assertRaises((ConnectionError, http.client.HTTPException),
                          self.call, 'PUT',
                          '/svc/nova-conductor/allocations/' + CONSUMER,
                          b'{"allocations": {}}')
        self.assertEqual([('PUT', '/placement/allocations/' + CONSUMER,
                           b'{"allocations": {}}', None)], Placement.seen)

    def test_hold_forwards_once_released(self):
        rule_id = self.add_rule(mode='hold')
        answers = []
        held = threading.Thread(
            target=lambda: answers.append(self.compute_get()))
        held.start()
        for _ in range(200):
            _, body = self.call('GET', '/control/rules/%d' % rule_id)
            if json.loads(body)['holding']:
                break
            held.join(0.01)
        self.assertEqual([], Placement.seen)
        self.assertEqual(200, self.call(
            'POST', '/control/rules/%d/release' % rule_id)[0])
        held.join(10)
        self.assertEqual(200, answers[0][0])
        self.assertEqual(1, len(Placement.seen))

    def test_the_log_shows_what_each_request_met(self):
        rule_id = self.add_rule(mode='refuse', request_id='req-a')
        self.compute_get(**{rules.REQUEST_ID_HEADER: 'req-a'})
        self.compute_get(**{rules.REQUEST_ID_HEADER: 'req-b'})
        _, body = self.call('GET', '/control/log?request_id=req-a')
        (entry,) = json.loads(body)['requests']
        self.assertEqual(('nova-compute.compute1', 'GET', 'refused 503',
                          rule_id),
                         (entry['service'], entry['method'],
                          entry['outcome'], entry['rule']))

    def test_a_rule_is_removed(self):
        rule_id = self.add_rule(mode='refuse')
        self.assertEqual(204, self.call('DELETE',
                                        '/control/rules/%d' % rule_id)[0])
        self.assertEqual(200, self.compute_get()[0])
        self.assertEqual(404, self.call('DELETE',
                                        '/control/rules/%d' % rule_id)[0])

    def test_a_bad_rule_is_refused_with_its_reason(self):
        status, body = self.call('POST', '/control/rules',
                                 json.dumps({'mode': 'explode'}))
        self.assertEqual(400, status)
        self.assertIn('mode', json.loads(body)['error'])

    def test_a_path_outside_the_services_is_refused(self):
        self.assertEqual(404, self.call('GET', '/allocations/x')[0])

    def test_an_upstream_that_is_not_http_is_refused(self):
        self.assertRaises(ValueError, server.Proxy, 'https://placement')

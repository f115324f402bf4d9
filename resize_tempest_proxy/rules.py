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

"""Which Placement request a fault hits, and how: the proxy's rules.

A test registers a rule; each request the proxy forwards is matched
against the rules in the order they came, and the first rule that fires
decides what happens to it.  No sockets here, so it is unit tested as is.
"""

import dataclasses
import re
import threading
import time
import typing

# What a rule does to the request it fires on.
REFUSE = 'refuse'      # answer 500 or 503 without forwarding
RESET = 'reset'        # drop the connection before forwarding
LOST = 'lost'          # forward, then drop the connection: applied, lost
CONFLICT = 'conflict'  # answer 409 placement.concurrent_update
HOLD = 'hold'          # forward only once released (or expired)
MODES = (REFUSE, RESET, LOST, CONFLICT, HOLD)
REFUSE_STATUSES = (500, 502, 503)

REQUEST_ID_HEADER = 'X-OpenStack-Request-ID'
_UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                   r'[0-9a-f]{12}')


class InvalidRule(ValueError):
    """A rule the proxy cannot apply; the message says which field."""


@dataclasses.dataclass(frozen=True)
class Request:
    """What a rule looks at in one request to Placement."""

    service: str         # who sent it (the proxy path it came in on)
    method: str
    path: str            # as Placement sees it, query included
    request_id: typing.Optional[str] = None
    body: bytes = b''

    def consumers(self):
        """The uuids the request names, in its path and its body."""
        text = self.path + self.body.decode('utf-8', 'replace')
        return set(_UUID.findall(text.lower()))


@dataclasses.dataclass
class Rule:
    """One fault: which requests it matches, which of them it hits.

    :param nth: the first match it fires on (1: the first one).
    :param times: how many matches in a row it fires on from there.
    :param expires_in: seconds after which it is dropped (a test that
        died never leaves a fault behind for long).
    """

    mode: str
    service: typing.Optional[str] = None
    method: typing.Optional[str] = None
    path: typing.Optional[str] = None
    consumer: typing.Optional[str] = None
    request_id: typing.Optional[str] = None
    nth: int = 1
    times: int = 1
    status: int = 503
    expires_in: float = 300
    id: int = 0
    matched: int = 0
    fired: int = 0
    holding: int = 0
    created: float = dataclasses.field(default_factory=time.monotonic)
    released: threading.Event = dataclasses.field(
        default_factory=threading.Event, repr=False)

    FIELDS = ('mode', 'service', 'method', 'path', 'consumer',
              'request_id', 'nth', 'times', 'status', 'expires_in')

    @classmethod
    def from_json(cls, data):
        """A rule from the control API's JSON; InvalidRule names the field."""
        if not isinstance(data, dict):
            raise InvalidRule('a rule is a JSON object')
        unknown = set(data) - set(cls.FIELDS)
        if unknown:
            raise InvalidRule('unknown fields: %s; known: %s'
                              % (', '.join(sorted(unknown)),
                                 ', '.join(cls.FIELDS)))
        if data.get('mode') not in MODES:
            raise InvalidRule('mode must be one of %s, not %r'
                              % (', '.join(MODES), data.get('mode')))
        for field in ('nth', 'times'):
            value = data.get(field, 1)
            if not isinstance(value, int) or value < 1:
                raise InvalidRule('%s must be a whole number from 1, not %r'
                                  % (field, value))
        status = data.get('status', 503)
        if data['mode'] == REFUSE and status not in REFUSE_STATUSES:
            raise InvalidRule('status must be one of %s, not %r' % (
                ', '.join(map(str, REFUSE_STATUSES)), status))
        expires_in = data.get('expires_in', 300)
        if not isinstance(expires_in, (int, float)) or expires_in <= 0:
            raise InvalidRule('expires_in must be a number of seconds '
                              'above 0, not %r' % (expires_in,))
        if data.get('path') is not None:
            try:
                re.compile(data['path'])
            except re.error as error:
                raise InvalidRule('path is not a regular expression: %s'
                                  % error)
        return cls(**data)

    def to_json(self):
        shown = {field: getattr(self, field) for field in self.FIELDS}
        shown.update(id=self.id, matched=self.matched, fired=self.fired,
                     holding=self.holding, released=self.released.is_set())
        return shown

    def expired(self, now):
        return now - self.created >= self.expires_in

    def matches(self, request):
        # A path several services share ('conductor+scheduler', where they
        # read one configuration file) is each of theirs.
        return ((self.service is None or
                 self.service in request.service.split('+')) and
                (self.method is None or
                 self.method.upper() == request.method.upper()) and
                (self.path is None or re.search(self.path, request.path)) and
                (self.request_id is None or
                 self.request_id == request.request_id) and
                (self.consumer is None or
                 self.consumer.lower() in request.consumers()))


class RuleBook(object):
    """The rules in force, shared by the proxy's request threads."""

    def __init__(self, clock=time.monotonic):
        self._rules = []
        self._lock = threading.Lock()
        self._next_id = 1
        self._clock = clock

    def add(self, rule):
        with self._lock:
            rule.id = self._next_id
            self._next_id += 1
            rule.created = self._clock()
            self._rules.append(rule)
        return rule

    def get(self, rule_id):
        with self._lock:
            self._drop_expired()
            for rule in self._rules:
                if rule.id == rule_id:
                    return rule
        return None

    def remove(self, rule_id):
        """Drop a rule; a request it holds goes on.  False if unknown."""
        with self._lock:
            for rule in self._rules:
                if rule.id == rule_id:
                    self._rules.remove(rule)
                    rule.released.set()
                    return True
        return False

    def all(self):
        with self._lock:
            self._drop_expired()
            return list(self._rules)

    def decide(self, request):
        """The rule that fires on this request, or None (forward it)."""
        with self._lock:
            self._drop_expired()
            for rule in self._rules:
                if not rule.matches(request):
                    continue
                rule.matched += 1
                if rule.nth <= rule.matched < rule.nth + rule.times:
                    rule.fired += 1
                    return rule
        return None

    def _drop_expired(self):
        now = self._clock()
        for rule in [rule for rule in self._rules if rule.expired(now)]:
            self._rules.remove(rule)
            rule.released.set()

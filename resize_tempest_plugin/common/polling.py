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

"""The one backoff poller of the project (standard library only).

The scenarios' waiters and the embedded cloud's readiness checks both poll
with it: a short first pause that doubles up to a ceiling, and a deadline.
"""

import time

FIRST_INTERVAL = 0.1


def intervals(max_interval, first=FIRST_INTERVAL):
    """Yield pauses that double from ``first`` up to ``max_interval``."""
    interval = min(first, max_interval)
    while True:
        yield interval
        interval = min(interval * 2, max_interval)


def nova_intervals(max_interval):
    """Pauses for a wait on a Nova operation: sooner first, then steady.

    A quarter of ``max_interval``, then halves of it until one of it has
    passed, then ``max_interval``: an end in the first interval and a
    quarter is noticed within half an interval, and at any time the wait
    has polled at most once more than tempest's waiters (at once, then
    once per interval) would have.
    """
    elapsed = 0.0
    interval = max_interval / 4
    while True:
        yield interval
        elapsed += interval
        interval = max_interval / 2 if elapsed < max_interval else (
            max_interval)


def poll(check, timeout, max_interval, describe, timeout_error=TimeoutError,
         first=FIRST_INTERVAL, clock=time.monotonic, sleep=time.sleep,
         schedule=None):
    """Call ``check`` until it returns something other than None.

    :param describe: returns what was awaited and last seen, for the
        error raised at the deadline.
    :param timeout_error: the exception class raised at the deadline, with
        the message "<describe()> within <timeout> s".
    :param schedule: the pauses, if not intervals(max_interval, first).
    """
    deadline = clock() + timeout
    for interval in schedule or intervals(max_interval, first):
        result = check()
        if result is not None:
            return result
        remaining = deadline - clock()
        if remaining <= 0:
            raise timeout_error('%s within %s s' % (describe(), timeout))
        sleep(min(interval, remaining))

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
retry() is the same loop for a call that fails for a while.
"""

import time

FIRST_INTERVAL = 0.1


def intervals(max_interval, first=FIRST_INTERVAL):
    """Yield pauses that double from ``first`` up to ``max_interval``."""
    interval = min(first, max_interval)
    while True:
        yield interval
        interval = min(interval * 2, max_interval)


# The pauses of a wait that follows a request, in intervals: polls at
# 0.4, 0.8, 1.3 and 2 intervals, then one per interval.
AFTER_REQUEST = (0.4, 0.4, 0.5, 0.7)


def after_request_intervals(max_interval):
    """Pauses for a wait that starts as its request returns.

    The first check comes after the first pause (an operation just asked
    for has not ended yet), and at any time the wait has polled at most
    once more than tempest's waiters (at once, then once per interval):
    an end within 1.3 intervals is noticed within half an interval.
    """
    for share in AFTER_REQUEST:
        yield share * max_interval
    while True:
        yield max_interval


def poll(check, timeout, max_interval, describe, timeout_error=TimeoutError,
         first=FIRST_INTERVAL, clock=time.monotonic, sleep=time.sleep,
         after_request=False):
    """Call ``check`` until it returns something other than None.

    :param describe: returns what was awaited and last seen, for the
        error raised at the deadline.
    :param timeout_error: the exception class raised at the deadline, with
        the message "<describe()> within <timeout> s".
    :param after_request: the wait follows a request: pause before the
        first check, with after_request_intervals; otherwise check at
        once, then back off from ``first`` (intervals).
    """
    deadline = clock() + timeout
    if after_request:
        pauses = after_request_intervals(max_interval)
        sleep(min(next(pauses), timeout))
    else:
        pauses = intervals(max_interval, first)
    for interval in pauses:
        result = check()
        if result is not None:
            return result
        remaining = deadline - clock()
        if remaining <= 0:
            raise timeout_error('%s within %s s' % (describe(), timeout))
        sleep(min(interval, remaining))


class _StillFailing(Exception):
    """retry's deadline, the retried error still there."""


def retry(call, should_retry, timeout, max_interval, clock=time.monotonic,
          sleep=time.sleep):
    """``call()``, again while it raises an error ``should_retry`` accepts.

    Polls as poll() does.  Any other error propagates at once; an accepted
    one still raised at the deadline propagates then.
    """
    last = {}

    def check():
        try:
            return (call(),)
        except Exception as error:
            if not should_retry(error):
                raise
            last['error'] = error
            return None

    try:
        return poll(check, timeout, max_interval, lambda: '', _StillFailing,
                    clock=clock, sleep=sleep)[0]
    except _StillFailing:
        raise last['error']

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

"""A held stage: block until the test releases it or the move is aborted.

Kept free of Nova imports so that it can be unit tested anywhere; the
fault driver passes in how to look at Placement and at an abort.
"""

import time

# Why a hold ended.
RELEASED = 'released'
ABORTED = 'aborted'
TIMED_OUT = 'timed out'


def wait(released, aborted, timeout, interval,
         clock=time.monotonic, sleep=time.sleep):
    """Block until one of the callables answers true, or ``timeout``.

    A server deleted meanwhile does not end it: the test releases the
    stage once the delete is over, so the two never race.

    :param released: the test released the stage.
    :param aborted: an operator aborted the move (a live migration).
    :returns: why the hold ended: RELEASED, ABORTED or TIMED_OUT.
    """
    deadline = clock() + timeout
    while True:
        for reason, ended in ((ABORTED, aborted), (RELEASED, released)):
            if ended():
                return reason
        if clock() >= deadline:
            return TIMED_OUT
        sleep(interval)

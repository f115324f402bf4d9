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

import testtools

from resize_tempest_nova import hold


class FakeClock(object):

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class HoldTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = FakeClock()

    def wait(self, released=lambda: False, aborted=lambda: False,
             timeout=10):
        return hold.wait(released, aborted, timeout, 0.5,
                         clock=self.clock, sleep=self.clock.sleep)

    def after(self, seconds):
        """A condition that becomes true after ``seconds``."""
        return lambda: self.clock.now >= seconds

    def test_holds_until_released(self):
        self.assertEqual(hold.RELEASED, self.wait(released=self.after(3)))
        self.assertEqual(3.0, self.clock.now)
        self.assertEqual({0.5}, set(self.clock.sleeps))

    def test_an_abort_ends_the_hold(self):
        self.assertEqual(hold.ABORTED, self.wait(aborted=self.after(1)))

    def test_the_abort_wins_over_a_release_seen_at_once(self):
        self.assertEqual(hold.ABORTED, self.wait(released=self.after(1),
                                                 aborted=self.after(1)))

    def test_the_hold_is_bounded(self):
        self.assertEqual(hold.TIMED_OUT, self.wait(timeout=4))
        self.assertEqual(4.0, self.clock.now)

    def test_nothing_is_slept_once_released(self):
        self.assertEqual(hold.RELEASED, self.wait(released=lambda: True))
        self.assertEqual([], self.clock.sleeps)

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

"""Moves one of whose casts never arrives.

A cast whose receiving nova-compute is down waits in its queue; when the
service that took it dies, or an operator purges the queue, it is gone.
The test stops the receiver, sends the move, drops the cast from the
receiver's queue ([resize_fault] drop_casts_command), starts the receiver
again and judges by the principles, the fourth first: once the service is
back and its periodic resource task ran, no move is left in progress.
"""

from tempest.lib import decorators

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves


@decorators.serial
class LostCastTest(moves.LostCasts, moves.CrashRecovery, moves.ResizeMoves,
                   base.ResizeFaultScenarioTest):
    """A cast of a resize is lost; the receiver starts again.

    Serialized: a stopped compute is down for every other test too.
    """

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_lost_cast_commands()

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('1d398b25-9d56-4f01-b849-77c8f052a797')
    def test_prep_resize_never_reaches_the_destination(self):
        """The conductor's prep_resize cast to the destination is lost."""
        self.resize_losing_cast(faults.LOST_CASTS_BY_NAME['prep_resize'])

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('e012d847-22a3-4438-800f-b0707e2631e4')
    def test_resize_instance_never_reaches_the_source(self):
        """The destination's resize_instance cast to the source is lost."""
        self.resize_losing_cast(
            faults.LOST_CASTS_BY_NAME['resize_instance'])

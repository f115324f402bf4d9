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

"""Evacuations from a compute forced down, judged by their allocations.

During and after a successful evacuation the instance holds its flavor on
the source and the destination, until the source nova-compute starts
again and cleans up; a failed evacuation must leave only the source part.
Forcing a compute down steers every other test on the cloud, so these
classes run serialized (tempest's serial decorator) and always put the
compute back up.
"""

from tempest.lib import decorators

from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves


@decorators.serial
class EvacuateTest(moves.CrashRecovery, moves.HeldStages,
                   moves.EvacuationMoves, base.ResizeFaultScenarioTest):
    """A compute is forced down and its server evacuated."""

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('ad5b7d2a-2d8a-4e1b-9f4c-6f5b6c7d8e5b')
    def test_evacuate_spawn_failure(self):
        """The destination fails to spawn: only the source part is left."""
        stage = self.require_stage('evacuate_spawn')
        move = self.start_evacuation(stage)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7bf4a3e2-a647-49e2-b617-683038815809')
    def test_delete_while_evacuating(self):
        """Deleted while the destination spawns it: nothing left."""
        stage = self.require_stage('evacuate_spawn')
        move = self.start_evacuation(stage, kind=faults.HOLD)
        self.wait_until_held(move, stage)
        self.assert_nothing_left_after_held_delete(move, stage)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('366496e0-168e-4c7f-a3e3-96cbef302407')
    def test_destination_dies_spawning(self):
        """The destination dies spawning the evacuated server."""
        self.skip_without_restart_command()
        stage = self.require_stage('evacuate_spawn')
        self.assert_crash_settles(
            stage, self.start_evacuation(stage, kind=faults.CRASH))

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('be6c8e3b-3e9b-4f2c-8a5d-7a6c7d8e9f6c')
    def test_evacuate_with_no_valid_host(self):
        """No host can take it: all stays on the source."""
        move = self.start_evacuation(candidates=0)
        self.assert_end_state(move, faults.EVACUATION_NO_VALID_HOST_STATE,
                              label='no_valid_host')
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('cf7d9f4c-4f0c-4a3d-9b6e-8b7d8e9f0a7d')
    def test_evacuate_then_source_restarts(self):
        """Both hosts until the source restarts, then only the dest."""
        if not self.settings.compute_restart_command:
            raise self.skipException(
                'Set [resize_fault] compute_restart_command to judge the '
                'clean-up of the source after an evacuation (the embedded '
                'cloud sets it).')
        move = self.start_evacuation()
        self.assert_end_state(move, faults.EVACUATED_STATE, label='evacuated')
        self.restart_compute(move.source)
        self.assert_end_state(move, faults.EVACUATION_COMPLETED_STATE,
                              label='source_restarted')
        self.assert_nothing_left_after_delete(move)


@decorators.serial
class ForcedEvacuateTest(moves.EvacuationMoves,
                         base.ResizeFaultScenarioTest):
    """Evacuations forced to a host: the conductor claims it itself.

    With ``force`` (microversions 2.29 to 2.67) the scheduler is bypassed,
    so a failed spawn must remove a claim the conductor made.
    """

    compute_max_microversion = '2.67'

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7d4f9261-0594-4a94-ad32-4891bf02f4f6')
    def test_forced_evacuate_spawn_failure(self):
        """The forced destination fails to spawn: only the source part."""
        stage = self.require_stage('evacuate_spawn')
        move = self.start_evacuation(stage, force=True)
        self.assert_end_state(move, stage.end_state, stage)
        self.assert_nothing_left_after_delete(move)

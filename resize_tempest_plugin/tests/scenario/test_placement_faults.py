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

"""Moves whose Placement requests are refused, reset or lost.

Nova's conductor, scheduler and computes reach Placement through the fault
proxy.  The test sends its move with a global request id of its own and
has the proxy fail one request of that move (placement_faults.py names
each): a 503, a reset before the request reaches Placement, an answer
lost after Placement applied it, a 409 concurrent update.  Then it judges
by the principles, the fifth first: a step whose allocation change failed
either retries until it is made or reports itself failed.  Only the
test's own requests are hit, so these run beside other tests.
"""

import dataclasses

from tempest import config
from tempest.lib.common.utils import data_utils
from tempest.lib import decorators
import testtools

from resize_tempest_plugin.common import judge
from resize_tempest_plugin import faults
from resize_tempest_plugin import placement_faults as calls
from resize_tempest_plugin.tests.scenario import base
from resize_tempest_plugin.tests.scenario import moves

CONF = config.CONF
LIVE_MIGRATION = testtools.skipUnless(
    CONF.compute_feature_enabled.live_migration,
    'Live migration is not enabled: [compute-feature-enabled] '
    'live_migration.')


class PlacementFaultTest(moves.PlacementFaults, moves.ResizeMoves,
                         moves.LiveMigrationMoves, moves.ShelveMoves,
                         base.ResizeFaultScenarioTest):
    """One Placement request of a move fails."""

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_placement_proxy()

    def fail_placement_call(self, call, mode):
        fault = calls.get_fault(call.name, mode)
        stage = (self.require_stage(fault.driver_stage)
                 if fault.driver_stage else None)
        request_id = 'req-%s' % data_utils.rand_uuid()
        rules = []

        def register(source, dest):
            rules.append(self.fault_placement(fault, request_id, source,
                                              dest))

        if call.operation == faults.RESIZE:
            specs = (stage.extra_specs(self.settings.extra_spec_namespace)
                     if stage else None)
            move = self.start_resize(specs, request_id=request_id,
                                     before=register)
        elif call.operation == faults.LIVE_MIGRATION:
            move, _ = self.start_live_migration(
                stage, request_id=request_id, before=register)
        elif call.operation == faults.SHELVE:
            move = self.start_shelve(request_id=request_id, before=register)
        elif call.operation == faults.UNSHELVE:
            move = self.unshelve_failing_at(stage, request_id=request_id,
                                            before=register)
        else:
            move = self.resize_to_verify()
            register(move.source, self.host_of(
                self.admin_servers_client.show_server(
                    move.server_id)['server']))
            if call.operation == faults.CONFIRM:
                self.server_action(move.server_id, 'confirmResize',
                                   request_id, expected=204)
            else:
                self.server_action(move.server_id, 'revertResize',
                                   request_id)
        move = dataclasses.replace(move, stage=fault.name,
                                   fault_kind=faults.PLACEMENT)
        move, end_state, stuck = self.as_retried(
            fault.on_nova(self.nova_max_microversion), rules[0], move, stage)
        self.assert_end_state(move, end_state, stage, stuck=stuck)
        self.assert_placement_fault_fired(rules[0])
        self.assert_nothing_left_after_delete(move)

    def fail_delete_call(self, mode):
        """Delete a server while its host's Placement request fails.

        A delete reported failed is judged as any failed step, then the
        server is deleted again.  A deleted server is judged once the
        host's periodic resource task ran: a correct Nova retries the
        delete of the allocation or that task removes it.
        """
        fault = calls.get_fault(calls.DELETE_DROP.name, mode)
        request_id = 'req-%s' % data_utils.rand_uuid()
        flavor = self.create_flavor(self.source_pin())
        server, source = self.boot_server(flavor)
        rule = self.fault_placement(fault, request_id, source, None)
        move = judge.Move(server['id'], source,
                          {faults.OLD: flavor, faults.NEW: flavor},
                          kind=faults.DELETE, stage=fault.name,
                          fault_kind=faults.PLACEMENT)
        if isinstance(fault.end_state, faults.EndState):
            self.send_delete(server['id'], request_id)
            self.assert_end_state(move, fault.end_state)
            self.assert_placement_fault_fired(rule)
            self.assert_nothing_left_after_delete(move)
            return
        self.assert_nothing_left_after_delete(
            move, send_delete=lambda server_id: self.send_delete(
                server_id, request_id),
            reread=self.settings.resource_task_wait)
        self.assert_placement_fault_fired(rule)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('9b89bd00-bb96-4a6e-bd75-bc41927719e3')
    def test_move_to_migration_refused(self):
        """The conductor's move of the source allocation gets a 503."""
        self.fail_placement_call(calls.MOVE_TO_MIGRATION, calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('20693f66-697f-43c3-95a5-09c8636dabf5')
    def test_move_to_migration_reset(self):
        """The conductor's move of the source allocation is reset."""
        self.fail_placement_call(calls.MOVE_TO_MIGRATION, calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('d537eee9-0fe9-4c84-8edc-d419a878c156')
    def test_move_to_migration_answer_lost(self):
        """The conductor's move of the source allocation is made, unheard."""
        self.fail_placement_call(calls.MOVE_TO_MIGRATION, calls.LOST)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('112691be-ac92-43c5-935d-0e472a73d568')
    def test_move_to_migration_conflict(self):
        """The conductor's move of the source allocation meets a 409."""
        self.fail_placement_call(calls.MOVE_TO_MIGRATION, calls.CONFLICT)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('211b88db-2ab3-4444-85f4-118f78e2d1da')
    def test_scheduler_claim_refused(self):
        """The scheduler's claim on the destination gets a 503."""
        self.fail_placement_call(calls.SCHEDULER_CLAIM, calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('b79060fd-653b-4b1c-86bd-d7eca89ff114')
    def test_scheduler_claim_reset(self):
        """The scheduler's claim on the destination is reset."""
        self.fail_placement_call(calls.SCHEDULER_CLAIM, calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3005db03-d2a5-4412-817d-dae2ffb03d4c')
    def test_scheduler_claim_conflict(self):
        """The scheduler's claim meets a concurrent update (409)."""
        self.fail_placement_call(calls.SCHEDULER_CLAIM, calls.CONFLICT)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('f05625db-1518-4782-9748-1a0e63816a68')
    def test_revert_read_reset_after_failed_resize_instance(self):
        """resize_instance fails, the source's read for the revert resets."""
        self.fail_placement_call(calls.REVERT_READ, calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('460810b7-9344-4acc-81f8-1710696ceceb')
    def test_revert_read_refused_after_failed_resize_instance(self):
        """resize_instance fails, the source's read for the revert: 503."""
        self.fail_placement_call(calls.REVERT_READ, calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('97972593-19d8-4539-bd54-3112b12a8b59')
    def test_confirm_drop_refused(self):
        """The confirm's delete of the migration's allocation gets a 503."""
        self.fail_placement_call(calls.CONFIRM_DROP, calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('ff938fc8-2897-46ce-8981-957ea2b80771')
    def test_confirm_drop_reset(self):
        """The confirm's delete of the migration's allocation is reset."""
        self.fail_placement_call(calls.CONFIRM_DROP, calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3c6caaba-c81b-4588-a1fa-1cc0089c9bc2')
    def test_confirm_drop_answer_lost(self):
        """The confirm's delete is applied, its answer lost."""
        self.fail_placement_call(calls.CONFIRM_DROP, calls.LOST)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('acda1dd0-e9e4-4247-b7ce-9589b63f419d')
    def test_confirm_drop_conflict(self):
        """The confirm's delete meets a concurrent update (409)."""
        self.fail_placement_call(calls.CONFIRM_DROP, calls.CONFLICT)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('72b51a68-2914-4c95-a275-b526697e13d7')
    def test_revert_move_back_refused(self):
        """The revert's move of the allocation back gets a 503."""
        self.fail_placement_call(calls.REVERT_MOVE_BACK, calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('3bc5df81-ce36-4953-86d9-c0a01c9d3517')
    def test_revert_move_back_reset(self):
        """The revert's move of the allocation back is reset."""
        self.fail_placement_call(calls.REVERT_MOVE_BACK, calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('86b4fd41-98e8-453d-9649-aa25af986405')
    def test_revert_move_back_answer_lost(self):
        """The revert's move back is applied, its answer lost."""
        self.fail_placement_call(calls.REVERT_MOVE_BACK, calls.LOST)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('ec6d57ec-02a0-450e-b5d6-81b110d5c58c')
    def test_revert_move_back_conflict(self):
        """The revert's move back meets a concurrent update (409)."""
        self.fail_placement_call(calls.REVERT_MOVE_BACK, calls.CONFLICT)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('5be4c1f6-3f0d-4d47-9a3e-2f8c7b6e1d10')
    def test_live_migration_drop_refused(self):
        """The live migration's delete of the migration's allocation: 503."""
        self.fail_placement_call(calls.LIVE_MIGRATION_DROP, calls.REFUSE)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('0d6f1b0e-8a57-4f38-b1c2-7e93a4d5c621')
    def test_live_migration_drop_reset(self):
        """The live migration's delete of the migration's allocation: reset."""
        self.fail_placement_call(calls.LIVE_MIGRATION_DROP, calls.RESET)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('c3a8e2d4-61f7-4b9a-8d0e-5f2b1c7a9e32')
    def test_live_migration_drop_answer_lost(self):
        """The live migration's delete is applied, its answer lost."""
        self.fail_placement_call(calls.LIVE_MIGRATION_DROP, calls.LOST)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7e1d9c4b-2a3f-4e58-9b6c-0d8a2f4e6b43')
    def test_live_migration_drop_conflict(self):
        """The live migration's delete meets a concurrent update (409)."""
        self.fail_placement_call(calls.LIVE_MIGRATION_DROP, calls.CONFLICT)

    @decorators.idempotent_id('4f0c2a8e-7b13-4d96-a5e1-c39d8b2f6a74')
    def test_delete_drop_refused(self):
        """The host's delete of the instance's allocation gets a 503."""
        self.fail_delete_call(calls.REFUSE)

    @decorators.idempotent_id('a81e5d3c-2f46-4b7a-9c08-6d1e3f5b7c95')
    def test_delete_drop_reset(self):
        """The host's delete of the instance's allocation is reset."""
        self.fail_delete_call(calls.RESET)

    @decorators.idempotent_id('98e92e15-56c9-473e-b702-a605087cd64c')
    def test_delete_drop_answer_lost(self):
        """The host's delete of the instance's allocation: answer lost."""
        self.fail_delete_call(calls.LOST)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('6026ed8c-c356-418b-8e25-efbabefccda0')
    def test_scheduler_claim_answer_lost(self):
        """The scheduler's claim is made, its answer lost."""
        self.fail_placement_call(calls.SCHEDULER_CLAIM, calls.LOST)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('ed104edd-689d-4475-8690-db365adb4552')
    def test_live_migration_move_to_migration_refused(self):
        """The live migration's move of the source allocation gets a 503."""
        self.fail_placement_call(calls.LIVE_MIGRATION_MOVE_TO_MIGRATION,
                                 calls.REFUSE)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('0a6d984f-831c-4c09-b6c8-ec2134b75d8d')
    def test_live_migration_move_to_migration_reset(self):
        """The live migration's move of the source allocation is reset."""
        self.fail_placement_call(calls.LIVE_MIGRATION_MOVE_TO_MIGRATION,
                                 calls.RESET)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('5dde9321-a0e7-4c6f-a27e-f085821e4813')
    def test_live_migration_move_to_migration_answer_lost(self):
        """The live migration's move to the migration is made, unheard."""
        self.fail_placement_call(calls.LIVE_MIGRATION_MOVE_TO_MIGRATION,
                                 calls.LOST)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('2fe6e0cd-c355-4017-845c-6dfc8a1bbc53')
    def test_live_migration_move_to_migration_conflict(self):
        """The live migration's move to the migration meets a 409."""
        self.fail_placement_call(calls.LIVE_MIGRATION_MOVE_TO_MIGRATION,
                                 calls.CONFLICT)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('674a2376-2be9-4070-bf4b-e7e20a5295de')
    def test_live_migration_rollback_read_reset(self):
        """pre_live_migration fails, the roll-back's read resets."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_READ,
                                 calls.RESET)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('6979cd5a-a89c-4b7c-8517-b5b70b19a51e')
    def test_live_migration_rollback_read_refused(self):
        """pre_live_migration fails, the roll-back's read gets a 503."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_READ,
                                 calls.REFUSE)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('9c177db7-6f06-4255-ac6a-343f156e3b4e')
    def test_live_migration_rollback_move_back_refused(self):
        """The roll-back's move of the allocation back gets a 503."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_MOVE_BACK,
                                 calls.REFUSE)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('aa767dfa-eb07-4fa3-be22-68aa69bbdc5a')
    def test_live_migration_rollback_move_back_reset(self):
        """The roll-back's move of the allocation back is reset."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_MOVE_BACK,
                                 calls.RESET)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('deda35d4-eb7f-4688-9d23-55324fd635cd')
    def test_live_migration_rollback_move_back_answer_lost(self):
        """pre_live_migration fails, the move back is made, unheard."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_MOVE_BACK,
                                 calls.LOST)

    @LIVE_MIGRATION
    @decorators.attr(type='multinode')
    @decorators.idempotent_id('a4d725ea-3761-42ee-abbe-6480c89af224')
    def test_live_migration_rollback_move_back_conflict(self):
        """pre_live_migration fails, the move back meets a 409."""
        self.fail_placement_call(calls.LIVE_MIGRATION_ROLLBACK_MOVE_BACK,
                                 calls.CONFLICT)

    @decorators.idempotent_id('ea9ad8b3-78e3-4aa7-a306-439e361fba8e')
    def test_shelve_offload_drop_refused(self):
        """The offload's delete of the instance's allocation gets a 503."""
        self.fail_placement_call(calls.SHELVE_OFFLOAD_DROP, calls.REFUSE)

    @decorators.idempotent_id('98f74820-032b-4404-8ac5-cf29d85e2a6b')
    def test_shelve_offload_drop_reset(self):
        """The offload's delete of the instance's allocation is reset."""
        self.fail_placement_call(calls.SHELVE_OFFLOAD_DROP, calls.RESET)

    @decorators.idempotent_id('847c651b-c816-41cd-add1-b61978d21633')
    def test_shelve_offload_drop_answer_lost(self):
        """The offload's delete is applied, its answer lost."""
        self.fail_placement_call(calls.SHELVE_OFFLOAD_DROP, calls.LOST)

    @decorators.idempotent_id('57c4b92c-2b10-4ec7-9322-b29fdd2c617a')
    def test_unshelve_claim_refused(self):
        """The scheduler's claim for the unshelve gets a 503."""
        self.fail_placement_call(calls.UNSHELVE_CLAIM, calls.REFUSE)

    @decorators.idempotent_id('bfd7081d-aff0-4fd1-bb9b-a45aff03a743')
    def test_unshelve_claim_reset(self):
        """The unshelve's claim is reset."""
        self.fail_placement_call(calls.UNSHELVE_CLAIM, calls.RESET)

    @decorators.idempotent_id('699c72b3-a6da-4f3e-8dfd-72c8ec2f1840')
    def test_unshelve_claim_answer_lost(self):
        """The unshelve's claim is made, its answer lost."""
        self.fail_placement_call(calls.UNSHELVE_CLAIM, calls.LOST)

    @decorators.idempotent_id('4e7a77c9-8cf7-452a-a729-3f08fdde6931')
    def test_unshelve_claim_conflict(self):
        """The unshelve's claim meets a concurrent update (409)."""
        self.fail_placement_call(calls.UNSHELVE_CLAIM, calls.CONFLICT)

    @decorators.idempotent_id('a09fccd9-d003-4864-9c66-ffe4be71b1e9')
    def test_unshelve_spawn_drop_refused(self):
        """The spawn fails; the host's delete of the claim gets a 503."""
        self.fail_placement_call(calls.UNSHELVE_SPAWN_DROP, calls.REFUSE)

    @decorators.idempotent_id('174028dd-db5d-4644-af00-8af591492e93')
    def test_unshelve_spawn_drop_reset(self):
        """The spawn fails; the host's delete of the claim is reset."""
        self.fail_placement_call(calls.UNSHELVE_SPAWN_DROP, calls.RESET)

    @decorators.idempotent_id('82b9fc18-c85a-4209-93ea-b2f09ee8e58b')
    def test_unshelve_spawn_drop_answer_lost(self):
        """The spawn fails; the host's delete is applied, its answer lost."""
        self.fail_placement_call(calls.UNSHELVE_SPAWN_DROP, calls.LOST)


@decorators.serial
class EvacuationClaimFaultTest(moves.PlacementFaults, moves.EvacuationMoves,
                               base.ResizeFaultScenarioTest):
    """The claim of an evacuation's destination fails.

    The scheduler claims the host it chose; the conductor claims a host
    the evacuation is forced to (microversions 2.29 to 2.67).  Serialized:
    the source is forced down during the evacuation.
    """

    compute_max_microversion = '2.67'

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_placement_proxy()

    def fail_claim(self, mode, call=calls.EVACUATION_CLAIM):
        fault = calls.get_fault(call.name, mode)
        request_id = 'req-%s' % data_utils.rand_uuid()
        rules = []

        def register(source, dest):
            rules.append(self.fault_placement(fault, request_id, source,
                                              dest))

        move = self.start_evacuation(
            force=call is calls.FORCED_EVACUATION_CLAIM,
            request_id=request_id, before=register)
        move = dataclasses.replace(move, stage=fault.name,
                                   fault_kind=faults.PLACEMENT)
        move, end_state, stuck = self.as_retried(
            fault.on_nova(self.nova_max_microversion), rules[0], move)
        self.assert_end_state(move, end_state, stuck=stuck)
        self.assert_placement_fault_fired(rules[0])
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('777c5cd6-ac51-4a2d-8abd-c5519a022da8')
    def test_evacuation_claim_refused(self):
        """The scheduler's claim of the destination gets a 503."""
        self.fail_claim(calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('7236fc66-fd15-46cf-aa35-6e115d2f2241')
    def test_evacuation_claim_reset(self):
        """The scheduler's claim of the destination is reset."""
        self.fail_claim(calls.RESET)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('6bec4a1b-786c-4d1d-aa5d-ec5e086b4ca4')
    def test_evacuation_claim_answer_lost(self):
        """The evacuation's claim is made, its answer lost."""
        self.fail_claim(calls.LOST)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('4e37b819-f2da-4325-b772-96eede000568')
    def test_evacuation_claim_conflict(self):
        """The evacuation's claim meets a concurrent update (409)."""
        self.fail_claim(calls.CONFLICT)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('d3dac78a-e71c-4ec6-a067-7e10dfac14ad')
    def test_forced_evacuation_claim_refused(self):
        """The conductor's claim of the forced host gets a 503."""
        self.fail_claim(calls.REFUSE, calls.FORCED_EVACUATION_CLAIM)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('f03451d3-94d2-457b-b681-e771b0f2088d')
    def test_forced_evacuation_claim_reset(self):
        """The conductor's claim of the forced host is reset."""
        self.fail_claim(calls.RESET, calls.FORCED_EVACUATION_CLAIM)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('49ab6be1-a193-430b-ac22-03f2aaaee0c5')
    def test_forced_evacuation_claim_answer_lost(self):
        """The forced host's claim is made, its answer lost."""
        self.fail_claim(calls.LOST, calls.FORCED_EVACUATION_CLAIM)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('0034787d-9572-4056-aabc-902f2847a40a')
    def test_forced_evacuation_claim_conflict(self):
        """The forced host's claim meets a concurrent update (409)."""
        self.fail_claim(calls.CONFLICT, calls.FORCED_EVACUATION_CLAIM)


@decorators.serial
class EvacuationCleanUpFaultTest(moves.PlacementFaults, moves.CrashRecovery,
                                 moves.EvacuationMoves,
                                 base.ResizeFaultScenarioTest):
    """The evacuated source starts again; its clean-up request fails.

    Serialized: the source is forced down during the evacuation.  The
    request carries the compute's own start-up request id, so the rule
    names the test's instance instead.
    """

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_placement_proxy()
        cls.skip_without_options(
            ('compute_restart_command',),
            'The evacuation clean-up faults start the evacuated source '
            'again: set')

    def fail_clean_up(self, mode):
        fault = calls.get_fault(calls.EVACUATION_CLEAN_UP.name, mode)
        move = self.start_evacuation()
        self.assert_end_state(move, faults.EVACUATED_STATE, label='evacuated')
        rule = self.fault_placement(fault, None, move.source, None,
                                    consumer=move.server_id)
        self.restart_compute(move.source)
        move = dataclasses.replace(move, stage=fault.name,
                                   fault_kind=faults.PLACEMENT)
        self.assert_settled_after_restart(move, fault.end_state)
        self.assert_placement_fault_fired(rule)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('5a0d7e61-3c2b-4f8e-9d14-b6e2a7c3f095')
    def test_evacuation_clean_up_refused(self):
        """The source's clean-up of the instance's allocation: 503."""
        self.fail_clean_up(calls.REFUSE)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('c84f1b2e-6d3a-4e57-8a09-2f7b5d1e6c38')
    def test_evacuation_clean_up_conflict(self):
        """The source's clean-up meets a concurrent update (409)."""
        self.fail_clean_up(calls.CONFLICT)


@decorators.serial
class PlacementHoldKillTest(moves.PlacementFaults, moves.CrashRecovery,
                            moves.ResizeMoves, base.ResizeFaultScenarioTest):
    """A service dies while the proxy holds its Placement request.

    The request goes on after the death (it was on its way); the service
    starts again and the move must settle (principle 4).  Serialized: the
    killed service is every other test's too.
    """

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        cls.skip_without_placement_proxy()

    def kill_while_held(self, call):
        fault = calls.get_fault(call.name, calls.HOLD)
        request_id = 'req-%s' % data_utils.rand_uuid()
        rules = []

        def register(source, dest):
            rules.append(self.fault_placement(fault, request_id, source,
                                              dest))

        if call.operation == faults.RESIZE:
            move = self.start_resize(request_id=request_id, before=register)
        else:
            move = self.resize_to_verify()
            register(move.source, None)
            self.server_action(move.server_id, 'revertResize', request_id)
        self.wait_until_held(rules[0])
        if fault.killed == faults.SOURCE:
            start_again = self.kill_compute(move.source)
        elif fault.killed in (calls.CONDUCTOR, calls.SCHEDULER):
            start_again = self.kill_service('nova-%s' % fault.killed)
        else:
            raise ValueError('no way to kill %s' % fault.killed)
        self.placement_faults.release(rules[0]['id'])
        start_again()
        move = dataclasses.replace(move, stage=fault.name,
                                   fault_kind=faults.PLACEMENT)
        # A dead scheduler leaves the conductor waiting on its call.
        self.assert_settled_after_restart(
            move, fault.end_state,
            caller_waits=fault.killed == calls.SCHEDULER)
        self.assert_nothing_left_after_delete(move)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('e2b7d0c1-5a94-4c3e-9f61-8d2a7b3c4e50')
    def test_conductor_dies_moving_to_migration(self):
        """The conductor dies while it moves the source allocation."""
        self.skip_without_service_commands()
        self.kill_while_held(calls.MOVE_TO_MIGRATION)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('0846ff16-b6c5-497f-ac8a-a6a20dc671a3')
    def test_scheduler_dies_claiming(self):
        """The scheduler dies while it claims the destination."""
        self.skip_without_service_commands()
        self.kill_while_held(calls.SCHEDULER_CLAIM)

    @decorators.attr(type='multinode')
    @decorators.idempotent_id('96b3a319-e66c-4974-ba1a-73a3952012b5')
    def test_source_dies_reverting(self):
        """The source dies while its revert moves the allocation back."""
        self.skip_without_options(
            ('compute_kill_command', 'compute_restart_command'),
            'The scenario that kills a nova-compute while its Placement '
            'request is held needs')
        self.kill_while_held(calls.REVERT_MOVE_BACK)

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

"""Resizes and cold migrations that fail, judged by their allocations.

Each test boots a server, makes its move fail at one stage of the fault
catalogue (resize_tempest_plugin/faults.py), checks the server, its
migration record and the Placement allocations of the instance and
migration consumers against the catalogue's end state, and checks that
deleting the server leaves nothing behind.
"""

from tempest.lib import decorators

from resize_tempest_plugin.common import flavor_allocation
from resize_tempest_plugin import faults
from resize_tempest_plugin.tests.scenario import base


class ResizeFailureTest(base.ResizeFaultScenarioTest):
    """A resize fails at one stage; allocations follow the server."""

    @decorators.attr(type='portable')
    @decorators.idempotent_id('0b7c3f55-6a43-4a0e-9c1b-3d61a1c0e6f1')
    def test_scheduling_failure(self):
        """No host fits the new flavor: all stays on the source."""
        server_id, source, _, _ = self.fail_resize('scheduling')
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.idempotent_id('d41f7b9e-2c6a-4e35-9b8d-0f5a3c7e1b26')
    def test_claim_failure(self):
        """The destination's claim rejects the flavor, no alternate."""
        self.fail_claim(rejecting=1)

    @decorators.idempotent_id('5d2b1e0a-8f0e-4c55-a0f4-8f7c2e6b1a92')
    def test_resize_instance_failure(self):
        """The source fails to migrate the disk: old flavor on source."""
        server_id, source, _, _ = self.fail_resize('resize_instance')
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.idempotent_id('c7f3a8d2-1e5b-4b7a-9d0c-2a6e4f8b3c15')
    def test_finish_resize_failure_then_hard_reboot(self):
        """Bug 1825537: new flavor on the dest, source freed.

        A hard reboot then recovers the server on the destination and
        leaves its allocations as they were.
        """
        server_id, source, flavors, failed = self.fail_resize(
            'finish_resize')
        self.servers_client.reboot_server(server_id, type='HARD')
        recovered = faults.EndState(
            server_status='ACTIVE', server_side=faults.DEST,
            migration_status='error',
            instance=faults.Holding(faults.NEW, faults.DEST),
            migration=None)
        rebooted = self.wait_and_judge(server_id, recovered, source, flavors,
                                       label='hard_reboot')
        self.assertEqual(failed, rebooted)
        shown = self.admin_servers_client.show_server(server_id)['server']
        self.assert_nothing_left_after_delete(server_id, source)
        # Nova puts the old flavor back on the server when finish_resize
        # fails, while Placement keeps the new flavor's amounts on the
        # destination, and the hard reboot changes neither.  The server's
        # flavor then disagrees with its allocation.
        self.expectFailure(
            'after a failed finish_resize the server shows the old flavor '
            'but holds the new flavor in Placement',
            self.assertEqual,
            flavor_allocation.flavor_resources(shown['flavor']),
            rebooted.get(self.providers[self.host_of(shown)], server_id))

    @decorators.idempotent_id('9e4d6c1b-3a2f-4d8e-b5c7-6f1a0e2d4b83')
    def test_confirm_failure(self):
        """Confirming fails on the source: new flavor on dest only."""
        server_id, source, _, _ = self.fail_resize('confirm_resize')
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.idempotent_id('2f8a5b3c-7d1e-4e6f-8a9b-0c3d5e7f9a14')
    def test_revert_failure(self):
        """Reverting fails on the source: old flavor on source only."""
        server_id, source, _, _ = self.fail_resize('revert_resize')
        self.assert_nothing_left_after_delete(server_id, source)


class RescheduleTest(base.ResizeFaultScenarioTest):
    """The first destination's claim rejects the flavor; Nova reschedules.

    Needs a source and two destinations (--computes 3 on the embedded
    cloud).
    """

    min_compute_nodes = 3

    @decorators.idempotent_id('7a3e9c51-0d4b-4f8e-a2c6-5b1d8e4f0c93')
    def test_claim_failure_on_every_alternate(self):
        """Both destinations reject: all goes back to the source."""
        self.fail_claim(rejecting=2)

    @decorators.idempotent_id('e5b0c2d8-9f31-4a6e-8c7b-1d2f4a6e8b05')
    def test_reschedule_to_alternate(self):
        """The first choice rejects, the alternate takes the server."""
        server_id, flavors, hosts = self.start_claim_resize(rejecting=1,
                                                            accepting=1)
        (alternate,) = hosts.accepting
        self.wait_and_judge(server_id, faults.RESCHEDULED_STATE,
                            hosts.source, flavors, label='verify_resize',
                            alternate=alternate, server_first=True)
        self.assert_tried_hosts(server_id, hosts.rejecting + hosts.accepting)
        self.servers_client.confirm_resize_server(server_id)
        self.wait_and_judge(server_id, faults.CONFIRMED_STATE, hosts.source,
                            flavors, label='confirmed')
        self.assert_nothing_left_after_delete(server_id, hosts.source,
                                              alternate)


class ResizeControlTest(base.ResizeFaultScenarioTest):
    """Resizes that succeed; they must pass on any cloud."""

    @decorators.attr(type='portable')
    @decorators.idempotent_id('6a1c9e2f-4b3d-4f5a-9c8e-1d2b3a4c5e67')
    def test_resize_then_confirm(self):
        """Confirmed: new flavor on the destination, nothing else."""
        server_id, source, flavors = self.resize_to_verify()
        self.servers_client.confirm_resize_server(server_id)
        self.wait_and_judge(server_id, faults.CONFIRMED_STATE, source,
                            flavors, label='confirmed')
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.attr(type='portable')
    @decorators.idempotent_id('b3e7d1a5-9c2f-4a8b-8e6d-5f4c3b2a1d09')
    def test_resize_then_revert(self):
        """Reverted: old flavor on the source, nothing else."""
        server_id, source, flavors = self.resize_to_verify()
        self.servers_client.revert_resize_server(server_id)
        self.wait_and_judge(server_id, faults.REVERTED_STATE, source,
                            flavors, label='reverted')
        self.assert_nothing_left_after_delete(server_id, source)


class ColdMigrationFailureTest(base.ResizeFaultScenarioTest):
    """A cold migration (same flavor) fails while finishing on the dest."""

    @decorators.idempotent_id('e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b')
    def test_cold_migration_finish_failure(self):
        """Same flavor both sides: it must sit on the dest, once."""
        self.require_cold_migration()
        stage = self.require_stage('finish_resize')
        pin = self.source_pin()
        flavor = self.create_flavor(dict(
            stage.extra_specs(self.settings.extra_spec_namespace), **pin))
        server, source = self.boot_server(flavor)
        dest = self.destination_for(source)
        if pin:
            # The flavor must still fit the destination.
            self.pin_to(dest, pin)
        self.admin_servers_client.migrate_server(server['id'], host=dest)
        self.wait_and_judge(server['id'], stage.end_state, source,
                            {faults.OLD: flavor, faults.NEW: flavor}, stage)
        self.assert_nothing_left_after_delete(server['id'], source)


class SameHostResizeTest(base.ResizeFaultScenarioTest):
    """Resizes on one host: both consumers on the same provider."""

    min_compute_nodes = 1

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not cls.settings.resize_to_same_host:
            raise cls.skipException(
                'Resize to the same host is not enabled: set nova.conf '
                '[DEFAULT] allow_resize_to_same_host = True and '
                '[resize_fault] resize_to_same_host = True.')

    @decorators.idempotent_id('4c0a6f3e-8d9b-4b1a-a7e2-5f6d3c2b1e90')
    def test_same_host_resize_then_confirm(self):
        """Confirmed on one host: only the new flavor is left."""
        server_id, source, flavors = self.resize_to_verify(same_host=True)
        self.servers_client.confirm_resize_server(server_id)
        self.wait_and_judge(server_id, faults.CONFIRMED_STATE, source,
                            flavors, label='confirmed')
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.idempotent_id('a8e5b2d7-3f1c-4e6a-9b0d-7c2e1f4a5b36')
    def test_same_host_resize_instance_failure(self):
        """Failed before finishing: only the old flavor is left."""
        server_id, source, _, _ = self.fail_resize('resize_instance',
                                                   same_host=True)
        self.assert_nothing_left_after_delete(server_id, source)

    @decorators.idempotent_id('f2d9c4a1-6b8e-4d3f-8a5c-0e1b2d3c4f57')
    def test_same_host_finish_resize_failure(self):
        """Failed while finishing: only the new flavor is left."""
        server_id, source, _, _ = self.fail_resize('finish_resize',
                                                   same_host=True)
        self.assert_nothing_left_after_delete(server_id, source)

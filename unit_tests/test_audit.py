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

"""The audit's findings, from API data only."""

import testtools

from resize_tempest_plugin.common import audit
from resize_tempest_plugin import faults

SMALL = {'vcpus': 1, 'ram': 64, 'disk': 1, 'extra_specs': {},
         'original_name': 'small'}
SMALL_HELD = {'VCPU': 1, 'MEMORY_MB': 64, 'DISK_GB': 1}


def server(server_id, host='compute1', status='ACTIVE', task=None,
           flavor=SMALL):
    return {'id': server_id, 'status': status, 'flavor': flavor,
            faults.HOST_ATTRIBUTE: host, faults.TASK_ATTRIBUTE: task}


def migration(uuid, instance, status):
    return {'uuid': uuid, 'instance_uuid': instance, 'status': status}


def providers(**holdings):
    """Providers rp-1..rp-3 of compute1..compute3, with the holdings."""
    return [audit.Provider('rp-%d' % index, 'compute%d' % index,
                           holdings.get('rp_%d' % index, {}))
            for index in (1, 2, 3)]


class AuditTest(testtools.TestCase):

    def kinds(self, result):
        return [(finding.kind, finding.consumer, finding.provider)
                for finding in result.findings]

    def test_a_clean_cloud_has_no_findings(self):
        offloaded = server('s2', host=None, status='SHELVED_OFFLOADED')
        result = audit.audit(providers(rp_1={'s1': SMALL_HELD}),
                             [server('s1'), offloaded],
                             [migration('m1', 's1', 'confirmed')])
        self.assertFalse(result)
        self.assertEqual((), result.in_flux)

    def test_orphan(self):
        result = audit.audit(providers(rp_2={'ghost': SMALL_HELD}), [], [])
        self.assertEqual([(audit.ORPHAN, 'ghost', 'rp-2')],
                         self.kinds(result))
        self.assertEqual(SMALL_HELD, result.findings[0].actual)

    def test_finished_migration_still_holding(self):
        result = audit.audit(
            providers(rp_1={'m1': SMALL_HELD}, rp_2={'s1': SMALL_HELD}),
            [server('s1', host='compute2')],
            [migration('m1', 's1', 'error')])
        self.assertEqual([(audit.FINISHED_MIGRATION_HOLDING, 'm1', 'rp-1')],
                         self.kinds(result))

    def test_wrong_place(self):
        result = audit.audit(
            providers(rp_1={'s1': SMALL_HELD}, rp_2={'s1': SMALL_HELD}),
            [server('s1', host='compute2', status='ERROR')], [])
        self.assertEqual([(audit.WRONG_PLACE, 's1', 'rp-1')],
                         self.kinds(result))

    def test_wrong_amount_against_the_shown_flavor(self):
        big = {'VCPU': 2, 'MEMORY_MB': 128, 'DISK_GB': 2}
        result = audit.audit(providers(rp_1={'s1': big}), [server('s1')],
                             [])
        self.assertEqual([(audit.WRONG_AMOUNT, 's1', 'rp-1')],
                         self.kinds(result))
        self.assertEqual(SMALL_HELD, result.findings[0].expected)
        self.assertEqual(big, result.findings[0].actual)

    def test_missing(self):
        result = audit.audit(providers(), [server('s1', status='SHUTOFF')],
                             [])
        self.assertEqual([(audit.MISSING, 's1', 'rp-1')], self.kinds(result))

    def test_an_offloaded_server_must_hold_nothing(self):
        result = audit.audit(
            providers(rp_3={'s1': SMALL_HELD}),
            [server('s1', host=None, status='SHELVED_OFFLOADED')], [])
        self.assertEqual([(audit.WRONG_PLACE, 's1', 'rp-3')],
                         self.kinds(result))

    def test_moves_in_progress_are_in_flux_not_findings(self):
        # VERIFY_RESIZE: the migration holds the source, the instance the
        # destination; an evacuation holds both until the source restarts;
        # a server mid-task may hold anything.
        result = audit.audit(
            providers(rp_1={'m1': SMALL_HELD, 's2': SMALL_HELD},
                      rp_2={'s1': SMALL_HELD, 's2': SMALL_HELD},
                      rp_3={'s3': SMALL_HELD}),
            [server('s1', host='compute2', status='VERIFY_RESIZE'),
             server('s2', host='compute2'),
             server('s3', host='compute1', task='resize_migrating')],
            [migration('m1', 's1', 'finished'),
             migration('m2', 's2', 'done')])
        self.assertFalse(result, result.findings)
        self.assertEqual(
            [('m1', 'migration finished'), ('s1', 'migration finished'),
             ('s2', 'migration done'), ('s3', 'task resize_migrating')],
            [(each.consumer, each.reason) for each in result.in_flux])

    def test_a_host_outside_the_audited_providers_is_not_judged(self):
        result = audit.audit(providers(), [server('s1', host='ironic-1')],
                             [])
        self.assertFalse(result)

    def test_table_lists_findings_then_consumers_in_flux(self):
        result = audit.audit(
            providers(rp_2={'ghost': SMALL_HELD}),
            [server('s3', task='spawning')], [])
        text = audit.format_findings(result, {'rp-2': 'compute2'})
        self.assertIn('orphan', text)
        self.assertIn('compute2', text)
        self.assertIn('DISK_GB=1, MEMORY_MB=64, VCPU=1', text)
        self.assertIn('in flux (not judged): s3 (task spawning)', text)
        self.assertEqual(
            ['  kind     consumer   provider   expected   actual'
             '                            what',
             '-' * 112,
             '  orphan   ghost      compute2   -          DISK_GB=1, '
             'MEMORY_MB=64, VCPU=1   neither a server nor a migration',
             'in flux (not judged): s3 (task spawning)'], text.splitlines())
        self.assertEqual('no findings', audit.format_findings(
            audit.Result((), ())))


class FakeApi(object):
    """The cloud as the audit's GETs see it; looks can change it."""

    def __init__(self, looks):
        self.looks = list(looks)
        self.calls = 0
        self.deleted = []

    def get(self, service, path):
        self.calls += 1
        holdings, servers = self.looks[0]
        if path.startswith('/os-hypervisors/detail'):
            return {'hypervisors': [
                {'id': 'rp-1', 'service': {'host': 'compute1'}}]}
        if path.startswith('/resource_providers/rp-1/allocations'):
            if len(self.looks) > 1:
                self.looks.pop(0)  # the next look sees the next state
            return {'allocations': {consumer: {'resources': held}
                                    for consumer, held in holdings.items()}}
        if path.startswith('/servers/detail'):
            return {'servers': servers}
        if path.startswith('/os-migrations'):
            return {'migrations': []}
        raise AssertionError('unexpected GET %s' % path)

    def delete_allocations(self, consumer):
        self.deleted.append(consumer)


class Args(object):
    format = 'table'
    settle_timeout = 0
    delete_orphans = True
    second_look = 0


class DeleteOrphansTest(testtools.TestCase):

    def run_audit(self, api):
        from resize_tempest_plugin.cmd import audit as audit_cmd
        lines = []
        code = audit_cmd.run(api, Args(), out=lines.append)
        return code, '\n'.join(lines)

    def test_only_a_consumer_still_orphaned_is_deleted(self):
        # 'late' is a server's allocation seen before its server: on the
        # second look the server exists, so it is not touched.
        late_server = server('late')
        looks = [({'ghost': SMALL_HELD, 'late': SMALL_HELD, 's1': SMALL_HELD},
                  [server('s1')])] * 3 + [
            ({'ghost': SMALL_HELD, 'late': SMALL_HELD, 's1': SMALL_HELD},
             [server('s1'), late_server])] * 2
        api = FakeApi(looks)
        code, text = self.run_audit(api)
        self.assertEqual(['ghost'], api.deleted)
        self.assertEqual(1, code)
        self.assertIn('deleted the allocations of orphan ghost', text)

    def test_a_clean_cloud_exits_zero_and_deletes_nothing(self):
        api = FakeApi([({'s1': SMALL_HELD}, [server('s1')])])
        code, text = self.run_audit(api)
        self.assertEqual((0, []), (code, api.deleted))
        self.assertIn('no findings', text)
        self.assertIn('1 compute nodes, 0 findings, 4 API calls', text)

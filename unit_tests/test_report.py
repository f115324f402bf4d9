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

import json
import os
import shutil
import tempfile

import testtools

from resize_tempest_plugin.common import ledger
from resize_tempest_plugin.common import report


class WriteReportTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def test_json_and_text_hold_expected_actual_and_facts(self):
        expected = ledger.Snapshot({('rp-dest', 'srv'): {'VCPU': 2}})
        actual = ledger.Snapshot({('rp-source', 'srv'): {'VCPU': 1}})
        names = ledger.Names({'rp-dest': 'dest c2', 'rp-source': 'source c1'},
                             {'srv': 'instance'})
        path = report.write_report(
            os.path.join(self.dir, 'reports'),
            'pkg.Test.test_x[id-1,portable]', {'stage': 'finish_resize'},
            expected, actual, names)
        self.assertEqual(os.path.join(self.dir, 'reports',
                                      'pkg.Test.test_x_id-1_portable_.txt'),
                         path)
        with open(path[:-len('.txt')] + '.json') as json_file:
            document = json.load(json_file)
        self.assertFalse(document['matches'])
        self.assertEqual('finish_resize', document['stage'])
        self.assertEqual({'rp-dest': {'srv': {'VCPU': 2}}},
                         document['expected'])
        self.assertEqual({'rp-source': {'srv': {'VCPU': 1}}},
                         document['actual'])
        with open(path) as text_file:
            text = text_file.read()
        self.assertIn('stage: finish_resize', text)
        self.assertIn(ledger.MISMATCH_MARK, text)

    def test_known_defects_shown_lists_one_report_per_defect_and_test(self):
        reports = os.path.join(self.dir, 'reports')
        empty, names = ledger.Snapshot(), ledger.Names()
        test = 'pkg.Test.test_x[id-1]'
        for label, facts in (
                ('', {'step': '', 'known_defect': 'd-1',
                      'known_defect_shown': True}),
                ('deleted', {'step': 'deleted', 'known_defect': 'd-1',
                             'known_defect_shown': True}),
                ('other', {'step': 'other', 'known_defect': 'd-2',
                           'known_defect_shown': False})):
            report.write_report(reports, test + ('.' + label if label
                                                 else ''),
                                facts, empty, empty, names)
        report.write_report(reports, 'pkg.Test.test_y', {}, empty, empty,
                            names)
        path = os.path.join(reports, 'pkg.Test.test_x_id-1_.txt')
        self.assertEqual([('d-1', test, path)],
                         report.known_defects_shown(reports))
        self.assertEqual([], report.known_defects_shown(
            os.path.join(self.dir, 'absent')))

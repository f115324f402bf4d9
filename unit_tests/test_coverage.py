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

"""The coverage map stays true to the catalogue and the scenarios."""

import testtools

from resize_tempest_plugin import coverage
from resize_tempest_plugin import faults
from unit_tests import test_known_defects


class CoverageMapTest(testtools.TestCase):

    def test_every_stage_it_names_is_in_the_catalogue(self):
        named = {stage for point in coverage.POINTS
                 for stage in point.stages}
        self.assertEqual(set(), named - set(faults.STAGE_NAMES))

    def test_every_stage_of_the_catalogue_reaches_a_point(self):
        named = {stage for point in coverage.POINTS
                 for stage in point.stages}
        self.assertEqual(set(), set(faults.STAGE_NAMES) - named)

    def test_every_test_it_names_exists(self):
        names = test_known_defects.scenario_test_names()
        named = {test for point in coverage.POINTS for test in point.tests}
        self.assertEqual(set(), named - names)

    def test_each_point_is_reached_proposed_or_explained(self):
        for point in coverage.POINTS:
            kinds = [point.reached, point.proposal is not None,
                     bool(point.unreachable)]
            self.assertEqual(1, kinds.count(True), point.function)
            self.assertIn(point.move, coverage.MOVES, point.function)

    def test_a_proposal_is_not_a_stage_already(self):
        for point in coverage.POINTS:
            if point.proposal:
                self.assertNotIn(point.proposal.name, faults.STAGE_NAMES)

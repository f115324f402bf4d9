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

"""The ``coverage-map`` directive: resize_tempest_plugin.coverage as tables.

``.. coverage-map:: summary`` gives the counts per kind of move; without
an argument, one section per kind of move lists its points.
"""

import collections

from docutils.parsers.rst import Directive

from resize_tempest_plugin import coverage
import rst_lines


def reached_by(point):
    if point.reached:
        parts = []
        if point.stages:
            parts.append('stages %s' % ', '.join(
                '``%s``' % stage for stage in point.stages))
        if point.tests:
            parts.append('tests %s' % ', '.join(
                '``%s``' % test for test in point.tests))
        return '; '.join(parts)
    if point.proposal:
        return 'none yet; proposed stage ``%s``: %s' % (
            point.proposal.name, point.proposal.why)
    return 'unreachable here: %s' % point.unreachable


def cell(text):
    return ' '.join(text.split())


def summary():
    counts = collections.OrderedDict((move, [0, 0, 0])
                                     for move in coverage.MOVES)
    for point in coverage.POINTS:
        row = counts[point.move]
        row[0 if point.reached else 1 if point.proposal else 2] += 1
    lines = ['.. list-table::', '   :header-rows: 1', '',
             '   * - move path', '     - points', '     - reached',
             '     - stage proposed', '     - unreachable here']
    total = [0, 0, 0]
    for move, row in counts.items():
        lines += ['   * - %s' % move, '     - %d' % sum(row)]
        lines += ['     - %d' % each for each in row]
        total = [a + b for a, b in zip(total, row)]
    lines += ['   * - all', '     - %d' % sum(total)]
    lines += ['     - %d' % each for each in total]
    return lines


def sections():
    lines = []
    for move in coverage.MOVES:
        points = [point for point in coverage.POINTS if point.move == move]
        if not points:
            continue
        lines += [move, '~' * len(move), '', '.. list-table::',
                  '   :header-rows: 1', '   :widths: 25 30 25 20', '',
                  '   * - Nova function and call', '     - what it changes',
                  '     - when it runs', '     - reached by']
        for point in points:
            lines += ['   * - ``%s``: %s (%s)' % (
                cell(point.function), cell(point.call), cell(point.where)),
                '     - %s' % cell(point.change),
                '     - %s' % cell(point.runs_when),
                '     - %s' % cell(reached_by(point))]
        lines.append('')
    return lines


class CoverageMapDirective(Directive):
    optional_arguments = 1

    def run(self):
        lines = summary() if self.arguments == ['summary'] else sections()
        return rst_lines.parse(self, lines, 'coverage.py')


def setup(app):
    app.add_directive('coverage-map', CoverageMapDirective)
    return {'parallel_read_safe': True}

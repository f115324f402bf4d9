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

"""The ``known-defects`` directive: one section per catalogue entry.

Everything a section says (the command, the table, the code path and the
bug text) comes from ``resize_tempest_plugin.faults``, so the page cannot
drift from what the scenarios expect.
"""

from docutils.parsers.rst import Directive
from docutils.parsers.rst import directives

from resize_tempest_cloud import releases
from resize_tempest_plugin import faults
from resize_tempest_plugin import placement_faults
import rst_lines

STEP_TITLES = {'': 'after the failure', 'hard_reboot': 'after a hard reboot',
               faults.RESTARTED: 'once the service that died or was '
                                 'stopped is up again '
                                 'and the resource task ran',
               faults.DELETED: 'after the server is deleted'}


PROXY_MODES = {placement_faults.REFUSE: 'refuses (503)',
               placement_faults.RESET: 'resets',
               placement_faults.LOST: 'loses the answer of',
               placement_faults.CONFLICT: 'answers 409 (concurrent update) to',
               placement_faults.HOLD: 'holds'}


def holding(held):
    return '%s flavor on %s' % (held.flavor, held.side) if held else 'nothing'


def correct_state(defect, step):
    """What a correct Nova leaves at ``step`` (the principles)."""
    if step == faults.DELETED:
        return faults.left_after_delete()
    if defect.fault_kind == faults.PLACEMENT:
        return placement_faults.FAULTS_BY_NAME[defect.stage].end_state
    if defect.fault_kind == faults.LOST_CAST:
        return faults.LOST_CASTS_BY_NAME[defect.stage].after_restart
    stage = faults.get_stage(defect.stage)
    if step == 'hard_reboot':
        return stage.after_hard_reboot
    if step == faults.RESTARTED:
        return stage.after_crash
    return stage.end_state


def rows(defect):
    """(step, what, a correct Nova, Nova) rows of a defect's table."""
    table = []
    for step, nova in defect.signature:
        correct = correct_state(defect, step)
        title = STEP_TITLES.get(step, step)
        if step == faults.DELETED and (nova.server_status or nova.answer):
            table.append((title, 'server', 'gone', '%s%s' % (
                'left %s, not deleted' % nova.server_status
                if nova.server_status else 'gone',
                '; the delete answered %s' % nova.answer
                if nova.answer else '')))
            title = ''
        if step != faults.DELETED:
            table.append((title, 'server', '%s on %s, no task, shows the '
                          'flavor it holds' % (correct.server_status,
                                               correct.server_side),
                          '%s on %s, %s, shows the %s flavor' % (
                              nova.server_status, nova.server_side,
                              'task %s' % nova.task_state
                              if nova.task_state else 'no task',
                              nova.server_flavor)))
            table.append(('', 'migration status', correct.migration_status,
                          nova.migration_status))
            title = ''
        instance = [holding(each) for each in (
            nova.instance, nova.instance_elsewhere) if each]
        table.append((title, 'instance consumer', holding(correct.instance),
                      ' and '.join(instance) or 'nothing'))
        table.append(('', 'migration consumer', holding(correct.migration),
                      holding(nova.migration)))
    return table


def list_table(table):
    lines = ['.. list-table::', '   :header-rows: 1', '',
             '   * - step', '     - what', '     - a correct Nova leaves',
             '     - Nova leaves']
    for row in table:
        marked = list(row)
        if row[2] != row[3]:
            marked[3] = '**%s**' % row[3]
        lines.append('   * - %s' % (marked[0] or ''))
        lines.extend('     - %s' % cell for cell in marked[1:])
    return lines


def where(defect, stage, fault_kind):
    """How a fault at ``stage`` of the defect's move is made, in words."""
    if fault_kind == faults.PLACEMENT:
        fault = placement_faults.FAULTS_BY_NAME[stage]
        text = ('the fault proxy %s one Placement request of the move '
                '(``%s``: %s)' % (PROXY_MODES[fault.mode],
                                  fault.call.name, fault.call.summary))
        if fault.killed:
            text += (', kills nova-%s meanwhile (SIGKILL), lets the request '
                     'go on and starts the service again' % (
                         'compute on the ' + fault.killed
                         if fault.killed in (faults.SOURCE, faults.DEST)
                         else fault.killed))
        return text
    if fault_kind == faults.LOST_CAST:
        cast = faults.LOST_CASTS_BY_NAME[stage]
        return ('the cast ``%s`` is dropped from the queue of its stopped '
                'receiver (%s), which then starts again' % (
                    cast.name, cast.summary))
    if fault_kind == faults.HOLD:
        return ('the server is deleted while stage ``%s`` of its move is '
                'held (fault kind hold)' % stage)
    how = ('fails' if fault_kind == faults.RAISE
           else 'has its nova-compute killed (fault kind crash)')
    return 'a %s %s at stage ``%s``' % (defect.move, how, stage)


def section(defect):
    lines = [defect.name, '-' * len(defect.name), '',
             '*%s*' % defect.title, '']
    places = [where(defect, defect.stage, defect.fault_kind)] + [
        where(defect, stage, kind) for stage, kind in defect.also_at]
    if defect.tests:
        # A defect of older releases only: reproduce it on the oldest.
        release = ('--release %s ' % releases.names()[0]
                   if defect.below else '')
        lines += ['Reproduce on the embedded cloud::', '',
                  '   tox -e cloud -- %srun --regex \'%s\'' % (
                      release, '|'.join(defect.tests)), '',
                  'Shown by %s, where %s.' % (
                      ', '.join('``%s``' % test for test in defect.tests),
                      '; or '.join(places)), '']
    else:
        lines += ['No fault of the catalogue provokes it yet: it showed '
                  'under load, where %s failed at stage ``%s``.' % (
                      'a ' + defect.move, defect.stage), '']
    lines += list_table(rows(defect)) + [
        '', 'Code path: %s.' % defect.code_path, '',
        'Seen on Nova %s.' % ', '.join(defect.seen_in), ''] + ([
            'Shown only by a Nova whose newest compute API microversion is '
            'below %s: the judgements of a newer Nova do not expect it.'
            % defect.below, ''] if defect.below else []) + [
        'Bug report:', '',
        '   *%s*' % defect.title, '',
        '   %s Seen on Nova %s.' % (defect.report,
                                    ', '.join(defect.seen_in)), '']
    return lines


class KnownDefectsDirective(Directive):
    """Render faults.KNOWN_DEFECTS (or FOUND_UNDER_LOAD) as sections."""

    option_spec = {'found-under-load': directives.flag}

    def run(self):
        defects = (faults.FOUND_UNDER_LOAD
                   if 'found-under-load' in self.options
                   else faults.KNOWN_DEFECTS)
        lines = []
        for defect in defects:
            lines += section(defect)
        return rst_lines.parse(self, lines, 'faults.py')


def setup(app):
    app.add_directive('known-defects', KnownDefectsDirective)
    return {'parallel_read_safe': True}

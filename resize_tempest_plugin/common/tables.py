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

"""Plain-text tables, drawn by PrettyTable (a requirement of tempest).

One look for every table the plugin, the embedded cloud and the lab
print: the column names, a line of dashes, then the rows; no border, no
vertical rules, and no trailing spaces.
"""

import prettytable


def format_table(header, rows, right=()):
    """The text of a table of ``rows`` under the column names ``header``.

    Columns are left-aligned but those named in ``right`` (numbers);
    cells are shown with ``str``.  The names must be distinct.
    """
    table = prettytable.PrettyTable(list(header))
    table.border = True
    table.vrules = prettytable.VRuleStyle.NONE
    table.hrules = prettytable.HRuleStyle.HEADER
    table.align = 'l'
    for name in right:
        table.align[name] = 'r'
    table.add_rows([[str(cell) for cell in row] for row in rows])
    return '\n'.join(line.rstrip()
                     for line in table.get_string().splitlines())

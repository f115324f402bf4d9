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

"""Allocation reports: what each scenario expected and what it found."""

import json
import os
import re

from resize_tempest_plugin.common import ledger


def _file_stem(test_id):
    return re.sub(r'[^A-Za-z0-9_.-]+', '_', test_id)


def write_report(report_dir, test_id, facts, expected, actual, names):
    """Write ``<test id>.json`` and ``<test id>.txt`` under ``report_dir``.

    :param facts: JSON-friendly facts of the scenario (server, migration,
        hosts, outcome).
    :returns: the path of the text report.
    """
    os.makedirs(report_dir, exist_ok=True)
    stem = os.path.join(report_dir, _file_stem(test_id))
    table = ledger.format_table(expected, actual, names)
    document = dict(facts, test=test_id, expected=expected.to_dict(),
                    actual=actual.to_dict(), matches=expected == actual,
                    providers=names.providers, consumers=names.consumers)
    with open(stem + '.json', 'w') as json_file:
        json.dump(document, json_file, indent=2, sort_keys=True)
    with open(stem + '.txt', 'w') as text_file:
        text_file.write('%s\n\n' % test_id)
        for key in sorted(facts):
            text_file.write('%s: %s\n' % (key, facts[key]))
        text_file.write('\n%s\n' % table)
    return stem + '.txt'


def known_defects_shown(report_dir, since=0):
    """The known Nova defects the reports written since ``since`` show.

    :param since: a time.time() value; older reports are not read.
    :returns: sorted (defect name, test id, text report path) tuples, one
        per defect and test: the report of the first step that showed it.
    """
    shown = {}
    if not os.path.isdir(report_dir):
        return []
    for name in sorted(os.listdir(report_dir)):
        path = os.path.join(report_dir, name)
        if not name.endswith('.json') or os.path.getmtime(path) < since:
            continue
        with open(path) as json_file:
            document = json.load(json_file)
        if document.get('known_defect_shown'):
            key = (document['known_defect'], document['test'].rsplit(
                '.' + document['step'], 1)[0] if document.get('step')
                else document['test'])
            text = path[:-len('.json')] + '.txt'
            shown[key] = min(shown.get(key, text), text, key=len)
    return sorted(key + (text,) for key, text in shown.items())

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

"""Test results, read from the subunit stream stestr keeps.

The mutation proof, the benchmarks and CI all read results this way:
``stestr last --subunit`` in the workspace of a run.

``python -m resize_tempest_cloud.results DIR [N]`` prints "<passed>
<failed>" of the last N (default 1) runs in DIR.
"""

import dataclasses
import datetime
import io
import os
import subprocess
import sys
import typing

import subunit
import testtools

from resize_tempest_cloud import procs

PASSED = ('success',)
FAILED = ('fail', 'uxsuccess')


@dataclasses.dataclass(frozen=True)
class TestResult:
    """One test of a run: its id, subunit status, times and details."""

    id: str
    status: str
    start: typing.Optional[datetime.datetime]
    stop: typing.Optional[datetime.datetime]
    details: str = ''

    @property
    def seconds(self):
        if self.start and self.stop:
            return (self.stop - self.start).total_seconds()
        return None

    @property
    def short(self):
        return short_id(self.id)


def short_id(test_id):
    """Class.method of a test id, without the module path and attributes."""
    return '.'.join(test_id.split('[')[0].rsplit('.', 2)[-2:])


def parse_subunit(data):
    """The finished tests of a subunit v2 stream (bytes)."""
    tests = []

    def collect(test):
        if test['status'] in (None, 'exists', 'inprogress'):
            return
        start, stop = test['timestamps']
        details = ''.join(
            content.as_text() for content in test['details'].values()
            if content.content_type.type == 'text')
        tests.append(TestResult(test['id'], test['status'], start, stop,
                                details))

    stream = subunit.ByteStreamToStreamResult(io.BytesIO(data),
                                              non_subunit_name='stdout')
    result = testtools.StreamToDict(collect)
    result.startTestRun()
    try:
        stream.run(result)
    finally:
        result.stopTestRun()
    return tests


def stestr_bin():
    return procs.venv_bin('stestr')


def next_run(directory):
    """The id stestr gives the next run in ``directory`` (0 if none yet).

    It comes from stestr's repository, ``.stestr/next-stream``.
    """
    try:
        with open(os.path.join(directory, '.stestr', 'next-stream')) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return 0


def last_runs(directory, count=1):
    """The tests of the last ``count`` stestr runs in ``directory``.

    Each run's subunit v2 stream comes from ``stestr history show
    --subunit``.
    """
    next_id = next_run(directory)
    tests = []
    for run_id in range(max(0, next_id - count), next_id):
        proc = subprocess.run(
            [stestr_bin(), 'history', 'show', '--subunit', str(run_id)],
            cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        tests.extend(parse_subunit(proc.stdout))
    return tests


def last_run(directory):
    """The tests of the last stestr run in ``directory`` ([] if none)."""
    return last_runs(directory, 1)


def counts(tests):
    """(passed, failed) of some tests; skips and expected failures apart."""
    return (sum(1 for test in tests if test.status in PASSED),
            sum(1 for test in tests if test.status in FAILED))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    passed, failed = counts(last_runs(argv[0] if argv else '.',
                                      int(argv[1]) if len(argv) > 1 else 1))
    print(passed, failed)
    return 0


if __name__ == '__main__':
    sys.exit(main())

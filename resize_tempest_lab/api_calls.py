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

"""API calls per test, read from tempest's log.

tempest's REST client logs every request with the test that made it::

    ... Request (ResizeFailureTest:test_confirm_failure): 200 GET http://...

``resize-tempest-lab api-calls [--match REGEX] TEMPEST_LOG`` prints, per
test, its requests: in all, to the compute API (``/v2.1``), to Placement
(also behind a ``/placement`` prefix, as devstack serves it), and its
GETs of a URL it had read before (waits and re-reads).  Class-level
requests (resource_setup, cleanups) count under their own names.
"""

import argparse
import collections
import re
import sys

from resize_tempest_plugin.common import tables

REQUEST = re.compile(
    r'Request \((?P<test>[^)]+)\): (?P<status>\d{3}) (?P<method>[A-Z]+) '
    r'(?P<url>\S+)')
PLACEMENT_PATH = re.compile(
    r'/(resource_providers|allocations|traits|resource_classes|'
    r'allocation_candidates)(/|\?|$)')
COMPUTE_PATH = re.compile(r'/v2\.1(/|$)')


def count(lines, match=None):
    """{test: Counter(total, compute, placement, repeated)}."""
    found = collections.defaultdict(collections.Counter)
    read = collections.defaultdict(set)
    for line in lines:
        request = REQUEST.search(line)
        if not request or (match and not re.search(match,
                                                   request.group('test'))):
            continue
        test, url = request.group('test'), request.group('url')
        counter = found[test]
        counter['total'] += 1
        path = re.sub(r'^https?://[^/]+', '', url)
        if PLACEMENT_PATH.search(path):
            counter['placement'] += 1
        elif COMPUTE_PATH.search(path):
            counter['compute'] += 1
        if request.group('method') == 'GET':
            if url in read[test]:
                counter['repeated'] += 1
            read[test].add(url)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog='resize-tempest-lab api-calls',
                                     description=__doc__.splitlines()[0])
    parser.add_argument('log')
    parser.add_argument('--match', help='only tests whose name matches')
    args = parser.parse_args(argv)
    with open(args.log, errors='replace') as lines:
        found = count(lines, args.match)
    numbers = ('total', 'compute', 'placement', 'repeated')
    print(tables.format_table(
        ('test',) + numbers,
        [(test,) + tuple(found[test][name] for name in numbers)
         for test in sorted(found)], right=numbers))
    return 0


if __name__ == '__main__':
    sys.exit(main())

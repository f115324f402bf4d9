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

"""Which of a run's tests go in a parallel pass and which in a serial one.

tempest serializes a class decorated with ``@decorators.serial`` through a
readers-writer file lock: every other class holds it for reading while it
runs.  Split over several workers, a serialized class waits for a moment
when no worker holds the lock, and with other workers going from class to
class that moment may only come when they have finished (it did: the
suite at concurrency 4 was no faster than at 1).  So ``run`` does what
tempest's own tox environments do: the parallel tests first, then the
serialized ones in a ``--serial`` pass, combined (``--combine``) into the
first pass's stestr run when there was one.
"""

import dataclasses
import functools
import os
import re
import typing
import unittest

from resize_tempest_cloud import results

PLUGIN_TESTS = 'resize_tempest_plugin.tests'


@dataclasses.dataclass(frozen=True)
class Passes:
    """The tempest run arguments of the two passes of one selection."""

    parallel: typing.Tuple[str, ...]
    serial: typing.Optional[typing.Tuple[str, ...]]


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


@functools.lru_cache()
def _plugin_tests(package):
    """The package's tests, discovered once a process."""
    module = __import__(package, fromlist=['__path__'])
    loader = unittest.TestLoader()
    suite = loader.discover(module.__path__[0], pattern='test_*.py',
                            top_level_dir=_top_dir(module, package))
    return tuple(_tests(suite))


def serial_test_ids(package=PLUGIN_TESTS):
    """The ids, as stestr lists them, of the package's serialized tests."""
    return sorted(test.id() for test in _plugin_tests(package)
                  if getattr(type(test), '_serial', False))


def only_serial(regex, serial_ids, package=PLUGIN_TESTS):
    """True if ``regex`` selects serialized tests of the package only.

    Then the parallel pass would select nothing, and a tempest run that
    selects nothing still costs its start and its test discovery.  Only a
    regex that starts with the package's name (escaped) can tell: any
    other may select tempest's own tests too.
    """
    if not re.match(r'\^?%s\\\.' % re.escape(package.split('.')[0]),
                    regex):
        return False
    chosen = [test.id() for test in _plugin_tests(package)
              if re.search(regex, test.id())]
    return bool(chosen) and set(chosen) <= set(serial_ids)


def _top_dir(module, package):
    path = module.__path__[0]
    for _ in package.split('.'):
        path = os.path.dirname(path)
    return path


def class_regex(test_ids):
    """A regex matching every test of the classes of ``test_ids``."""
    classes = sorted({test_id.split('[', 1)[0].rsplit('.', 1)[0]
                      for test_id in test_ids})
    return '^(?:%s)\\.' % '|'.join(re.escape(name) for name in classes)


def passes(regex, serial_ids):
    """Split the tests ``regex`` selects into a parallel and a serial pass.

    :param serial_ids: the ids of the serialized tests (serial_test_ids).
    :returns: Passes; ``serial`` is None when ``regex`` selects none of
        them.
    """
    chosen = [test_id for test_id in serial_ids
              if re.search(regex, test_id)]
    if not chosen:
        return Passes(('--regex', regex), None)
    serial = class_regex(chosen)
    return Passes(('--regex', regex, '--exclude-regex', serial),
                  ('--serial', '--regex', '(?=.*(?:%s))%s' % (regex, serial)))


def combine(workspace, before):
    """The serial pass's ``--combine``, if the parallel pass made a run.

    :param before: ``results.next_run(workspace)`` before the parallel
        pass; a pass that selected nothing makes no stestr run.
    :returns: ['--combine'] or [].
    """
    return ['--combine'] if results.next_run(workspace) > before else []


# tempest run's options that set a pass's concurrency, with their values.
CONCURRENCY_OPTIONS = {'--concurrency': 1, '-w': 1, '--parallel': 0,
                       '--serial': 0, '-t': 0}


def without_concurrency(args):
    """``args`` less the options that would make the serial pass parallel."""
    kept, skip = [], 0
    for arg in args:
        if skip:
            skip -= 1
            continue
        name = arg.split('=', 1)[0]
        if name in CONCURRENCY_OPTIONS:
            skip = CONCURRENCY_OPTIONS[name] if '=' not in arg else 0
            continue
        kept.append(arg)
    return kept

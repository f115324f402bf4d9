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

"""A ledger of Placement allocations: snapshots, deltas, expectations.

A snapshot records what some consumers (a server, its migration record)
hold on some resource providers, as ``{(provider, consumer): {resource
class: amount}}``.  Everything is per consumer and per provider, never a
whole-cloud total, so the assertions hold while other tests run on the
same hosts.
"""

from resize_tempest_plugin.common import tables


class Snapshot(object):
    """Allocations keyed by (provider uuid, consumer uuid)."""

    def __init__(self, holdings=None):
        self._holdings = {}
        for key, resources in (holdings or {}).items():
            resources = {rc: amount for rc, amount in resources.items()
                         if amount}
            if resources:
                self._holdings[key] = resources

    def __eq__(self, other):
        return (isinstance(other, Snapshot) and
                self._holdings == other._holdings)

    def __repr__(self):
        return 'Snapshot(%r)' % self._holdings

    def __bool__(self):
        return bool(self._holdings)

    def keys(self):
        return set(self._holdings)

    def get(self, provider, consumer):
        """Return {resource class: amount} of ``consumer`` on ``provider``."""
        return dict(self._holdings.get((provider, consumer), {}))

    def providers(self):
        return {provider for provider, _ in self._holdings}

    def consumers(self):
        return {consumer for _, consumer in self._holdings}

    def only(self, providers=None, consumers=None):
        """The part of this snapshot on the given providers and consumers."""
        return Snapshot({
            (provider, consumer): resources
            for (provider, consumer), resources in self._holdings.items()
            if (providers is None or provider in providers) and
            (consumers is None or consumer in consumers)})

    def to_dict(self):
        """A JSON-friendly form: {provider: {consumer: {rc: amount}}}."""
        result = {}
        for (provider, consumer), resources in sorted(self._holdings.items()):
            result.setdefault(provider, {})[consumer] = dict(
                sorted(resources.items()))
        return result


class AllocationLedger(object):
    """Takes snapshots through tempest's Placement clients."""

    def __init__(self, placement_client, allocations_client):
        self._placement = placement_client
        self._allocations = allocations_client

    def consumers_view(self, consumer_uuids):
        """What each consumer holds, wherever it holds it."""
        holdings = {}
        for consumer in consumer_uuids:
            body = self._placement.list_allocations(consumer)
            for provider, allocation in body['allocations'].items():
                holdings[(provider, consumer)] = allocation['resources']
        return Snapshot(holdings)

    def providers_view(self, provider_uuids, consumer_uuids=None):
        """What the consumers hold on each provider (all if None)."""
        holdings = {}
        for provider in provider_uuids:
            client = self._allocations
            body = client.list_resource_provider_allocations(provider)
            for consumer, allocation in body['allocations'].items():
                if consumer_uuids is None or consumer in consumer_uuids:
                    holdings[(provider, consumer)] = allocation['resources']
        return Snapshot(holdings)

    def view(self, provider_uuids, consumer_uuids, confirm=True):
        """The consumers' allocations, seen from both sides of Placement.

        The consumer view finds allocations on providers we do not track;
        the provider view of the tracked providers the consumers hold on
        confirms what those providers report.  Both must agree, or
        Placement itself is inconsistent, or it changed between the reads.

        :param confirm: read the provider view too.  Both views come from
            the same rows, so they can only disagree in a change: a caller
            that reads again on a mismatch may leave it to that reading.
        """
        by_consumer = self.consumers_view(consumer_uuids)
        if not confirm:
            return by_consumer
        holding = by_consumer.providers()
        by_provider = self.providers_view(
            [provider for provider in provider_uuids if provider in holding],
            consumer_uuids)
        if by_consumer.only(providers=provider_uuids) != by_provider:
            raise PlacementDisagrees(
                'Placement disagrees with itself: per consumer %s, per '
                'provider %s' % (by_consumer.to_dict(),
                                 by_provider.to_dict()))
        return by_consumer


class PlacementDisagrees(AssertionError):
    """The two views of Placement differ: inconsistent, or still moving."""


def expected_snapshot(end_state, providers, consumers, flavors):
    """The allocations a correct Nova leaves for an end state.

    :param end_state: a faults.EndState.
    :param providers: {side: provider uuid}, e.g. {SOURCE: .., DEST: ..}.
    :param consumers: {'instance': uuid, 'migration': uuid or None}.
    :param flavors: {OLD: resources, NEW: resources}.
    """
    holdings = {}
    for consumer_name, holding in (
            ('instance', end_state.instance),
            ('instance', end_state.instance_elsewhere),
            ('migration', end_state.migration)):
        if holding is None:
            continue
        if consumers.get(consumer_name) is None:
            raise ValueError('the end state expects the %s consumer to hold '
                             'allocations, but its uuid is unknown'
                             % consumer_name)
        if holding.side not in providers:
            raise ValueError('the end state expects the %s consumer to hold '
                             'allocations on the %s, but the move has no '
                             'such host (its migration names none)'
                             % (consumer_name, holding.side))
        key = (providers[holding.side], consumers[consumer_name])
        resources = dict(holdings.get(key, {}))
        for rc, amount in flavors[holding.flavor].items():
            resources[rc] = resources.get(rc, 0) + amount
        holdings[key] = resources
    return Snapshot(holdings)


def _short(uuid):
    return uuid[:8] if uuid else '-'


class Names(object):
    """Readable labels for provider and consumer uuids."""

    def __init__(self, providers=None, consumers=None):
        # {uuid: label}, e.g. {'1a2b..': 'source compute1'}
        self.providers = dict(providers or {})
        self.consumers = dict(consumers or {})

    def provider(self, uuid):
        return '%s (%s)' % (self.providers.get(uuid, 'other'), _short(uuid))

    def consumer(self, uuid):
        return '%s (%s)' % (self.consumers.get(uuid, 'other'), _short(uuid))


MISMATCH_MARK = '<-- wrong'


def comparison_rows(expected, actual):
    """Rows (provider, consumer, rc, expected, actual) of both snapshots."""
    rows = []
    for provider, consumer in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(provider, consumer), actual.get(provider,
                                                                 consumer)
        for rc in sorted(set(want) | set(got)):
            rows.append((provider, consumer, rc, want.get(rc, 0),
                         got.get(rc, 0)))
    return rows


def format_table(expected, actual, names):
    """A table of expected and actual allocations, wrong rows marked."""
    rows = [(names.provider(provider), names.consumer(consumer), rc, want,
             got, '' if want == got else MISMATCH_MARK)
            for provider, consumer, rc, want, got in comparison_rows(
                expected, actual)]
    return tables.format_table(
        ('provider', 'consumer', 'resource class', 'expected', 'actual', ''),
        rows or [('(none)', '(none)', '-', 0, 0, '')],
        right=('expected', 'actual'))

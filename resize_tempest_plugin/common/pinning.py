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

"""Pin a move to one host with a custom trait only that host's provider has.

The compute API cannot name the destination of a resize.  A flavor that
requires a trait carried by exactly one compute node provider leaves the
scheduler one choice, on any cloud with Placement.  Each test uses a trait
of its own, so concurrent tests do not disturb each other.
"""

from tempest.lib.common.utils import data_utils
from tempest.lib import exceptions as lib_exc

# Traits need Placement microversion 1.6.
PLACEMENT_MICROVERSION = '1.6'
TRAIT_PREFIX = 'CUSTOM_RESIZE_FAULT_PIN_'
ATTEMPTS = 10


def new_trait_name():
    return TRAIT_PREFIX + data_utils.rand_uuid_hex().upper()


def required(trait):
    """The flavor extra spec that requires ``trait``."""
    return {'trait:%s' % trait: 'required'}


def _change_traits(rp_client, rp_uuid, change):
    """Apply ``change`` (a function of the trait set) to a provider.

    nova-compute and concurrent tests write the same provider, so the trait
    set is read, changed and written with the generation that was read.
    A race shows as a 409 (the generation moved) or, where it hits inside
    Placement's traits handler, as a 500 (a concurrent update or a database
    deadlock) or a 400 (a trait another test deleted in between).  Each
    time the set is read again and the write retried; since the write
    carries the generation it read, no other writer's change is lost.
    """
    error = None
    for _ in range(ATTEMPTS):
        current = rp_client.list_resource_provider_traits(rp_uuid)
        traits = change(set(current['traits']))
        try:
            rp_client.update_resource_provider_traits(
                rp_uuid, traits=sorted(traits),
                resource_provider_generation=current[
                    'resource_provider_generation'])
            return
        except (lib_exc.Conflict, lib_exc.ServerFault,
                lib_exc.BadRequest) as race:
            error = race
    raise lib_exc.TempestException(
        'Could not update the traits of resource provider %s in %d '
        'attempts; last error: %s' % (rp_uuid, ATTEMPTS, error))


def add_trait(rp_client, rp_uuid, trait):
    """Give an existing trait to a provider."""
    _change_traits(rp_client, rp_uuid, lambda traits: traits | {trait})


def remove_trait(rp_client, rp_uuid, trait):
    _change_traits(rp_client, rp_uuid, lambda traits: traits - {trait})

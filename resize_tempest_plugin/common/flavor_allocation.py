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

"""The Placement allocation a flavor must produce, the way Nova computes it.

A local copy of the rules of Nova's ``resources_from_flavor``: VCPU,
MEMORY_MB and DISK_GB from the flavor (no root disk for a volume-backed
server, swap rounded up to whole GiB), ``resources[N]:<CLASS>`` extra specs
overriding or adding amounts, and ``hw:cpu_policy=dedicated`` asking for
PCPU instead of VCPU.
"""

import math
import re

_RESOURCES_SPEC = re.compile(r'^resources([a-zA-Z0-9_-]{1,64})?:'
                             r'([A-Z0-9_]+)$')


def _amount(key, value):
    try:
        amount = int(value)
    except (TypeError, ValueError):
        amount = -1
    if amount < 0:
        raise ValueError('flavor extra spec %s=%r is not a whole number '
                         '>= 0' % (key, value))
    return amount


def flavor_resources(flavor, volume_backed=False):
    """Return {resource class: amount} that ``flavor`` allocates.

    :param flavor: a flavor as the compute API shows it (``vcpus``, ``ram``,
        ``disk``, ``OS-FLV-EXT-DATA:ephemeral``, ``swap``, ``extra_specs``),
        or as a server embeds it (``ephemeral`` instead).
    :param volume_backed: whether the server boots from a volume, in which
        case the root disk is not allocated from the compute node.
    """
    extra_specs = flavor.get('extra_specs') or {}
    swap_mb = flavor.get('swap') or 0  # the API shows "" for no swap
    disk_gb = (0 if volume_backed else flavor['disk'])
    # A flavor shows its ephemeral disk under the extension name; the copy
    # embedded in a server (microversion 2.47+) as plain "ephemeral".
    disk_gb += (flavor.get('OS-FLV-EXT-DATA:ephemeral') or
                flavor.get('ephemeral') or 0)
    disk_gb += math.ceil(int(swap_mb) / 1024)

    cpu_policy = extra_specs.get('hw:cpu_policy', 'shared')
    if cpu_policy not in ('shared', 'dedicated'):
        raise ValueError('hw:cpu_policy=%s is not modelled; only shared and '
                         'dedicated are' % cpu_policy)
    cpu_class = 'PCPU' if cpu_policy == 'dedicated' else 'VCPU'
    unsuffixed = {cpu_class: flavor['vcpus'], 'MEMORY_MB': flavor['ram'],
                  'DISK_GB': disk_gb}
    suffixed = {}
    for key, value in extra_specs.items():
        match = _RESOURCES_SPEC.match(key)
        if not match:
            continue
        suffix, resource_class = match.groups()
        if suffix:
            suffixed[resource_class] = (suffixed.get(resource_class, 0) +
                                        _amount(key, value))
        else:
            unsuffixed[resource_class] = _amount(key, value)
    total = dict(unsuffixed)
    for resource_class, amount in suffixed.items():
        total[resource_class] = total.get(resource_class, 0) + amount
    return {rc: amount for rc, amount in total.items() if amount}

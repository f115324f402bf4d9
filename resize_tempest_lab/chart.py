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

"""The benchmark's chart: scenario medians against the three peers."""

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402  (after choosing Agg)

COLORS = {1: '#1f77b4', 2: '#6baed6', 4: '#c6dbef'}
PEER_COLOR = '#ff7f0e'
NOVA_COLOR = '#2ca02c'


def draw(result, path):
    """Horizontal bars: each scenario at each concurrency, then the peers.

    A dashed line marks tempest's test_cold_migration, the target.
    """
    scenarios = result['scenarios']
    concurrencies = result['concurrencies']
    names = sorted(scenarios)
    peers = result['peers']
    nova = result.get('nova_peer') or {}
    rows = [(name, {c: scenarios[name]['median_s'].get(str(c))
                    for c in concurrencies}) for name in names]
    peer_rows = [('tempest ' + name.split('.')[-1] + ' (c=1)',
                  peers[name]['median_s'], PEER_COLOR)
                 for name in sorted(peers)]
    if nova.get('test_median_s') is not None:
        peer_rows.append(('nova test_bug_1825537: test',
                          nova['test_median_s'], NOVA_COLOR))
        peer_rows.append(('nova test_bug_1825537: process',
                          nova['process_median_s'], NOVA_COLOR))

    height = 0.8 / len(concurrencies)
    fig, ax = plt.subplots(figsize=(10, 0.55 * (len(rows) +
                                                len(peer_rows)) + 2.2))
    labels, ticks = [], []
    y = 0.0
    for name, values in rows:
        for offset, concurrency in enumerate(concurrencies):
            value = values.get(concurrency)
            if value is not None:
                ax.barh(y + offset * height, value, height,
                        color=COLORS.get(concurrency, '#999999'),
                        label='scenario, concurrency %d' % concurrency
                        if name == names[0] else None)
        ticks.append(y + height * (len(concurrencies) - 1) / 2.0)
        labels.append(name)
        y += 1.0
    for label, value, color in peer_rows:
        if value is not None:
            ax.barh(y + height, value, height * 2, color=color)
        ticks.append(y + height)
        labels.append(label)
        y += 1.0
    cold = [peers[n]['median_s'] for n in peers
            if n.endswith('.test_cold_migration')]
    if cold and cold[0] is not None:
        ax.axvline(cold[0], color=PEER_COLOR, linestyle='--',
                   label='tempest test_cold_migration (target)')
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel('median seconds (%d repetitions)' % result['repeat'])
    ax.set_title('Scenario time vs tempest and nova peers, same cloud')
    ax.legend(fontsize=8, loc='upper center', ncol=2,
              bbox_to_anchor=(0.5, -0.07))
    ax.grid(axis='x', alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path

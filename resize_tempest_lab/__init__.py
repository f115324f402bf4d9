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

"""The lab: benchmarks and soaks of the scenarios and the embedded cloud.

``resize-tempest-lab SUBCOMMAND`` (see cli.py) times the scenarios against
their peers, soaks them, restarts services under them, measures the
allocation audit and the cloud itself.  It drives the cloud through
``resize-tempest-cloud`` and tempest through ``tempest run``; nothing in
the plugin, the Nova side, the cloud or the proxy imports this package.
"""

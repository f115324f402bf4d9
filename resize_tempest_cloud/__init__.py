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

"""The embedded cloud's launcher: a real small OpenStack on 127.0.0.1.

``resize-tempest-cloud up|status|run|down|restart|smoke`` (see cli.py)
starts MariaDB, RabbitMQ, Keystone, Glance, Neutron, Placement and Nova
from the current virtualenv, writes a tempest workspace and stops every
process it started.  Nothing in the plugin's tests imports this package.
"""

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

"""Run nova-compute with the fault driver loadable as nova.virt.resize_fault.

Nova imports its compute driver as ``nova.virt.<compute_driver>``; this
launcher registers the fault driver module under that name, then runs
nova-compute with the command line it was given::

    resize-fault-nova-compute --config-file /etc/nova/nova.conf

with ``compute_driver = resize_fault.FaultInjectingDriver`` in nova.conf.
"""

import sys

DRIVER_MODULE_NAME = 'nova.virt.resize_fault'


def register_driver():
    """Make the fault driver importable as nova.virt.resize_fault."""
    import nova.virt

    from resize_tempest_nova import fault_driver
    sys.modules[DRIVER_MODULE_NAME] = fault_driver
    nova.virt.resize_fault = fault_driver


def main():
    # nova.cmd decides how to patch the standard library before anything
    # else of Nova is imported, so it comes first.
    from nova.cmd import compute
    register_driver()
    return compute.main()


if __name__ == '__main__':
    sys.exit(main())

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

"""The fault driver's decision: should this call fail, and how.

Kept free of Nova imports so that it can be unit tested anywhere.
"""

import dataclasses
import threading

from resize_tempest_plugin import faults


class FaultInjector(object):
    """Decides whether a driver method must fail for a flavor, and how.

    :param host: the host name of the nova-compute this runs in.
    :param namespace: the flavor extra-spec namespace to read.
    """

    def __init__(self, host, namespace=faults.DEFAULT_NAMESPACE):
        self.host = host
        self.namespace = namespace
        self._fired = set()
        self._lock = threading.Lock()

    def fault_for(self, driver_method, extra_specs, instance_uuid,
                  task_state=None, vm_state=None):
        """Return the faults.FaultRequest to inject now, or None.

        A flavor without the namespace's extra specs never gets a fault.
        A fault on a method that also runs outside the move (spawn,
        destroy) fires only in the task and vm states its stage names, so a
        server of that flavor still boots and deletes.  A fault limited to
        another host is not injected here; a fault marked ``once`` is
        injected only the first time for an instance.

        :param task_state: the instance's task state during the call.
        :param vm_state: the instance's vm state during the call.
        :raises ValueError: the flavor's fault extra specs are invalid.
        """
        request = faults.parse_fault_request(extra_specs, self.namespace)
        if request is None or not request.stage.fires_in(
                driver_method, task_state, vm_state):
            return None
        if not request.applies_to(self.host):
            return None
        if request.once:
            key = (instance_uuid, request.stage.name, driver_method)
            with self._lock:
                if key in self._fired:
                    return None
                self._fired.add(key)
        if driver_method == request.stage.reached_through:
            # The failure that leads to the stage only raises: a crash or
            # a hold acts at the stage itself.
            return dataclasses.replace(request, kind=faults.RAISE)
        return request

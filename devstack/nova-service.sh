#!/usr/bin/env bash
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

# nova-service.sh kill|restart SERVICE - kill (SIGKILL, no graceful stop)
# or restart a controller service of Nova on a devstack node.
#
# SERVICE is nova-conductor (the units devstack@n-super-cond and
# devstack@n-cond-cell1, or devstack@n-cond with a single conductor) or
# nova-scheduler (devstack@n-sch).  "kill" is [resize_fault]
# service_kill_command of tempest.conf on such a node, "restart"
# service_restart_command.
set -o errexit -o nounset -o pipefail

if [[ $# -ne 2 || ! "$1" =~ ^(kill|restart)$ ]]; then
    echo "usage: $0 kill|restart nova-conductor|nova-scheduler" >&2
    exit 2
fi
case $2 in
    nova-conductor) units='devstack@n-*cond*.service' ;;
    nova-scheduler) units='devstack@n-sch.service' ;;
    *)
        echo "$2 is not a controller service (nova-conductor, nova-scheduler)" >&2
        exit 2
        ;;
esac
if [[ "$1" == kill ]]; then
    sudo systemctl kill --signal=SIGKILL "$units"
else
    sudo systemctl restart "$units"
fi

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

# fake-compute.sh ACTION NODE HOST - restart or stop the devstack fake
# nova-compute whose host name is HOST, on the node devstack calls NODE
# ($HOSTNAME).
#
# devstack names fake compute i "${HOSTNAME}i" and runs it as the systemd
# unit devstack@n-cpu-i.  "restart" is [resize_fault]
# compute_restart_command of tempest.conf on such a node, "stop" its
# compute_stop_command, "kill" (SIGKILL) its compute_kill_command; the
# scenarios then wait themselves until the compute API shows the service
# reported anew.
set -o errexit -o nounset -o pipefail

if [[ $# -ne 3 || ! "$1" =~ ^(restart|stop|kill)$ ]]; then
    echo "usage: $0 restart|stop|kill NODE HOST" >&2
    exit 2
fi
action=$1
node=$2
host=$3
index=${host#"$node"}
if [[ "$index" == "$host" || ! "$index" =~ ^[0-9]+$ ]]; then
    echo "$host is not a fake compute of node $node (${node}1, ${node}2...)" >&2
    exit 2
fi
if [[ "$action" == kill ]]; then
    sudo systemctl kill --signal=SIGKILL "devstack@n-cpu-$index.service"
else
    sudo systemctl "$action" "devstack@n-cpu-$index.service"
fi

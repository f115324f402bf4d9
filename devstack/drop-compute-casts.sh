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

# drop-compute-casts.sh NOVA_CPU_CONF HOST - drop what waits in the RPC
# queues of the (stopped) nova-compute of HOST and print how many messages
# that was.
#
# The queues are compute.HOST and, since Nova 34, compute-alt.HOST, in the
# RabbitMQ vhost of the computes' transport_url (NOVA_CPU_CONF).  This is
# [resize_fault] drop_casts_command of tempest.conf on a devstack node.
set -o errexit -o nounset -o pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 NOVA_CPU_CONF HOST" >&2
    exit 2
fi
conf=$1
host=$2
url=$(sed -n 's/^transport_url *= *//p' "$conf" | head -n 1)
if [[ -z "$url" ]]; then
    echo "no transport_url in $conf" >&2
    exit 2
fi
vhost=${url##*/}
vhost=${vhost:-/}
dropped=0
while read -r queue messages; do
    if [[ "$queue" == "compute.$host" || "$queue" == "compute-alt.$host" ]]; then
        sudo rabbitmqctl -q purge_queue -p "$vhost" "$queue" > /dev/null
        dropped=$((dropped + messages))
    fi
done < <(sudo rabbitmqctl -q list_queues -p "$vhost" name messages)
echo "$dropped"

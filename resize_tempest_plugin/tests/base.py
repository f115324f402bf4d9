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

"""What every test of the plugin shares: Nova, and tempest's microversions.

Subclasses name the microversions they need in class attributes; the
checks and tempest's API microversion fixture do the rest, as tempest's
own scenario manager does.
"""

from tempest import config
from tempest.lib.common import api_version_utils
from tempest import test

CONF = config.CONF


class MicroversionedTest(test.BaseTestCase):
    """Skips without Nova or its microversions; requests them per class."""

    compute_min_microversion = None
    compute_max_microversion = api_version_utils.LATEST_MICROVERSION
    placement_min_microversion = None
    placement_max_microversion = api_version_utils.LATEST_MICROVERSION

    @classmethod
    def skip_checks(cls):
        super().skip_checks()
        if not CONF.service_available.nova:
            raise cls.skipException('Nova is not available: '
                                    '[service_available] nova = False.')
        api_version_utils.check_skip_with_microversion(
            cls.compute_min_microversion, cls.compute_max_microversion,
            CONF.compute.min_microversion, CONF.compute.max_microversion)
        api_version_utils.check_skip_with_microversion(
            cls.placement_min_microversion, cls.placement_max_microversion,
            CONF.placement.min_microversion, CONF.placement.max_microversion)

    @classmethod
    def resource_setup(cls):
        super().resource_setup()
        cls.setup_api_microversion_fixture(
            compute_microversion=api_version_utils.select_request_microversion(
                cls.compute_min_microversion, CONF.compute.min_microversion),
            placement_microversion=(
                api_version_utils.select_request_microversion(
                    cls.placement_min_microversion,
                    CONF.placement.min_microversion)))

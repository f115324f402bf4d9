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

"""Sphinx configuration of the resize-tempest-plugin documentation."""

import os
import sys

# oslo_config.sphinxext: the show-options directive of configuration.rst
# reads the options through the plugin's oslo.config.opts entry point.
# doc/source/_exts: the known-defects directive renders the known Nova
# defects from the fault catalogue, the coverage-map directive the
# coverage map.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '_exts'))
extensions = [
    'oslo_config.sphinxext',
    'known_defects_page',
    'coverage_page',
]

project = 'resize-tempest-plugin'
copyright = '2026, The resize-tempest-plugin Authors'
author = 'The resize-tempest-plugin Authors'

root_doc = 'index'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = []
pygments_style = 'sphinx'

html_theme = 'alabaster'
html_static_path = []
html_theme_options = {
    'description': 'Placement allocations after failed resizes',
    'fixed_sidebar': True,
}

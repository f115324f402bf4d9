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

"""tools/check_zuul_jobs.py: the real zuul.d passes, each mistake fails."""

import copy
import importlib.util
import os

import testtools

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_checker():
    spec = importlib.util.spec_from_file_location(
        'check_zuul_jobs', os.path.join(REPO_DIR, 'tools',
                                        'check_zuul_jobs.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


try:
    import yaml  # noqa: F401  (the checker's one dependency)
    checker = _load_checker()
except ImportError:
    checker = None


@testtools.skipIf(checker is None, 'PyYAML is not installed')
class CheckZuulJobsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.config = checker.load_config()

    def problems(self):
        return checker.check(self.config)

    def job(self, name):
        return self.config.jobs[name][1]

    def pipeline(self, name):
        return self.config.projects[0][1][name]['jobs']

    def assertProblem(self, text):
        problems = self.problems()
        self.assertTrue(any(text in problem for problem in problems),
                        '%r not among %s' % (text, problems))

    def test_the_real_configuration_passes(self):
        self.assertEqual([], self.problems())

    def test_missing_stable_variant(self):
        name = 'resize-tempest-plugin-fake-computes-2025-2'
        del self.config.jobs[name]
        self.pipeline('check').remove(name)
        self.assertProblem('override-checkout: stable/2025.2')

    def test_stable_variant_out_of_check(self):
        self.pipeline('check').remove(
            'resize-tempest-plugin-fake-computes-2026-1')
        self.assertProblem('fake-computes-2026-1: not in the check')

    def test_stable_variant_without_nodeset(self):
        del self.job('resize-tempest-plugin-fake-computes-2026-1')['nodeset']
        self.assertProblem('no nodeset')

    def test_every_older_release_needs_a_variant(self):
        self.assertEqual(['2025.2', '2026.1'], checker.stable_releases())

    def test_tox_devstack_not_gating(self):
        self.pipeline('gate').remove('resize-tempest-plugin-tox-devstack')
        self.assertProblem('tox -e devstack')

    def test_tox_zuul_missing(self):
        name = 'resize-tempest-plugin-tox-zuul'
        del self.config.jobs[name]
        for pipeline in ('check', 'gate'):
            self.pipeline(pipeline).remove(name)
        self.assertProblem('tox -e zuul')

    def stop_copying(self, job_name, part):
        """Drop the job's zuul_copy_output entries whose path has ``part``."""
        copied = self.job(job_name)['vars']['zuul_copy_output']
        self.job(job_name)['vars']['zuul_copy_output'] = {
            key: value for key, value in copied.items() if part not in key}

    def test_reports_not_collected(self):
        self.stop_copying('resize-tempest-plugin-fake-computes',
                          'resize_fault_reports')
        self.assertProblem('does not collect {{ devstack_base_dir }}/'
                           'tempest/resize_fault_reports')

    def test_audit_output_not_collected(self):
        self.stop_copying('resize-tempest-plugin-multinode-libvirt',
                          'allocation-audit')
        self.assertProblem('allocation-audit.txt')

    def test_paths_follow_the_devstack_plugin_and_playbook(self):
        self.assertEqual(
            ['{{ devstack_base_dir }}/tempest/resize_fault_reports',
             '{{ devstack_base_dir }}/tempest/allocation-audit.txt'],
            checker.collected_paths())

    def test_masked_derived_option(self):
        job = self.job('resize-tempest-plugin-fake-computes')
        test_config = copy.deepcopy(job['vars']['devstack_local_conf'])
        test_config['test-config']['$TEMPEST_CONFIG']['resize_fault'] = {
            'available_stages': 'scheduling'}
        job['vars']['devstack_local_conf'] = test_config
        self.assertProblem('masks what the devstack plugin derives')

    def test_stable_variant_inherits_required_projects(self):
        self.assertNotIn('required-projects', self.job(
            'resize-tempest-plugin-fake-computes-2025-2'))
        self.assertFalse([problem for problem in self.problems()
                          if 'required-projects' in problem])

    def set_stages(self, job_name, stages, **localrc):
        variables = self.job(job_name)['vars']
        variables['devstack_localrc'] = dict(
            variables.get('devstack_localrc') or {},
            RESIZE_FAULT_STAGES=stages, **localrc)

    def test_unknown_stage(self):
        self.set_stages('resize-tempest-plugin-multinode-libvirt',
                        'scheduling, nope')
        self.assertProblem('RESIZE_FAULT_STAGES names unknown stages nope')

    def test_fault_driver_deployed_needs_every_stage(self):
        # 'yes' deploys it as true does (a localrc truth value).
        self.set_stages('resize-tempest-plugin-fake-computes',
                        ['scheduling', 'claim'], RESIZE_FAULT_DRIVER='yes')
        self.assertProblem('deploys the fault driver but '
                           'RESIZE_FAULT_STAGES leaves out resize_instance')

    def test_stage_needing_the_fault_driver_without_it(self):
        self.set_stages('resize-tempest-plugin-multinode-libvirt',
                        'scheduling,claim', RESIZE_FAULT_DRIVER='off')
        problems = self.problems()
        self.assertTrue(any('has claim, which need the fault driver' in p
                            for p in problems), problems)
        self.assertFalse(any('scheduling' in p for p in problems), problems)

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

"""Check the structure of the Zuul configuration in zuul.d/, offline.

    python tools/check_zuul_jobs.py [--zuul-dir zuul.d]

Zuul reports a broken configuration only once a change is proposed.  This
loads every zuul.d/*.yaml and checks the pipelines, each job defined here,
the stable-branch variants, the gating tox jobs and the output each
scenario job collects (doc/source/usage/zuul.rst lists every check).  It
prints every problem found and exits non-zero if there is any.
"""

import argparse
import glob
import os
import re
import sys

import yaml

PLUGIN = 'resize-tempest-plugin'
REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ZUUL_DIR = os.path.join(REPO_DIR, 'zuul.d')

# Top-level entries a Zuul configuration file may hold.
KNOWN_ENTRY_TYPES = frozenset([
    'job', 'nodeset', 'pragma', 'project', 'project-template', 'queue',
    'secret', 'semaphore'])

# Jobs of other projects that the pipelines may name without defining them.
KNOWN_EXTERNAL_JOBS = frozenset([
    'devstack-tempest', 'openstack-tox-docs', 'openstack-tox-pep8',
    'openstack-tox-py3', 'openstack-tox-py310', 'openstack-tox-py311',
    'openstack-tox-py312', 'tempest-full-py3', 'tempest-multinode-full-py3'])

PIPELINES = ('check', 'gate')

# The job every stable-branch variant runs on an older release.
FAKE_COMPUTES_JOB = 'resize-tempest-plugin-fake-computes'
# The project's own tox environments that must gate: `tox_envlist` of a
# job of ours whose ancestry is openstack-tox.
GATING_TOX_ENVS = ('devstack', 'zuul')
TOX_PARENT = 'openstack-tox'
RELEASES_DIR = os.path.join(REPO_DIR, 'resize_tempest_cloud', 'releases')
PLUGIN_SH = os.path.join(REPO_DIR, 'devstack', 'plugin.sh')
AUDIT_PLAYBOOK = os.path.join(REPO_DIR, 'playbooks', 'allocation-audit.yaml')

# The truth values of a localrc setting.
_TRUTH = {'1': True, 'true': True, 'yes': True, 'on': True,
          '0': False, 'false': False, 'no': False, 'off': False}


class ZuulConfig(object):
    """Jobs and projects of a Zuul configuration directory."""

    def __init__(self):
        # {job name: (file name, job definition)}
        self.jobs = {}
        # [(file name, project definition)]
        self.projects = []
        self.problems = []

    def problem(self, where, text):
        self.problems.append('%s: %s' % (where, text))


def load_config(zuul_dir=DEFAULT_ZUUL_DIR):
    """A ZuulConfig of every *.yaml of ``zuul_dir``, and reading problems."""
    config = ZuulConfig()
    paths = sorted(glob.glob(os.path.join(zuul_dir, '*.yaml')))
    if not paths:
        config.problem(zuul_dir, 'no *.yaml file')
    for path in paths:
        name = os.path.relpath(path, os.path.dirname(zuul_dir))
        try:
            with open(path) as stream:
                entries = yaml.safe_load(stream)
        except (OSError, yaml.YAMLError) as error:
            config.problem(name, 'cannot be read: %s' % error)
            continue
        _add_entries(config, name, entries)
    return config


def _add_entries(config, name, entries):
    if not isinstance(entries, list):
        config.problem(name, 'is not a list of entries')
        return
    for index, entry in enumerate(entries):
        where = '%s entry %d' % (name, index + 1)
        if not isinstance(entry, dict) or len(entry) != 1:
            config.problem(where, 'is not a mapping with a single key')
            continue
        kind, body = next(iter(entry.items()))
        if kind not in KNOWN_ENTRY_TYPES:
            config.problem(where, 'unknown entry type %r' % kind)
            continue
        if not isinstance(body, dict):
            config.problem(where, '%s is not a mapping' % kind)
            continue
        if kind == 'job':
            job_name = body.get('name')
            if not job_name:
                config.problem(where, 'job without a name')
            elif job_name in config.jobs:
                config.problem(where, 'job %s is defined twice (also in %s)'
                               % (job_name, config.jobs[job_name][0]))
            else:
                config.jobs[job_name] = (name, body)
        elif kind == 'project':
            config.projects.append((name, body))


def _pipeline_job_names(config, where, project, pipeline):
    """The job names of one pipeline of a project."""
    section = project.get(pipeline)
    if not isinstance(section, dict) or not isinstance(
            section.get('jobs'), list) or not section['jobs']:
        config.problem(where, 'no %s jobs' % pipeline)
        return []
    names = []
    for job in section['jobs']:
        if isinstance(job, str):
            names.append(job)
        elif isinstance(job, dict) and len(job) == 1:
            names.append(next(iter(job)))
        else:
            config.problem(where, '%s job entry %r is neither a name nor a '
                           'mapping with a single name' % (pipeline, job))
    return names


def check_projects(config):
    """The pipelines only name known jobs; gate jobs also run in check."""
    if not config.projects:
        config.problem('zuul.d', 'no project entry')
    for name, project in config.projects:
        where = '%s project' % name
        jobs = {}
        for pipeline in PIPELINES:
            jobs[pipeline] = _pipeline_job_names(config, where, project,
                                                 pipeline)
            for job in jobs[pipeline]:
                if (job not in config.jobs and
                        job not in KNOWN_EXTERNAL_JOBS):
                    config.problem(where, '%s job %s is not defined'
                                   % (pipeline, job))
        for job in jobs['gate']:
            if job not in jobs['check']:
                config.problem(where, 'gate job %s does not run in check'
                               % job)


def _merge(base, override):
    """Zuul's deep merge of job variables."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def job_vars(config, job_name, seen=()):
    """A job's variables, with those it inherits from jobs defined here."""
    if job_name not in config.jobs or job_name in seen:
        return {}
    job = config.jobs[job_name][1]
    own = job.get('vars') or {}
    if not isinstance(own, dict):
        return {}
    return _merge(job_vars(config, job.get('parent'), seen + (job_name,)),
                  own)


def _truth(value):
    """True, False or None (unset or unreadable) for a localrc value."""
    if isinstance(value, bool) or value is None:
        return value
    return _TRUTH.get(str(value).strip().lower())


def _fault_driver_deployed(localrc):
    """Whether devstack/plugin.sh deploys the fault driver for a localrc."""
    explicit = _truth(localrc.get('RESIZE_FAULT_DRIVER'))
    return (localrc.get('VIRT_DRIVER') == 'fake' if explicit is None
            else explicit)


def _stage_names(value):
    items = value if isinstance(value, list) else str(value).split(',')
    return [str(item).strip() for item in items if str(item).strip()]


def _load_faults():
    """The fault catalogue, or None when it cannot be imported."""
    if REPO_DIR not in sys.path:
        sys.path.insert(0, REPO_DIR)
    try:
        from resize_tempest_plugin import faults
    except ImportError:
        return None
    return faults


# [resize_fault] options of tempest.conf that the devstack plugin writes
# (configure_resize_tempest_plugin): a job's test-config must not mask them.
DERIVED_OPTIONS = frozenset((
    'enabled', 'available_stages', 'extra_spec_namespace',
    'resize_to_same_host', 'first_choice_weigher', 'source_host',
    'dest_host', 'alternate_host'))


def check_job(config, job_name, faults=None):
    """The problems of one job defined here."""
    file_name, job = config.jobs[job_name]
    where = '%s job %s' % (file_name, job_name)
    if job.get('abstract'):
        return
    # Zuul adds a job's required-projects to its parent's.
    required = [project for name in _ancestry(config, job_name)
                if name in config.jobs
                for project in config.jobs[name][1].get(
                    'required-projects') or []]
    if not any(str(project).split('/')[-1] == PLUGIN
               for project in required):
        config.problem(where, 'required-projects does not include %s'
                       % PLUGIN)

    variables = job_vars(config, job_name)
    if PLUGIN not in (variables.get('tempest_plugins') or []):
        config.problem(where, 'vars.tempest_plugins does not contain %s'
                       % PLUGIN)
    regex = variables.get('tempest_test_regex')
    if not regex or not isinstance(regex, str):
        config.problem(where, 'no vars.tempest_test_regex')
    elif 'resize_tempest_plugin' not in regex:
        config.problem(where, 'vars.tempest_test_regex %r does not select '
                       'the plugin\'s tests' % regex)
    plugins = variables.get('devstack_plugins')
    if not isinstance(plugins, dict) or PLUGIN not in plugins:
        config.problem(where, 'vars.devstack_plugins does not name %s'
                       % PLUGIN)

    local_conf = variables.get('devstack_local_conf') or {}
    test_config = (local_conf.get('test-config') or {}).get(
        '$TEMPEST_CONFIG') or {}
    masked = sorted(set(test_config.get('resize_fault') or {}) &
                    DERIVED_OPTIONS)
    if masked:
        config.problem(where, '[resize_fault] %s in vars.devstack_local_conf.'
                       'test-config masks what the devstack plugin derives '
                       '(set RESIZE_FAULT_* in devstack_localrc instead)'
                       % ', '.join(masked))
    if faults is None:
        return
    localrc = variables.get('devstack_localrc') or {}
    stages = _stage_names(localrc.get('RESIZE_FAULT_STAGES') or '')
    unknown = [stage for stage in stages
               if stage not in faults.STAGES_BY_NAME]
    if unknown:
        config.problem(where, 'RESIZE_FAULT_STAGES names unknown stages %s; '
                       'known stages: %s'
                       % (', '.join(unknown), ', '.join(faults.STAGE_NAMES)))
    if stages and _fault_driver_deployed(localrc):
        missing = [name for name in faults.STAGE_NAMES if name not in stages]
        if missing:
            config.problem(where, 'the job deploys the fault driver but '
                           'RESIZE_FAULT_STAGES leaves out %s'
                           % ', '.join(missing))
    elif stages:
        needing = [stage for stage in stages
                   if stage in faults.STAGES_BY_NAME and
                   faults.STAGES_BY_NAME[stage].needs_fault_driver]
        if needing:
            config.problem(where, 'RESIZE_FAULT_STAGES has %s, which need '
                           'the fault driver, but the job does not deploy '
                           'it (VIRT_DRIVER=fake or RESIZE_FAULT_DRIVER=true)'
                           % ', '.join(needing))


def _ancestry(config, job_name):
    """The job and its parents, nearest first, to one defined elsewhere."""
    chain = []
    while job_name and job_name not in chain:
        chain.append(job_name)
        if job_name not in config.jobs:
            break
        job_name = config.jobs[job_name][1].get('parent')
    return chain


def _pipeline_jobs(config):
    """{pipeline: set of job names} over every project entry."""
    found = {pipeline: set() for pipeline in PIPELINES}
    for name, project in config.projects:
        for pipeline in PIPELINES:
            found[pipeline].update(_pipeline_job_names(
                config, '%s project' % name, project, pipeline))
    return found


def stable_releases(releases_dir=RELEASES_DIR):
    """The releases the plugin runs on but the newest, e.g. ['2025.2']."""
    names = [name[:-len('.txt')] for name in os.listdir(releases_dir)
             if name.endswith('.txt')]
    names.sort(key=lambda name: tuple(int(part) for part in
                                      name.split('.')))
    return names[:-1]


def check_stable_variants(config, releases):
    """A variant of the fake-computes job per older release, in check."""
    pipelines = _pipeline_jobs(config)
    for release in releases:
        branch = 'stable/%s' % release
        variants = [name for name, (_, job) in sorted(config.jobs.items())
                    if job.get('override-checkout') == branch and
                    FAKE_COMPUTES_JOB in _ancestry(config, name)[1:]]
        if not variants:
            config.problem('zuul.d', 'no variant of %s with '
                           'override-checkout: %s (release %s has a pins '
                           'file)' % (FAKE_COMPUTES_JOB, branch, release))
            continue
        for name in variants:
            where = '%s job %s' % (config.jobs[name][0], name)
            if not config.jobs[name][1].get('nodeset'):
                config.problem(where, 'no nodeset: a stable branch runs on '
                               'the nodes of its own time')
            if name not in pipelines['check']:
                config.problem(where, 'not in the check pipeline')


def check_tox_jobs(config):
    """`tox -e devstack` and `tox -e zuul` run in check and gate."""
    pipelines = _pipeline_jobs(config)
    for env in GATING_TOX_ENVS:
        jobs = [name for name in sorted(config.jobs)
                if job_vars(config, name).get('tox_envlist') == env and
                TOX_PARENT in _ancestry(config, name)]
        for pipeline in PIPELINES:
            if not any(name in pipelines[pipeline] for name in jobs):
                config.problem('zuul.d', 'no job running tox -e %s (parent '
                               '%s, tox_envlist: %s) in %s'
                               % (env, TOX_PARENT, env, pipeline))


def collected_paths(plugin_sh=PLUGIN_SH, playbook=AUDIT_PLAYBOOK):
    """The allocation reports and audit output a scenario job must copy."""
    paths = []
    with open(plugin_sh) as f:
        found = re.search(r'resize_fault report_dir "\$TEMPEST_DIR/([^"]+)"',
                          f.read())
    if found:
        paths.append('{{ devstack_base_dir }}/tempest/' + found.group(1))
    with open(playbook) as f:
        found = re.search(r'tee (\{\{ devstack_base_dir \}\}/\S+)',
                          f.read())
    if found:
        paths.append(found.group(1))
    return paths


def check_copy_output(config, paths):
    """Each scenario job collects the reports and the audit output."""
    if len(paths) < 2:
        config.problem('devstack/plugin.sh', 'cannot read where the reports '
                       'and the audit output are written')
    for name in sorted(config.jobs):
        variables = job_vars(config, name)
        if 'tempest_test_regex' not in variables:
            continue
        copied = variables.get('zuul_copy_output') or {}
        for path in paths:
            if path not in copied:
                config.problem('%s job %s' % (config.jobs[name][0], name),
                               'zuul_copy_output does not collect %s' % path)


def check(config, releases=None, paths=None):
    """Run every check; return the list of problems."""
    faults = _load_faults()
    if faults is None:
        config.problem('resize_tempest_plugin.faults',
                       'cannot be imported to check available_stages')
    check_projects(config)
    for job_name in sorted(config.jobs):
        _check_described(config, job_name)
        # A job of ours that runs tempest, not one that only runs tox.
        if TOX_PARENT not in _ancestry(config, job_name):
            check_job(config, job_name, faults)
    check_stable_variants(config, stable_releases() if releases is None
                          else releases)
    check_tox_jobs(config)
    check_copy_output(config, collected_paths() if paths is None else paths)
    return config.problems


def _check_described(config, job_name):
    file_name, job = config.jobs[job_name]
    for key in ('parent', 'description'):
        if not job.get(key):
            config.problem('%s job %s' % (file_name, job_name),
                           'no %s' % key)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--zuul-dir', default=DEFAULT_ZUUL_DIR,
                        help='directory of the Zuul configuration '
                             '(default: %(default)s)')
    args = parser.parse_args(argv)
    config = load_config(args.zuul_dir)
    problems = check(config)
    for problem in problems:
        print(problem)
    if problems:
        print('%d problem(s) in %s' % (len(problems), args.zuul_dir))
        return 1
    print('%s: %d job(s) of ours, %d project(s): OK'
          % (args.zuul_dir, len(config.jobs), len(config.projects)))
    return 0


if __name__ == '__main__':
    sys.exit(main())

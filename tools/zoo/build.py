"""Rebuilds the default model zoo: generates module datasets with the world CLI, trains the four
students and four teachers, exports them into models/ and validates the result.

  /usr/bin/python3 tools/zoo/build.py            full build into models/
  /usr/bin/python3 tools/zoo/build.py --smoke    a few steps per model into a temp dir, then validate
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from recipes import classify, config, facedet, loc, vqa  # noqa: E402
from recipes.context import Context  # noqa: E402
from recipes.train_util import Logger  # noqa: E402
from recipes.validate import validate  # noqa: E402

STEPS = [
    ('classify-student', classify.build_student), ('classify-teacher', classify.build_teacher),
    ('facedet-student', facedet.build_student), ('facedet-teacher', facedet.build_teacher),
    ('loc-student', loc.build_student), ('loc-teacher', loc.build_teacher),
    ('vqa-student', vqa.build_student), ('vqa-teacher', vqa.build_teacher),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--smoke', action='store_true', help='tiny data, a few steps, temp output')
    parser.add_argument('--out', help='output root (default: models/, or a temp dir with --smoke)')
    parser.add_argument('--work', help='dataset/work dir (default: a temp dir, removed afterwards)')
    parser.add_argument('--only', help='comma-separated model names to build (e.g. vqa-student)')
    parser.add_argument('--log', help='progress log file (default: <work>/build.log)')
    parser.add_argument('--threads', type=int, default=2, help='torch threads (sequential builds)')
    parser.add_argument('--jobs', type=int, default=1,
                        help='parallel build jobs of one torch thread each (2 suits a 2-core machine)')
    parser.add_argument('--set', action='append', default=[], metavar='MODEL.FIELD=VALUE',
                        help='override a training setting, e.g. vqa-student.epochs=4')
    parser.add_argument('--no-node-check', action='store_true', help='skip the onnxruntime golden check')
    return parser.parse_args(argv)


# Rough relative training cost, to split the models over parallel jobs.
COST = {'loc-student': 10, 'vqa-student': 10, 'classify-student': 3, 'facedet-student': 3,
        'loc-teacher': 1.5, 'vqa-teacher': 2.5, 'facedet-teacher': 1, 'classify-teacher': 0.5}


def chains(names, jobs):
    """Greedy longest-first split of the models over `jobs` chains of similar total cost."""
    out = [[] for _ in range(jobs)]
    for name in sorted(names, key=lambda n: -COST.get(n, 1)):
        min(out, key=lambda chain: sum(COST.get(n, 1) for n in chain)).append(name)
    return [chain for chain in out if chain]


def run_parallel(args, names, ctx, work, out, log):
    """Generates every dataset first (the CLI must not write one folder twice at once), then runs
    one child build per chain with one torch thread each; returns False when a child fails."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        unique = {repr(ctx.datasets[key]): key for key in ctx.datasets}  # one generation per spec
        list(pool.map(ctx.path, list(unique.values())))
    children = []
    for chain in chains(names, args.jobs):
        cmd = [sys.executable, os.path.abspath(__file__), '--only', ','.join(chain), '--work', work,
               '--out', out, '--threads', '1', '--jobs', '1', '--log', log.path]
        cmd += ['--smoke'] if args.smoke else []
        for override in args.set:
            cmd += ['--set', override]
        log('job: %s' % ', '.join(chain))
        children.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL))
    return all(child.wait() == 0 for child in children)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    started = time.time()
    work = args.work or tempfile.mkdtemp(prefix='vprog-zoo-data-')
    os.makedirs(work, exist_ok=True)
    out = args.out or (tempfile.mkdtemp(prefix='vprog-zoo-smoke-') if args.smoke else os.path.join(REPO, 'models'))
    log = Logger(args.log or os.path.join(work, 'build.log'))
    plan = config.smoke_plan() if args.smoke else config.full_plan()
    for override in args.set:
        target, value = override.split('=', 1)
        model, field = target.split('.', 1)
        plan[1][model][field] = json.loads(value)
    ctx = Context(REPO, work, out, plan, log, smoke=args.smoke)
    names = [name for name, _ in STEPS if not args.only or name in args.only.split(',')]
    log('zoo build: %s out=%s work=%s smoke=%s threads=%d jobs=%d'
        % (','.join(names), out, work, args.smoke, args.threads, args.jobs))
    problems = []
    try:
        if args.jobs > 1 and len(names) > 1:
            if not run_parallel(args, names, ctx, work, out, log):
                problems.append('a build job failed (see the log)')
        else:
            for name, build in STEPS:
                if name in names:
                    ctx.started = time.time()
                    build(ctx)
                    log('%s built in %.0fs' % (name, time.time() - ctx.started))
        if not args.only and not problems:
            problems = validate(out, node_check=not args.no_node_check, repo=REPO, log=log)
        for problem in problems:
            log('INVALID: %s' % problem)
        log('zoo build %s in %.0fs (out=%s)' % ('failed' if problems else 'ok', time.time() - started, out))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if args.smoke and not args.out and not problems:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

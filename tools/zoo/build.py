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
    parser.add_argument('--set', action='append', default=[], metavar='KEY.FIELD=VALUE',
                        help='override a training setting (vqa-student.epochs=4) or a dataset\'s '
                             'seed, count or domain weight (vqa-train.count=60000, vqa-train.dusk=0.06)')
    parser.add_argument('--no-node-check', action='store_true', help='skip the onnxruntime golden check')
    parser.add_argument('--device', default='cpu', help='torch device to train on (cuda: vqa models only)')
    parser.add_argument('--save-weights', metavar='DIR', help='also save each trained model as DIR/<model>.npz')
    parser.add_argument('--load-weights', metavar='DIR',
                        help='skip training: load DIR/<model>.npz (from --save-weights), then test and export')
    parser.add_argument('--train-only', action='store_true',
                        help='train (and --save-weights) without testing or exporting')
    parser.add_argument('--data-only', action='store_true',
                        help='generate and decode the datasets of the selected models, then stop')
    parser.add_argument('--world-cli', help='command that runs the world CLI (default: npx vprog)')
    args = parser.parse_args(argv)
    split = ('--device' if args.device != 'cpu' else None, '--save-weights' if args.save_weights else None,
             '--load-weights' if args.load_weights else None, '--train-only' if args.train_only else None)
    used = [flag for flag in split if flag]
    names = args.only.split(',') if args.only else [name for name, _ in STEPS]
    if used and not set(names) <= WEIGHTS_SPLIT:
        parser.error('%s: supported by %s only (use --only)' % (', '.join(used), ', '.join(sorted(WEIGHTS_SPLIT))))
    if args.train_only and args.load_weights:
        parser.error('--train-only and --load-weights exclude each other')
    unknown = set(names) - {name for name, _ in STEPS}
    if unknown:
        parser.error('unknown model(s) in --only: %s' % ', '.join(sorted(unknown)))
    return args


DOMAINS = ('studio', 'paper', 'noise', 'dusk')

# The recipes that can train on an accelerator and keep their weights apart from the export.
WEIGHTS_SPLIT = {'vqa-student', 'vqa-teacher'}


def apply_overrides(plan, overrides):
    """--set KEY.FIELD=VALUE: a training setting of a model, or a dataset's seed, count or the
    weight of one domain in its mix (vqa-train.dusk=0.06)."""
    datasets, training = plan
    for override in overrides:
        target, value = override.split('=', 1)
        key, field = target.split('.', 1)
        if key in training:
            training[key][field] = json.loads(value)
        elif key in datasets and field in ('seed', 'count'):
            spec = list(datasets[key])
            spec[2 if field == 'seed' else 3] = int(value)
            datasets[key] = tuple(spec)
        elif key in datasets and field in DOMAINS:
            spec = list(datasets[key])
            spec[4] = dict(spec[4], **{field: float(value)})
            datasets[key] = tuple(spec)
        else:
            raise SystemExit('--set %s: no model or dataset field %s' % (override, target))


def datasets_of(names, datasets):
    """The dataset keys the selected models read: those named after their module (vqa-ground
    belongs to vqa)."""
    modules = {name.split('-')[0] for name in names}
    return [key for key in datasets if key.split('-')[0] in modules]


# Rough relative training cost, to split the models over parallel jobs.
COST = {'loc-student': 10, 'vqa-student': 10, 'classify-student': 3, 'facedet-student': 3,
        'loc-teacher': 1.5, 'vqa-teacher': 2.5, 'facedet-teacher': 1, 'classify-teacher': 0.5}


def chains(names, jobs):
    """Greedy longest-first split of the models over `jobs` chains of similar total cost."""
    out = [[] for _ in range(jobs)]
    for name in sorted(names, key=lambda n: -COST.get(n, 1)):
        min(out, key=lambda chain: sum(COST.get(n, 1) for n in chain)).append(name)
    return [chain for chain in out if chain]


def generate_all(ctx, keys, jobs, decode=False):
    """Generates the datasets of `keys`, `jobs` at a time, once per distinct spec (the CLI must not
    write one folder twice at once); with `decode`, also decodes their images into the cache."""
    unique = {repr(ctx.datasets[key]): key for key in keys}
    work = ctx.data if decode else ctx.path
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(work, list(unique.values())))


def run_parallel(args, names, ctx, work, out, log):
    """Generates every dataset first (the CLI must not write one folder twice at once), then runs
    one child build per chain with one torch thread each; returns False when a child fails."""
    generate_all(ctx, datasets_of(names, ctx.datasets), args.jobs)
    children = []
    for chain in chains(names, args.jobs):
        cmd = [sys.executable, os.path.abspath(__file__), '--only', ','.join(chain), '--work', work,
               '--out', out, '--threads', '1', '--jobs', '1', '--log', log.path]
        cmd += ['--smoke'] if args.smoke else []
        for override in args.set:
            cmd += ['--set', override]
        for flag in ('device', 'save_weights', 'load_weights', 'world_cli'):
            if getattr(args, flag) and getattr(args, flag) != 'cpu':
                cmd += ['--' + flag.replace('_', '-'), getattr(args, flag)]
        cmd += ['--train-only'] if args.train_only else []
        cmd += ['--no-node-check']  # the goldens of every job are checked once, by this process, afterwards
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
    apply_overrides(plan, args.set)
    ctx = Context(REPO, work, out, plan, log, smoke=args.smoke, device=args.device,
                  weights_in=args.load_weights, weights_out=args.save_weights,
                  train_only=args.train_only, world_cli=args.world_cli)
    names = [name for name, _ in STEPS if not args.only or name in args.only.split(',')]
    log('zoo build: %s out=%s work=%s smoke=%s threads=%d jobs=%d'
        % (','.join(names), out, work, args.smoke, args.threads, args.jobs))
    problems = []
    try:
        if args.data_only:
            generate_all(ctx, datasets_of(names, ctx.datasets), args.jobs, decode=True)
        elif args.jobs > 1 and len(names) > 1:
            if not run_parallel(args, names, ctx, work, out, log):
                problems.append('a build job failed (see the log)')
        else:
            for name, build in STEPS:
                if name in names:
                    ctx.started = time.time()
                    build(ctx)
                    log('%s built in %.0fs' % (name, time.time() - ctx.started))
        if not problems and not args.data_only and not args.train_only:
            # A partial build checks the versions it wrote (goldens through onnxruntime included).
            models = [tuple(name.split('-')) for name in names] if args.only else None
            problems = validate(out, node_check=not args.no_node_check, repo=REPO, log=log, models=models)
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

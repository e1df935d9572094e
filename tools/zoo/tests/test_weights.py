"""Training apart from export: --set on datasets, the flags' checks, weights saved and loaded with
what they were trained with, and dataset generation that never leaves a half-written folder."""
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import build  # noqa: E402
from recipes import config  # noqa: E402
from recipes import data as dt  # noqa: E402
from recipes.context import Context  # noqa: E402
from recipes.train_util import Logger, load_weights, save_weights  # noqa: E402


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(3, 2)
        self.norm = torch.nn.BatchNorm1d(2)


class OverridesTest(unittest.TestCase):
    def test_set_changes_a_training_setting_or_a_datasets_count_and_seed(self):
        plan = config.full_plan()
        build.apply_overrides(plan, ['vqa-student.epochs=3', 'vqa-train.count=500', 'vqa-train.seed=7',
                                     'vqa-train.dusk=0.06'])
        self.assertEqual(plan[1]['vqa-student']['epochs'], 3)
        self.assertEqual(plan[0]['vqa-train'][2:4], (7, 500))
        self.assertEqual(plan[0]['vqa-train'][4], dict(config.GENERAL, dusk=0.06))
        self.assertNotEqual(config.FULL_DATA['vqa-train'][3], 500)  # the plan is a copy
        self.assertEqual(config.GENERAL['dusk'], 0.005)

    def test_set_refuses_what_it_does_not_know(self):
        for bad in ('nothing.epochs=3', 'vqa-train.domains=1', 'vqa-train.night=1'):
            with self.assertRaises(SystemExit):
                build.apply_overrides(config.full_plan(), [bad])

    def test_the_datasets_of_a_model_are_those_of_its_module(self):
        keys = build.datasets_of(['vqa-student'], config.FULL_DATA)
        self.assertIn('vqa-ground', keys)
        self.assertIn('vqa-teacher-train', keys)
        self.assertFalse([k for k in keys if not k.startswith('vqa-')])

    def test_the_weights_flags_are_refused_for_recipes_that_cannot_keep_weights_apart(self):
        for argv in (['--device', 'cuda'], ['--only', 'loc-student', '--save-weights', 'w'],
                     ['--only', 'vqa-student', '--train-only', '--load-weights', 'w'],
                     ['--only', 'vqa-studnet']):
            with self.assertRaises(SystemExit), open(os.devnull, 'w') as null:
                stderr, sys.stderr = sys.stderr, null
                try:
                    build.parse_args(argv)
                finally:
                    sys.stderr = stderr
        args = build.parse_args(['--only', 'vqa-student,vqa-teacher', '--device', 'cuda', '--train-only',
                                 '--save-weights', 'w'])
        self.assertEqual((args.device, args.save_weights, args.train_only), ('cuda', 'w', True))


class WeightsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_weights_round_trip_with_buffers_and_meta(self):
        net = Net()
        net.norm.running_mean.fill_(0.25)
        path = os.path.join(self.dir, 'net.npz')
        save_weights(path, net, {'epochs': 3, 'device': 'cuda'})
        other = Net()
        meta = load_weights(path, other)
        self.assertEqual(meta, {'epochs': 3, 'device': 'cuda'})
        for key, value in net.state_dict().items():
            self.assertTrue(torch.equal(value, other.state_dict()[key]), key)

    def test_weights_of_another_shape_are_refused(self):
        path = os.path.join(self.dir, 'net.npz')
        save_weights(path, torch.nn.Linear(4, 2), {})
        with self.assertRaises(RuntimeError):
            load_weights(path, Net())

    def test_a_loaded_model_records_the_settings_and_data_it_was_trained_with(self):
        log = Logger(echo=False)
        trained = Context('.', self.dir, self.dir, config.full_plan(), log, device='cuda', weights_out=self.dir)
        trained.training['vqa-student']['epochs'] = 30
        calls = []
        trained.trained('vqa-student', Net(), 'vqa-train', lambda: calls.append(1))
        self.assertEqual(calls, [1])
        loader = Context('.', self.dir, self.dir, config.full_plan(), log, weights_in=self.dir)
        loaded = Net()
        loader.trained('vqa-student', loaded, 'vqa-train', lambda: self.fail('must not train'))
        self.assertFalse(loaded.training)  # as fit() leaves a model: batch norms use running statistics
        recipe = loader.recipe('vqa-student', 'script', 'vqa-train')
        self.assertEqual(recipe['epochs'], 30)
        self.assertEqual(recipe['trainedWith']['device'], 'cuda')
        missing = Context('.', self.dir, self.dir, config.full_plan(), log, weights_in=self.dir)
        with self.assertRaises(FileNotFoundError):
            missing.trained('vqa-teacher', Net(), 'vqa-teacher-train', lambda: None)


class ValidateTest(unittest.TestCase):
    def test_a_partial_build_checks_only_the_versions_it_wrote(self):
        from recipes.validate import validate
        empty = tempfile.mkdtemp()
        try:
            quiet = lambda m: None  # noqa: E731
            self.assertEqual(len(validate(empty, node_check=False, log=quiet)), 8)
            only = validate(empty, node_check=False, log=quiet, models=[('vqa', 'student')])
            self.assertEqual(only, ['missing %s' % os.path.join(empty, 'vqa', 'student', 'v1', 'manifest.json')])
        finally:
            shutil.rmtree(empty, ignore_errors=True)


class GenerateTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, body):
        path = os.path.join(self.dir, 'world.py')
        with open(path, 'w') as handle:
            handle.write('import os, sys\nout = sys.argv[sys.argv.index("--out") + 1]\n'
                         'os.makedirs(out, exist_ok=True)\n' + body)
        return '%s %s' % (sys.executable, path)

    def test_a_failed_generation_leaves_no_dataset_folder(self):
        out = os.path.join(self.dir, 'vqa-train')
        with self.assertRaises(Exception):
            dt.generate(self.dir, 'vqa', 'train', 1, 2, out, {'dusk': 1}, log=lambda m: None,
                        cli=self.cli('open(os.path.join(out, "items.jsonl"), "w").write("{}")\nsys.exit(3)\n'))
        self.assertFalse(os.path.exists(out))
        self.assertEqual([n for n in os.listdir(self.dir) if 'partial' in n], [])

    def test_a_finished_generation_is_complete_and_not_repeated(self):
        out = os.path.join(self.dir, 'vqa-train')
        cli = self.cli('open(os.path.join(out, "items.jsonl"), "w").write("{}")\n')
        self.assertEqual(dt.generate(self.dir, 'vqa', 'train', 1, 2, out, {'dusk': 1}, log=lambda m: None, cli=cli), out)
        self.assertTrue(os.path.exists(os.path.join(out, '.complete')))
        self.assertEqual([n for n in os.listdir(self.dir) if 'partial' in n], [])
        dt.generate(self.dir, 'vqa', 'train', 1, 2, out, {'dusk': 1}, log=lambda m: None, cli=self.cli('sys.exit(4)\n'))


if __name__ == '__main__':
    unittest.main()

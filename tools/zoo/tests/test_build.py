"""Build plumbing: job splitting, the smoke plan, label words, phrase reading."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import build  # noqa: E402
from recipes import config, labels  # noqa: E402
from recipes.vqa import answer_kind, teacher_answers  # noqa: E402


class BuildTest(unittest.TestCase):
    def test_chains_put_the_two_expensive_students_in_different_jobs(self):
        names = [name for name, _ in build.STEPS]
        chains = build.chains(names, 2)
        self.assertEqual(sorted(sum(chains, [])), sorted(names))
        self.assertTrue(any('loc-student' in c and 'vqa-student' not in c for c in chains))

    def test_the_smoke_plan_is_tiny_and_keeps_every_dataset_and_model(self):
        data, train = config.smoke_plan()
        self.assertEqual(set(data), set(config.FULL_DATA))
        self.assertTrue(all(spec[3] <= 64 for spec in data.values()))
        self.assertTrue(all(cfg['max_steps'] <= 5 for cfg in train.values()))

    def test_test_seeds_are_never_training_seeds(self):
        seeds = {key: spec[2] for key, spec in config.FULL_DATA.items()}
        held_out = {seeds[k] for k in seeds if k.endswith('-test')}
        self.assertFalse(held_out & {seeds[k] for k in seeds if k.endswith('-train')})


class LabelsTest(unittest.TestCase):
    def test_phrase_attributes_read_synonyms_and_plurals(self):
        self.assertEqual(labels.phrase_attributes('the big red stars'),
                         {'size': 'large', 'colour': 'red', 'shape': 'star'})
        self.assertEqual(labels.phrase_attributes('small object'), {'size': 'small'})

    def test_the_classify_vocabulary_gains_the_missing_label_words_at_the_end(self):
        words = labels.with_category_words(['red', 'circle'])
        self.assertEqual(words[:2], ['red', 'circle'])
        self.assertIn('smiling', words)
        self.assertEqual(len(words), len(set(words)))

    def test_the_vqa_teacher_answers_exclude_sizes_and_other_kinds(self):
        answers = ['0', '10', 'black', 'circle', 'frowning', 'large', 'left', 'no', 'true', 'yes']
        self.assertEqual(teacher_answers(answers), ['0', '10', 'black', 'circle', 'no', 'yes'])
        self.assertEqual([answer_kind(a) for a in ['3', 'no', 'red', 'star', 'small']],
                         ['count', 'yesNo', 'colour', 'shape', 'size'])


if __name__ == '__main__':
    unittest.main()

"""Grid target encoding round-trips through the contract's decoding; NMS and AP50 behave."""
import unittest

import torch

from recipes import boxes as bx
from recipes.tokenizer import Tokenizer


class BoxesTest(unittest.TestCase):
    def test_encoded_targets_decode_back_to_the_same_boxes(self):
        gt = [[10.0, 20.0, 30.0, 44.0], [70.0, 70.0, 120.0, 90.0]]
        obj, reg, cells = bx.encode_targets(gt)
        grid = torch.full((256, 5), -10.0)
        grid[:, 1:] = reg
        grid[obj > 0, 0] = 5.0
        boxes, scores, chosen = bx.decode(grid, threshold=0.5)
        self.assertEqual(sorted(chosen.tolist()), sorted(cells))
        for box in gt:
            self.assertTrue(any(bx.iou(b, box) > 0.999 for b in boxes))

    def test_nms_keeps_the_higher_score_and_breaks_ties_by_cell_index(self):
        grid = torch.full((256, 5), -10.0)
        grid[:, 3:] = 1.4  # 64-px boxes: neighbours overlap well above 0.5
        grid[17, 0] = 2.0
        grid[18, 0] = 2.0
        grid[100, 0] = 1.0
        boxes, scores, chosen = bx.decode(grid, threshold=0.5)
        self.assertEqual(chosen.tolist(), [17, 100])

    def test_average_precision_is_one_for_perfect_ranking_and_lower_with_a_false_positive_first(self):
        self.assertAlmostEqual(bx.average_precision([(0.9, True), (0.8, True)], 2), 1.0)
        self.assertAlmostEqual(bx.average_precision([(0.9, False), (0.8, True)], 1), 0.5)
        self.assertAlmostEqual(bx.average_precision([(0.9, True)], 2), 0.5)

    def test_match_counts_a_duplicate_detection_as_a_false_positive(self):
        out = bx.match([[0, 0, 10, 10], [1, 0, 11, 10]], [0.9, 0.8], [[0, 0, 10, 10]])
        self.assertEqual(out, [(0.9, True), (0.8, False)])

    def test_root_and_canvas_coordinates_are_inverse(self):
        root = bx.to_root(torch.tensor(bx.to_canvas([[40, 50, 60, 70]], 0.5, (10, 20))), 0.5, (10, 20))
        self.assertEqual(root.tolist(), [[40, 50, 60, 70]])


class TokenizerTest(unittest.TestCase):
    def test_text_is_lowercased_split_mapped_and_padded(self):
        tok = Tokenizer(['red', 'circle'], 4)
        self.assertEqual(tok.ids('Red  CIRCLE?!'), [2, 3, 0, 0])
        self.assertEqual(tok.ids('a red circle x y'), [1, 2, 3, 1])
        self.assertEqual(tok.manifest()['vocab'][:2], ['<pad>', '<unk>'])


if __name__ == '__main__':
    unittest.main()

"""The contract's preprocessing, checked against an explicit scalar rendering of its formulas
(the one the TypeScript runtime implements)."""
import math
import unittest

import numpy as np
import torch

from recipes import preprocess as pp


def reference_bilinear(chw, out_h, out_w):
    """PyTorch's bilinear (align_corners=False, no antialias) written out per output pixel."""
    c, in_h, in_w = chw.shape
    out = np.zeros((c, out_h, out_w), np.float32)
    src = chw.numpy()

    def axis(dst, in_size, out_size):
        scale = in_size / out_size
        real = max((dst + 0.5) * scale - 0.5, 0.0)
        i0 = min(int(math.floor(real)), in_size - 1)
        i1 = min(i0 + 1, in_size - 1)
        lam = real - i0
        return i0, i1, 1.0 - lam, lam

    for y in range(out_h):
        y0, y1, hy0, hy1 = axis(y, in_h, out_h)
        for x in range(out_w):
            x0, x1, wx0, wx1 = axis(x, in_w, out_w)
            out[:, y, x] = hy0 * (wx0 * src[:, y0, x0] + wx1 * src[:, y0, x1]) + \
                hy1 * (wx0 * src[:, y1, x0] + wx1 * src[:, y1, x1])
    return torch.from_numpy(out)


class PreprocessTest(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(0)
        self.image = rng.integers(0, 256, size=(128, 128, 3), dtype=np.uint8)

    def test_bilinear_matches_the_explicit_formula_when_shrinking_and_growing(self):
        chw = pp.to_float(self.image[10:47, 20:33])
        for size in [(32, 32), (64, 64), (20, 7)]:
            got = pp.bilinear(chw, *size)
            self.assertLess(float((got - reference_bilinear(chw, *size)).abs().max()), 1e-5)

    def test_to_float_divides_by_255_in_chw_order(self):
        t = pp.to_float(self.image)
        self.assertEqual(tuple(t.shape), (3, 128, 128))
        self.assertEqual(float(t[1, 5, 7]), np.float32(self.image[5, 7, 1]) / np.float32(255))

    def test_letterbox_places_a_small_view_top_left_on_zeros(self):
        canvas, s, origin = pp.letterbox(self.image, [64, 10, 128, 60])
        self.assertEqual((s, origin), (1.0, (64, 10)))
        self.assertTrue(torch.equal(canvas[:, :50, :64], pp.to_float(self.image[10:60, 64:128])))
        self.assertEqual(float(canvas[:, 50:, :].abs().sum() + canvas[:, :, 64:].abs().sum()), 0.0)

    def test_letterbox_shrinks_a_view_larger_than_the_canvas(self):
        big = np.zeros((256, 200, 3), np.uint8)
        canvas, s, _ = pp.letterbox(big, [0, 0, 200, 256])
        self.assertAlmostEqual(s, 0.5)
        self.assertEqual(tuple(canvas.shape), (3, 128, 128))

    def test_padded_box_pads_ten_percent_but_at_least_two_pixels_and_clamps(self):
        self.assertEqual(pp.padded_box([10, 10, 20, 60], 128, 128), (8, 5, 22, 65))
        self.assertEqual(pp.padded_box([0, 100, 50, 128], 128, 128), (0, 97, 55, 128))

    def test_crop_resize_and_resize_view_have_the_contract_sizes(self):
        self.assertEqual(tuple(pp.crop_resize(self.image, [3, 4, 30, 40]).shape), (3, 32, 32))
        self.assertEqual(tuple(pp.resize_view(self.image, [0, 0, 64, 128]).shape), (3, pp.VQA_SIZE, pp.VQA_SIZE))
        self.assertEqual(tuple(pp.resize_view(self.image, [0, 0, 64, 128], 64).shape), (3, 64, 64))

    def test_an_empty_view_is_rejected(self):
        with self.assertRaises(ValueError):
            pp.letterbox(self.image, [50, 50, 50, 60])


if __name__ == '__main__':
    unittest.main()

import unittest

import torch

from recipes.vqa import photometric


class PhotometricTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.images = torch.rand(400, 3, 8, 8) * 0.5 + 0.25

    def test_off_leaves_the_batch_alone(self):
        self.assertIs(photometric(self.images, 0), self.images)

    def test_changes_about_p_of_the_images_and_stays_in_range(self):
        out = photometric(self.images, 0.5)
        changed = (out != self.images).flatten(1).any(1).float().mean().item()
        self.assertGreater(changed, 0.4)
        self.assertLess(changed, 0.6)
        self.assertGreaterEqual(out.min().item(), 0.0)
        self.assertLessEqual(out.max().item(), 1.0)

    def test_dims_without_a_colour_cast(self):
        out = photometric(self.images, 1.0)
        self.assertLess(out.mean().item(), self.images.mean().item() * 0.8)
        per_channel = out.mean(dim=(0, 2, 3)) / self.images.mean(dim=(0, 2, 3))
        self.assertLess((per_channel.max() - per_channel.min()).item(), 0.02)


if __name__ == '__main__':
    unittest.main()

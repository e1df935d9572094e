"""The model contract's preprocessing, written with explicit torch ops.

The TypeScript runtime reproduces these functions; golden pairs stored next to every exported
model prove that both sides agree within 1e-4. Keep every rounding rule here and in the README.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

SCALE = 1.0 / 255.0
CANVAS = 128
CROP_SIZE = 32
CROP_PAD = 0.1
CROP_PAD_MIN = 2
VQA_SIZE = 128


def round_half_up(value):
    """Rounds x.5 away from zero for non-negative values (never banker's rounding)."""
    return int(math.floor(value + 0.5))


def to_float(image_u8):
    """HWC uint8 numpy array → CHW float32 tensor scaled by 1/255."""
    tensor = torch.from_numpy(np.array(image_u8, dtype=np.uint8)).permute(2, 0, 1).float()
    return tensor / 255.0


def bilinear(chw, height, width):
    """Bilinear resize with PyTorch's align_corners=False, antialias=False formula."""
    if chw.shape[1] == height and chw.shape[2] == width:
        return chw
    return F.interpolate(chw.unsqueeze(0), size=(height, width), mode='bilinear',
                         align_corners=False).squeeze(0)


def clamp_rect(rect, width, height):
    """Integer rect clamped to the image: x1/y1 floored, x2/y2 ceiled; raises on an empty rect."""
    x1 = max(0, int(math.floor(rect[0])))
    y1 = max(0, int(math.floor(rect[1])))
    x2 = min(width, int(math.ceil(rect[2])))
    y2 = min(height, int(math.ceil(rect[3])))
    if x2 <= x1 or y2 <= y1:
        raise ValueError('empty rect %r in %dx%d image' % (rect, width, height))
    return x1, y1, x2, y2


def letterbox(image_u8, view):
    """Detector input: crop the view, shrink it if its larger side exceeds 128, place it top-left
    of a zero 128×128 canvas. Returns (tensor [3,128,128], s, (x0, y0)) so that a canvas
    coordinate c maps to the root coordinate c / s + origin."""
    height, width = image_u8.shape[:2]
    x1, y1, x2, y2 = clamp_rect(view, width, height)
    crop = to_float(image_u8[y1:y2, x1:x2])
    w, h = x2 - x1, y2 - y1
    s = 1.0
    if max(w, h) > CANVAS:
        s = CANVAS / max(w, h)
        crop = bilinear(crop, max(1, min(CANVAS, round_half_up(h * s))),
                        max(1, min(CANVAS, round_half_up(w * s))))
    canvas = torch.zeros(3, CANVAS, CANVAS)
    canvas[:, :crop.shape[1], :crop.shape[2]] = crop
    return canvas, s, (x1, y1)


def padded_box(box, width, height):
    """The classify crop rect: the box padded by 10% of its w/h each side (at least 2 px, the pad
    rounded half up), clamped to the image."""
    x1, y1, x2, y2 = clamp_rect(box, width, height)
    px = max(CROP_PAD_MIN, round_half_up(CROP_PAD * (x2 - x1)))
    py = max(CROP_PAD_MIN, round_half_up(CROP_PAD * (y2 - y1)))
    return max(0, x1 - px), max(0, y1 - py), min(width, x2 + px), min(height, y2 + py)


def crop_resize(image_u8, box, size=CROP_SIZE):
    """classify input: the padded box crop, bilinear-resized to size×size ([3,size,size])."""
    height, width = image_u8.shape[:2]
    x1, y1, x2, y2 = padded_box(box, width, height)
    return bilinear(to_float(image_u8[y1:y2, x1:x2]), size, size)


def resize_view(image_u8, view, size=VQA_SIZE):
    """vqa input: the view crop, bilinear-resized to size×size ([3,size,size])."""
    height, width = image_u8.shape[:2]
    x1, y1, x2, y2 = clamp_rect(view, width, height)
    return bilinear(to_float(image_u8[y1:y2, x1:x2]), size, size)

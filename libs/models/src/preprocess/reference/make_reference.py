"""Writes bilinear-reference.json: what PyTorch computes for the model contract's preprocessing,
so the TypeScript port can be checked against it (max |diff| <= 1e-6).

Run with a Python that has torch and numpy:  python3 make_reference.py
Arrays are stored as base64: images as uint8 HWC RGB, outputs as little-endian float32 CHW.
"""
import base64
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(20240611)


def b64(array):
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode('ascii')


def to_float(image_u8):
    return torch.from_numpy(np.ascontiguousarray(image_u8)).permute(2, 0, 1).float() / 255.0


def bilinear(chw, height, width):
    if chw.shape[1] == height and chw.shape[2] == width:
        return chw
    return F.interpolate(chw.unsqueeze(0), size=(height, width), mode='bilinear', align_corners=False,
                         antialias=False).squeeze(0)


def round_half_up(value):
    return int(math.floor(value + 0.5))


def clamp_rect(rect, width, height):
    x1, y1 = max(0, int(math.floor(rect[0]))), max(0, int(math.floor(rect[1])))
    x2, y2 = min(width, int(math.ceil(rect[2]))), min(height, int(math.ceil(rect[3])))
    return x1, y1, x2, y2


def letterbox(image, view, size):
    h_img, w_img = image.shape[:2]
    x1, y1, x2, y2 = clamp_rect(view, w_img, h_img)
    crop = to_float(image[y1:y2, x1:x2])
    w, h = x2 - x1, y2 - y1
    s = 1.0
    if max(w, h) > size:
        s = size / max(w, h)
        crop = bilinear(crop, max(1, min(size, round_half_up(h * s))), max(1, min(size, round_half_up(w * s))))
    canvas = torch.zeros(3, size, size)
    canvas[:, :crop.shape[1], :crop.shape[2]] = crop
    return canvas, s, (x1, y1)


def crop_resize(image, box, size, pad=0.1, pad_min=2):
    h_img, w_img = image.shape[:2]
    x1, y1, x2, y2 = clamp_rect(box, w_img, h_img)
    px = max(pad_min, round_half_up(pad * (x2 - x1)))
    py = max(pad_min, round_half_up(pad * (y2 - y1)))
    x1, y1, x2, y2 = max(0, x1 - px), max(0, y1 - py), min(w_img, x2 + px), min(h_img, y2 + py)
    return bilinear(to_float(image[y1:y2, x1:x2]), size, size)


def resize_view(image, view, size):
    h_img, w_img = image.shape[:2]
    x1, y1, x2, y2 = clamp_rect(view, w_img, h_img)
    return bilinear(to_float(image[y1:y2, x1:x2]), size, size)


def image(height, width):
    return rng.randint(0, 256, size=(height, width, 3)).astype(np.uint8)


def main():
    cases = []
    for (h, w, oh, ow) in [(5, 7, 3, 4), (7, 5, 13, 11), (30, 20, 32, 32), (37, 40, 48, 48), (70, 60, 40, 40),
                           (17, 33, 32, 32), (1, 9, 4, 4), (12, 12, 12, 12)]:
        img = image(h, w)
        out = bilinear(to_float(img), oh, ow)
        cases.append({'op': 'bilinear', 'height': h, 'width': w, 'outHeight': oh, 'outWidth': ow,
                      'image': b64(img), 'output': b64(out.numpy().astype('<f4'))})
    img = image(30, 40)
    for view in [[3, 2, 37, 29], [0, 0, 40, 30], [5.5, 4.2, 12.7, 20.1]]:
        out, s, origin = letterbox(img, view, 16)
        cases.append({'op': 'letterbox', 'height': 30, 'width': 40, 'size': 16, 'view': view, 'image': b64(img),
                      'scale': s, 'origin': list(origin), 'output': b64(out.numpy().astype('<f4'))})
    img = image(48, 40)
    for box in [[10, 12, 24, 30], [0, 0, 6, 5], [30, 40, 40, 48], [2.4, 3.6, 38.2, 20.9]]:
        out = crop_resize(img, box, 32)
        cases.append({'op': 'crop-resize', 'height': 48, 'width': 40, 'size': 32, 'box': box, 'image': b64(img),
                      'output': b64(out.numpy().astype('<f4'))})
    for view in [[0, 0, 40, 48], [5, 6, 33, 20]]:
        out = resize_view(img, view, 24)
        cases.append({'op': 'resize', 'height': 48, 'width': 40, 'size': 24, 'view': view, 'image': b64(img),
                      'output': b64(out.numpy().astype('<f4'))})
    with open(os.path.join(HERE, 'bilinear-reference.json'), 'w') as handle:
        json.dump({'torch': torch.__version__, 'cases': cases}, handle)
    print('wrote %d cases' % len(cases))


if __name__ == '__main__':
    main()

"""Detector plumbing shared by loc and facedet (students and teachers): batches of letterboxed
views with grid targets, and AP50 evaluation with the contract's decoding."""
import numpy as np
import torch

from . import boxes as bx
from .preprocess import CANVAS, clamp_rect, letterbox


class DetectionSet:
    """Items of a detector dataset prepared for training: views, phrase ids, grid targets and
    optional per-box class ids (teachers)."""

    def __init__(self, dataset, tokenizer=None, classes_of=None):
        self.ds = dataset
        self.items = dataset.items
        n = len(self.items)
        self.tokens = tokenizer.encode([it['phrase'] for it in self.items]) if tokenizer else None
        self.obj = torch.zeros(n, bx.CELLS)
        self.reg = torch.zeros(n, bx.CELLS, 4)
        self.cls = None
        if classes_of is not None:
            self.cls = torch.full((n, bx.CELLS, 2), -100, dtype=torch.int64)
        self.geometry = []
        for i, item in enumerate(self.items):
            img = dataset.image(item)
            h, w = img.shape[:2]
            x1, y1, x2, y2 = clamp_rect(item['view'], w, h)
            s = 1.0 if max(x2 - x1, y2 - y1) <= CANVAS else CANVAS / max(x2 - x1, y2 - y1)
            self.geometry.append((x1, y1, x2, y2, s))
            canvas_boxes = bx.to_canvas(item['boxes'], s, (x1, y1))
            obj, reg, cells = bx.encode_targets(canvas_boxes)
            self.obj[i], self.reg[i] = obj, reg
            if classes_of is not None:
                for cell, cls in zip(cells, classes_of(item)):
                    self.cls[i, cell] = torch.tensor(cls)

    def __len__(self):
        return len(self.items)

    def images(self, indices):
        """Letterboxed float images [B,3,128,128] (fast path for views that need no resize)."""
        out = np.zeros((len(indices), CANVAS, CANVAS, 3), np.uint8)
        slow = []
        for k, i in enumerate(indices):
            x1, y1, x2, y2, s = self.geometry[i]
            if s == 1.0:
                out[k, :y2 - y1, :x2 - x1] = self.ds.image(self.items[i])[y1:y2, x1:x2]
            else:
                slow.append(k)
        batch = torch.from_numpy(out).permute(0, 3, 1, 2).float() / 255.0
        for k in slow:
            i = indices[k]
            batch[k] = letterbox(self.ds.image(self.items[i]), self.items[i]['view'])[0]
        return batch

    def batch(self, indices):
        indices = list(indices)
        out = {'image': self.images(indices), 'obj': self.obj[indices], 'reg': self.reg[indices]}
        if self.tokens is not None:
            out['phrase'] = self.tokens[indices]
        if self.cls is not None:
            out['cls'] = self.cls[indices]
        return out


def average_precision_of(det_set, predict, score_of=None, select=None, batch_size=128,
                         threshold=0.05):
    """AP50 per domain (and 'all') of predict(batch) → grids [B,256,5+]. score_of(grid, item)
    optionally replaces the objectness score (teachers' class-aware scores); select(item) picks
    the items that count."""
    indices = [i for i, item in enumerate(det_set.items) if select is None or select(item)]
    per_domain = {}
    for start in range(0, len(indices), batch_size):
        chunk = indices[start:start + batch_size]
        grids = predict(det_set.batch(chunk))
        for k, i in enumerate(chunk):
            item = det_set.items[i]
            x1, y1, _, _, s = det_set.geometry[i]
            grid = grids[k]
            scores = score_of(grid, item) if score_of is not None else None
            boxes, confs, _ = bx.decode(grid, threshold=threshold, scores=scores)
            root = bx.to_root(boxes.clone(), s, (x1, y1))
            record = per_domain.setdefault(item['domain'], {'dets': [], 'gt': 0, 'n': 0})
            record['dets'].extend(bx.match(root.tolist(), confs.tolist(), item['boxes']))
            record['gt'] += len(item['boxes'])
            record['n'] += 1
    out = {}
    total = {'dets': [], 'gt': 0, 'n': 0}
    for domain, record in sorted(per_domain.items()):
        out[domain] = {'ap50': bx.average_precision(record['dets'], record['gt']), 'n': record['n']}
        total['dets'].extend(record['dets'])
        total['gt'] += record['gt']
        total['n'] += record['n']
    out['all'] = {'ap50': bx.average_precision(total['dets'], total['gt']), 'n': total['n']}
    return out

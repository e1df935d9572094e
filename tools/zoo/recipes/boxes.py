"""Grid detector targets, the contract's decoding + NMS, and AP50."""
import math

import numpy as np
import torch

STRIDE = 8
GRID = 16
BOX_SCALE = 16.0
NMS_IOU = 0.5
CELLS = GRID * GRID
EPS = 1e-4


def encode_targets(boxes_canvas):
    """Canvas boxes [[x1,y1,x2,y2],...] → (objectness [256], offsets [256,4], cell of each box).

    A box is assigned to the cell holding its centre; offsets are the pre-sigmoid/log targets
    (sigmoid(dx) = frac(cx/8), exp(log_w)·16 = w). When two boxes share a cell the larger wins."""
    obj = torch.zeros(CELLS)
    reg = torch.zeros(CELLS, 4)
    cells = []
    area = torch.zeros(CELLS)
    for x1, y1, x2, y2 in boxes_canvas:
        w, h = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
        cx, cy = (x1 + x2) / 2.0, (y1 + y2) / 2.0
        col = min(GRID - 1, max(0, int(cx // STRIDE)))
        row = min(GRID - 1, max(0, int(cy // STRIDE)))
        cell = row * GRID + col
        cells.append(cell)
        if obj[cell] > 0 and area[cell] >= w * h:
            continue
        fx = min(max(cx / STRIDE - col, EPS), 1 - EPS)
        fy = min(max(cy / STRIDE - row, EPS), 1 - EPS)
        obj[cell] = 1.0
        area[cell] = w * h
        reg[cell] = torch.tensor([math.log(fx / (1 - fx)), math.log(fy / (1 - fy)),
                                  math.log(w / BOX_SCALE), math.log(h / BOX_SCALE)])
    return obj, reg, cells


def detection_loss(pred, obj, reg, pos_weight=4.0):
    """pred [N,256,5+]: BCE objectness over all cells (positives up-weighted) + box loss on
    positive cells (BCE on the centre offsets, L1 on log sizes)."""
    logit = pred[..., 0]
    weight = 1.0 + (pos_weight - 1.0) * obj
    obj_loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, obj, weight=weight)
    mask = obj > 0
    if mask.any():
        p = pred[..., 1:5][mask]
        t = reg[mask]
        centre = torch.nn.functional.binary_cross_entropy_with_logits(p[:, :2], torch.sigmoid(t[:, :2]))
        size = (p[:, 2:4] - t[:, 2:4]).abs().mean()
        box_loss = centre + size
    else:
        box_loss = pred.sum() * 0.0
    return obj_loss * 10.0 + box_loss, obj_loss.detach(), box_loss.detach()


def decode(grid, threshold=0.05, max_boxes=20, scores=None):
    """One image's raw [256,5+] grid → (boxes [K,4] canvas xyxy, scores [K], cells [K]) after
    sigmoid threshold and greedy NMS at IoU 0.5 (score-sorted, ties by cell index). `scores`
    optionally replaces sigmoid(objectness) (a teacher adapter's class-aware score)."""
    grid = torch.as_tensor(grid, dtype=torch.float32)
    score = torch.sigmoid(grid[:, 0]) if scores is None else scores
    idx = torch.arange(CELLS)
    col = (idx % GRID).float()
    row = (idx // GRID).float()
    cx = (col + torch.sigmoid(grid[:, 1])) * STRIDE
    cy = (row + torch.sigmoid(grid[:, 2])) * STRIDE
    w = torch.exp(grid[:, 3]) * BOX_SCALE
    h = torch.exp(grid[:, 4]) * BOX_SCALE
    boxes = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], dim=1)
    keep = [int(i) for i in idx[score > threshold]]
    keep.sort(key=lambda i: (-float(score[i]), i))
    chosen = []
    for i in keep:
        if all(iou(boxes[i], boxes[j]) <= NMS_IOU for j in chosen):
            chosen.append(i)
            if len(chosen) >= max_boxes:
                break
    chosen_t = torch.tensor(chosen, dtype=torch.int64)
    return boxes[chosen_t].reshape(-1, 4), score[chosen_t].reshape(-1), chosen_t


def iou(a, b):
    ix = max(0.0, min(float(a[2]), float(b[2])) - max(float(a[0]), float(b[0])))
    iy = max(0.0, min(float(a[3]), float(b[3])) - max(float(a[1]), float(b[1])))
    inter = ix * iy
    union = (float(a[2]) - float(a[0])) * (float(a[3]) - float(a[1])) + \
        (float(b[2]) - float(b[0])) * (float(b[3]) - float(b[1])) - inter
    return inter / union if union > 0 else 0.0


def to_root(boxes, s, origin):
    """Canvas boxes → root pixel coordinates (divide by s, add the view origin)."""
    out = boxes / s
    out[:, 0::2] += origin[0]
    out[:, 1::2] += origin[1]
    return out


def to_canvas(boxes, s, origin):
    """Root boxes → canvas coordinates (the inverse of to_root)."""
    return [[(b[0] - origin[0]) * s, (b[1] - origin[1]) * s, (b[2] - origin[0]) * s,
             (b[3] - origin[1]) * s] for b in boxes]


def average_precision(detections, n_gt):
    """AP50 (all-point interpolated) from [(score, is_true_positive)] over a dataset."""
    if n_gt == 0:
        return float('nan')
    if not detections:
        return 0.0
    detections = sorted(detections, key=lambda d: -d[0])
    tp = np.cumsum([1.0 if hit else 0.0 for _, hit in detections])
    fp = np.cumsum([0.0 if hit else 1.0 for _, hit in detections])
    recall = tp / n_gt
    precision = tp / np.maximum(tp + fp, 1e-9)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[0.0], precision, [0.0]])
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    steps = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))


def match(pred_boxes, pred_scores, gt_boxes, threshold=0.5):
    """Greedy score-ordered matching of one image's predictions to its ground truth → [(score, tp)]."""
    used = [False] * len(gt_boxes)
    out = []
    order = sorted(range(len(pred_scores)), key=lambda i: -float(pred_scores[i]))
    for i in order:
        best, best_j = threshold, -1
        for j, gt in enumerate(gt_boxes):
            if used[j]:
                continue
            overlap = iou(pred_boxes[i], gt)
            if overlap >= best:
                best, best_j = overlap, j
        if best_j >= 0:
            used[best_j] = True
        out.append((float(pred_scores[i]), best_j >= 0))
    return out

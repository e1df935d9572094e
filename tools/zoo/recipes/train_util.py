"""Shared training plumbing: seeded shuffling, a one-cycle Adam loop, logging, and trained weights
saved to and loaded from .npz files (so a model can be trained on one machine and exported on
another)."""
import json
import math
import os
import random
import time

import numpy as np
import torch


TRAIN_SEED_DEFAULT = 1


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class Logger:
    """Appends progress lines to a log file (and echoes them)."""

    def __init__(self, path=None, echo=True):
        self.path = path
        self.echo = echo

    def __call__(self, message):
        line = '[%s] %s' % (time.strftime('%H:%M:%S'), message)
        if self.echo:
            print(line, flush=True)
        if self.path:
            with open(self.path, 'a') as handle:
                handle.write(line + '\n')


def to_device(batch, device):
    """A batch dict with every tensor moved to `device`."""
    return {k: v.to(device) if torch.is_tensor(v) else v for k, v in batch.items()}


def save_weights(path, model, meta):
    """The model's state dict (parameters and buffers) as an .npz, with `meta` (a JSON-able dict:
    epochs, seconds, device, …) stored beside the tensors under `__meta__`."""
    arrays = {key: value.detach().cpu().numpy() for key, value in model.state_dict().items()}
    arrays['__meta__'] = np.array(json.dumps(meta))
    tmp = path + '.tmp.npz'
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


def load_weights(path, model):
    """Loads an .npz written by save_weights into `model` (strictly: every key must match) and
    returns its meta dict."""
    with np.load(path) as arrays:
        meta = json.loads(str(arrays['__meta__']))
        state = {key: torch.from_numpy(arrays[key].copy()) for key in arrays.files if key != '__meta__'}
    model.load_state_dict(state, strict=True)
    return meta


def fit(model, n_items, make_batch, loss_fn, epochs, batch_size, lr, log, name, seed,
        max_steps=None, evaluate=None, weight_decay=1e-4, device='cpu'):
    """Trains `model` for `epochs` passes over `n_items` (or `max_steps` steps) with Adam and a
    one-cycle schedule, on `device` (the model comes back on the CPU). make_batch(indices) → batch
    (moved to `device` here); loss_fn(model, batch) → (loss, parts dict). evaluate(model) → dict,
    run after every epoch when given. Returns the number of steps run."""
    model.to(device)
    rng = np.random.default_rng(seed)
    steps_per_epoch = max(1, n_items // batch_size)
    total = steps_per_epoch * epochs
    if max_steps is not None:
        total = min(total, max_steps)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(total, 2),
                                                pct_start=0.15)
    step = 0
    start = time.time()
    epoch = 0
    while step < total:
        model.train()
        order = rng.permutation(n_items)
        sums = {}
        count = 0
        for b in range(steps_per_epoch):
            if step >= total:
                break
            batch = to_device(make_batch(order[b * batch_size:(b + 1) * batch_size]), device)
            loss, parts = loss_fn(model, batch)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            sched.step()
            step += 1
            count += 1
            for key, value in parts.items():
                sums[key] = sums.get(key, 0.0) + float(value)
        epoch += 1
        summary = ' '.join('%s=%.4f' % (k, v / max(count, 1)) for k, v in sums.items())
        message = '%s epoch %d step %d/%d %s (%.0fs)' % (name, epoch, step, total, summary,
                                                         time.time() - start)
        if evaluate is not None:
            model.eval()
            with torch.no_grad():
                metrics = evaluate(model)
            message += ' dev ' + ' '.join('%s=%.4f' % (k, v) for k, v in metrics.items()
                                         if isinstance(v, float) and not math.isnan(v))
        log(message)
    model.eval()
    model.to('cpu')
    return step

"""What every recipe gets: the build plan, generated datasets (made on first use), the output
root, the log, and where trained weights come from or go to."""
import hashlib
import os
import time

import torch

from . import data as dt
from .train_util import TRAIN_SEED_DEFAULT, load_weights, save_weights


class Context:
    def __init__(self, repo, work, out, plan, log, smoke=False, device='cpu', weights_in=None,
                 weights_out=None, train_only=False, world_cli=None):
        self.repo, self.work, self.out, self.log, self.smoke = repo, work, out, log, smoke
        self.datasets, self.training = plan
        self.seed = TRAIN_SEED_DEFAULT
        self.device, self.weights_in, self.weights_out, self.train_only = device, weights_in, weights_out, train_only
        self.world_cli = world_cli
        self.trained_with = {}
        self._cache = {}
        self.started = time.time()

    def trained(self, name, model, train_key, train):
        """Runs `train()` on `model`, or, when the build loads weights (--load-weights), loads
        `<name>.npz` instead; saves the weights when the build keeps them (--save-weights). The
        training settings and training data recorded in the manifest are those the weights were
        trained with."""
        if self.weights_in:
            path = os.path.join(self.weights_in, name + '.npz')
            if not os.path.exists(path):
                raise FileNotFoundError('no trained weights for %s: %s does not exist' % (name, path))
            meta = load_weights(path, model)
            model.eval()  # as fit() leaves it: batch norms use their running statistics
            self.training[name] = meta['train']
            self.datasets[train_key] = tuple(meta['data'])
            self.log('%s: weights loaded from %s (%s epochs on %s in %ss)'
                     % (name, path, meta['train']['epochs'], meta['device'], meta['seconds']))
        else:
            started = time.time()
            train()
            meta = {'train': self.training[name], 'data': list(self.datasets[train_key]),
                    'device': self.device, 'seconds': round(time.time() - started), 'torch': torch.__version__}
            if self.weights_out:
                os.makedirs(self.weights_out, exist_ok=True)
                save_weights(os.path.join(self.weights_out, name + '.npz'), model, meta)
                self.log('%s: weights saved to %s' % (name, self.weights_out))
        self.trained_with[name] = {k: meta[k] for k in ('device', 'seconds', 'torch')}
        return meta

    def path(self, key):
        module, split, seed, count, domains = self.datasets[key]
        spec = '%s-%s-%d-%d-%s' % (module, split, seed, count, dt.domains_arg(domains))
        out = os.path.join(self.work, '%s-%s-%s' % (module, split, hashlib.sha256(spec.encode()).hexdigest()[:8]))
        return dt.generate(self.repo, module, split, seed, count, out, domains, log=self.log, cli=self.world_cli)

    def data(self, key):
        if key not in self._cache:
            self._cache[key] = dt.Dataset(self.path(key))
        return self._cache[key]

    def drop(self, key):
        self._cache.pop(key, None)

    def train(self, name):
        return self.training[name]

    def version_dir(self, module, role):
        return os.path.join(self.out, module, role, 'v1')

    def recipe(self, name, script, train_key, extra=None):
        module, split, seed, count, domains = self.datasets[train_key]
        cfg = self.training[name]
        out = {'script': script, 'seed': self.seed, 'trainItems': count, 'domains': domains,
               'epochs': cfg['epochs'], 'dataSeed': seed, 'dataModule': module,
               'batchSize': cfg['batch'], 'learningRate': cfg['lr']}
        out['buildSeconds'] = round(time.time() - self.started)
        if 'max_steps' in cfg:
            out['maxSteps'] = cfg['max_steps']
        if name in self.trained_with:
            out['trainedWith'] = self.trained_with[name]
        out.update(extra or {})
        return out

"""What every recipe gets: the build plan, generated datasets (made on first use), the output
root and the log."""
import hashlib
import os
import time

from . import data as dt
from .train_util import TRAIN_SEED_DEFAULT


class Context:
    def __init__(self, repo, work, out, plan, log, smoke=False):
        self.repo, self.work, self.out, self.log, self.smoke = repo, work, out, log, smoke
        self.datasets, self.training = plan
        self.seed = TRAIN_SEED_DEFAULT
        self._cache = {}
        self.started = time.time()

    def path(self, key):
        module, split, seed, count, domains = self.datasets[key]
        spec = '%s-%s-%d-%d-%s' % (module, split, seed, count, dt.domains_arg(domains))
        out = os.path.join(self.work, '%s-%s-%s' % (module, split, hashlib.sha256(spec.encode()).hexdigest()[:8]))
        return dt.generate(self.repo, module, split, seed, count, out, domains, log=self.log)

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
        out.update(extra or {})
        return out

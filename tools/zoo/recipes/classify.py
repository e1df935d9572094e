"""classify: the CLIP-like student (a crop scored against any list of category words) and the
dusk expression teacher (smiling / frowning / surprised)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import labels as lb
from .nets import ClassifyBackbone, ClassifyHead, TeacherClassifier
from .package import Part, base_manifest, crop_preprocess, write_version
from .preprocess import CROP_PAD, CROP_SIZE, crop_resize
from .tokenizer import PHRASE_TOKENS, Tokenizer
from .train_util import fit, seed_all

SCRIPT = 'tools/zoo/recipes/classify.py'
GROUPS = {'shape': lb.SHAPES, 'colour': lb.COLOURS, 'size': lb.SIZES, 'expression': lb.EXPRESSIONS}
CATEGORY_WORDS = lb.SHAPES + lb.COLOURS + lb.SIZES + lb.EXPRESSIONS


class CropSet:
    """Preprocessed crops (float16 to save memory) with their per-group label ids (-1 = n/a)."""

    def __init__(self, dataset, kinds=('shape', 'face')):
        self.items = [it for it in dataset.items if it['kind'] in kinds]
        self.ds = dataset
        self.crops = torch.stack([crop_resize(dataset.image(it), it['box']) for it in self.items]
                                 ).half() if self.items else torch.zeros(0, 3, 32, 32).half()
        self.targets = {}
        for group, words in GROUPS.items():
            self.targets[group] = torch.tensor(
                [words.index(it['labels'][group]) if group in it['labels'] else -1
                 for it in self.items], dtype=torch.int64)

    def __len__(self):
        return len(self.items)

    def batch(self, indices):
        indices = list(indices)
        out = {'image': self.crops[indices].float()}
        out.update({g: t[indices] for g, t in self.targets.items()})
        return out


class ClassifyStudent(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.backbone = ClassifyBackbone(vocab_size)
        self.head = ClassifyHead()
        self.log_scale = nn.Parameter(torch.tensor(math.log(10.0)))

    def forward(self, image, text):
        image_features, text_features = self.backbone(image, text)
        self.head.scale = self.log_scale.exp()
        return self.head(image_features, text_features)


def group_slices():
    out, start = {}, 0
    for group, words in GROUPS.items():
        out[group] = slice(start, start + len(words))
        start += len(words)
    return out


def accuracy(crop_set, logits_fn, slices=None, batch_size=256):
    """Accuracy per domain and group, plus the mean over all (crop, group) decisions. `slices`
    maps each group to its logit columns (default: the student's CATEGORY_WORDS layout)."""
    slices = slices or group_slices()
    tallies = {}
    for start in range(0, len(crop_set), batch_size):
        idx = list(range(start, min(start + batch_size, len(crop_set))))
        batch = crop_set.batch(idx)
        logits = logits_fn(batch)
        for group, columns in slices.items():
            pred = logits[:, columns].argmax(dim=1)
            for k, i in enumerate(idx):
                target = int(batch[group][k])
                if target < 0:
                    continue
                domain = crop_set.items[i]['domain']
                for key in (domain, 'all'):
                    t = tallies.setdefault(key, {})
                    hit, n = t.get(group, (0, 0))
                    t[group] = (hit + int(int(pred[k]) == target), n + 1)
    out = {}
    for domain, t in sorted(tallies.items()):
        hits = sum(h for h, _ in t.values())
        n = sum(c for _, c in t.values())
        out[domain] = {'accuracy': hits / n, 'n': n}
        for group, (h, c) in t.items():
            out[domain][group + 'Accuracy'] = h / c
    return out


def build_student(ctx):
    cfg = ctx.train('classify-student')
    seed_all(ctx.seed)
    train = ctx.data('classify-train')
    lb.check_vocabulary(train.vocab)
    tok = Tokenizer(lb.with_category_words(train.vocab['words']), PHRASE_TOKENS)
    words = tok.encode(CATEGORY_WORDS)
    slices = group_slices()
    train_set = CropSet(train)
    ctx.drop('classify-train')
    dev_set = CropSet(ctx.data('classify-dev'))
    model = ClassifyStudent(len(tok.vocab))

    def loss_fn(m, b):
        logits = m(b['image'], words)
        total = 0.0
        parts = {}
        for group in GROUPS:
            target = b[group]
            if (target >= 0).any():
                loss = F.cross_entropy(logits[:, slices[group]], target, ignore_index=-1)
                total = total + loss
                parts[group] = loss.detach()
        parts['loss'] = total.detach()
        return total, parts

    def evaluate(m):
        return {k: v['accuracy'] for k, v in accuracy(dev_set, lambda b: m(b['image'], words)).items()}

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, 'classify-student', ctx.seed, cfg.get('max_steps'), evaluate)
    test = ctx.data('classify-test')
    test_set = CropSet(test)
    with torch.no_grad():
        metrics = accuracy(test_set, lambda b: model(b['image'], words))
    ctx.log('classify-student test %s' % metrics)
    scale = float(model.log_scale.exp())
    model.head.scale = scale
    manifest = base_manifest(
        'classify-student', 'classify', 'student',
        'CLIP-like classifier: a padded box crop (32×32) is scored against any list of category '
        'words (shapes, colours, sizes, expressions). Backbone: image_features [N,256] and '
        'text_features [K,64]; head: logits [N,K] = scale · normalise(MLP(image)) · '
        'normalise(text)ᵀ (scale %.4f); category scores = softmax(logits).' % scale,
        ctx.recipe('classify-student', SCRIPT, 'classify-train',
                   {'testDataSeed': ctx.datasets['classify-test'][2], 'logitScale': scale,
                    'categoryGroups': GROUPS}),
        metrics)
    manifest.update({'preprocess': crop_preprocess(CROP_SIZE, CROP_PAD), 'tokenizer': tok.manifest(),
                     'labels': None, 'decode': {'kind': 'softmax'}})
    image = torch.zeros(2, 3, 32, 32)
    text = torch.ones(3, PHRASE_TOKENS, dtype=torch.int64)
    img_f, txt_f = [t.detach() for t in model.backbone(image, text)]
    parts = [Part('backbone', model.backbone, (image, text), ['image', 'text'],
                  ['image_features', 'text_features'],
                  {'image': {0: 'N'}, 'text': {0: 'K'}, 'image_features': {0: 'N'}, 'text_features': {0: 'K'}}),
             Part('head', model.head, (img_f, txt_f), ['image_features', 'text_features'], ['logits'],
                  {'image_features': {0: 'N'}, 'text_features': {0: 'K'}, 'logits': {0: 'N', 1: 'K'}})]
    golden = []
    picks = [i for i, it in enumerate(test.items) if it['kind'] == 'shape'][:2] + \
        [i for i, it in enumerate(test.items) if it['kind'] == 'face'][:1]
    category_lists = [lb.SHAPES, lb.COLOURS + lb.SIZES, lb.EXPRESSIONS]
    with torch.no_grad():
        for i, cats in zip(picks, category_lists):
            item = test.items[i]
            crop = crop_resize(test.image(item), item['box']).unsqueeze(0)
            feats = model.backbone(crop, tok.encode(cats))
            golden.append((test.path(item), {'box': item['box'], 'categories': cats},
                           {'logits': model.head(*feats)}))
    write_version(ctx.version_dir('classify', 'student'), parts, manifest, golden, ctx.log)
    return metrics


def build_teacher(ctx):
    cfg = ctx.train('classify-teacher')
    seed_all(ctx.seed + 1)
    train_set = CropSet(ctx.data('classify-teacher-train'), kinds=('face',))
    dev_set = CropSet(ctx.data('classify-dev'), kinds=('face',))
    model = TeacherClassifier(len(lb.EXPRESSIONS))
    only = {'expression': slice(0, len(lb.EXPRESSIONS))}

    def loss_fn(m, b):
        loss = F.cross_entropy(m(b['image']), b['expression'])
        return loss, {'loss': loss.detach()}

    def evaluate(m):
        return {k: v['accuracy'] for k, v in accuracy(dev_set, lambda b: m(b['image']), only).items()}

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, 'classify-teacher', ctx.seed + 1, cfg.get('max_steps'), evaluate)
    test = ctx.data('classify-test')
    test_set = CropSet(test, kinds=('face',))
    with torch.no_grad():
        metrics = accuracy(test_set, lambda b: model(b['image']), only)
    ctx.log('classify-teacher test %s' % metrics)
    manifest = base_manifest(
        'classify-teacher', 'classify', 'teacher',
        'Dusk expression classifier: a padded face crop (32×32) → logits over smiling, frowning, '
        'surprised. Trained on the dusk domain only.',
        ctx.recipe('classify-teacher', SCRIPT, 'classify-teacher-train',
                   {'testDataSeed': ctx.datasets['classify-test'][2]}),
        metrics)
    manifest.update({'preprocess': crop_preprocess(CROP_SIZE, CROP_PAD), 'tokenizer': None,
                     'labels': lb.EXPRESSIONS, 'decode': {'kind': 'softmax'}})
    image = torch.zeros(2, 3, 32, 32)
    parts = [Part('model', model, (image,), ['image'], ['logits'], {'image': {0: 'N'}, 'logits': {0: 'N'}})]
    golden = []
    with torch.no_grad():
        for i in range(min(3, len(test_set))):
            item = test_set.items[i]
            crop = crop_resize(test.image(item), item['box']).unsqueeze(0)
            golden.append((test.path(item), {'box': item['box']}, {'logits': model(crop)}))
    write_version(ctx.version_dir('classify', 'teacher'), parts, manifest, golden, ctx.log)
    return metrics

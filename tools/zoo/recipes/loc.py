"""loc: the open-vocabulary LOC student (image + phrase → boxes) and the closed-set dusk teacher
(objectness + 6 shape + 8 colour logits per cell; no sizes)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import labels as lb
from .detect import DetectionSet, average_precision_of
from .boxes import detection_loss
from .nets import LocBackbone, PhraseGridHead, TeacherDetector
from .package import (DETECTOR_PREPROCESS, LOC_OPERATING_THRESHOLD, Part, base_manifest, detector_decode,
                      write_version)
from .preprocess import letterbox
from .tokenizer import PHRASE_TOKENS, Tokenizer
from .train_util import fit, seed_all

SCRIPT = 'tools/zoo/recipes/loc.py'


class LocStudent(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.backbone = LocBackbone(vocab_size)
        self.head = PhraseGridHead(self.backbone.dim)

    def forward(self, image, phrase):
        return self.head(*self.backbone(image, phrase))


def closed_phrase(item):
    """Phrases the closed-set teacher can answer: no size word."""
    return 'size' not in lb.phrase_attributes(item['phrase'])


def metrics_of(det_set, predict, score_of=None):
    """AP50 per domain on all phrases and on the phrases without a size word."""
    every = average_precision_of(det_set, predict, score_of)
    closed = average_precision_of(det_set, predict, score_of, select=closed_phrase)
    out = {}
    for domain, value in every.items():
        out[domain] = {'ap50': value['ap50'], 'n': value['n'],
                       'ap50NoSize': closed.get(domain, {}).get('ap50', float('nan')),
                       'nNoSize': closed.get(domain, {}).get('n', 0)}
    return out


def goldens(test, tokens_of, run, count=4):
    picks = [i for i, it in enumerate(test.items) if it['boxes']][:count - 1] + \
        [i for i, it in enumerate(test.items) if not it['boxes']][:1]
    out = []
    for i in picks:
        item = test.items[i]
        image = letterbox(test.image(item), item['view'])[0].unsqueeze(0)
        inputs = {'view': item['view']}
        if tokens_of is not None:
            inputs['phrase'] = item['phrase']
        out.append((test.path(item), inputs, run(image, tokens_of(item) if tokens_of else None)))
    return out


def build_student(ctx):
    cfg = ctx.train('loc-student')
    seed_all(ctx.seed)
    train = ctx.data('loc-train')
    tok = Tokenizer(train.vocab['words'], PHRASE_TOKENS)
    lb.check_vocabulary(train.vocab)
    train_set = DetectionSet(train, tok)
    dev_set = DetectionSet(ctx.data('loc-dev'), tok)
    model = LocStudent(len(tok.vocab))

    def loss_fn(m, b):
        loss, obj, box = detection_loss(m(b['image'], b['phrase']), b['obj'], b['reg'])
        return loss, {'loss': loss.detach(), 'obj': obj, 'box': box}

    def predict(m):
        return lambda b: m(b['image'], b['phrase'])

    def evaluate(m):
        return {k: v['ap50'] for k, v in average_precision_of(dev_set, predict(m)).items()}

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, 'loc-student', ctx.seed, cfg.get('max_steps'), evaluate)
    ctx.drop('loc-train')
    test = ctx.data('loc-test')
    with torch.no_grad():
        metrics = metrics_of(DetectionSet(test, tok), predict(model))
    ctx.log('loc-student test %s' % metrics)
    manifest = base_manifest(
        'loc-student', 'loc', 'student',
        'Open-vocabulary LOC: image view + attribute phrase (size, colour, shape or object) → '
        'boxes with scores. The backbone FiLM-conditions per-cell features on the phrase and emits '
        '[N,256,96] (48 phrase-conditioned + 48 unconditioned channels per cell) and the phrase code '
        '[N,1,64]; the head maps each cell, with the phrase code, to [objectness, dx, dy, logW, logH].',
        ctx.recipe('loc-student', SCRIPT, 'loc-train', {'testDataSeed': ctx.datasets['loc-test'][2]}),
        metrics)
    manifest.update({'preprocess': DETECTOR_PREPROCESS, 'tokenizer': tok.manifest(), 'labels': None,
                     'decode': detector_decode(LOC_OPERATING_THRESHOLD)})
    image = torch.zeros(2, 3, 128, 128)
    phrase = torch.ones(2, PHRASE_TOKENS, dtype=torch.int64)
    features, phrase_code = (t.detach() for t in model.backbone(image, phrase))
    parts = [Part('backbone', model.backbone, (image, phrase), ['image', 'phrase'], ['features', 'phrase_code'],
                  {'image': {0: 'N'}, 'phrase': {0: 'N'}, 'features': {0: 'N'}, 'phrase_code': {0: 'N'}}),
             Part('head', model.head, (features, phrase_code), ['features', 'phrase_code'], ['grid'],
                  {'features': {0: 'N'}, 'phrase_code': {0: 'N'}, 'grid': {0: 'N'}})]
    with torch.no_grad():
        golden = goldens(test, lambda it: tok.encode([it['phrase']]),
                         lambda img, ph: {'grid': model(img, ph)})
    write_version(ctx.version_dir('loc', 'student'), parts, manifest, golden, ctx.log)
    return metrics


def scene_annotations(dataset):
    """Full-scene detection items for the teacher, grouped from classify items (one item per
    annotated shape): {'image','domain','view','boxes','classes'}."""
    scenes = {}
    for item in dataset.items:
        if item['kind'] != 'shape':
            continue
        img = dataset.image(item)
        scene = scenes.setdefault(item['image'], {
            'image': item['image'], 'domain': item['domain'],
            'view': [0, 0, img.shape[1], img.shape[0]], 'boxes': [], 'classes': []})
        scene['boxes'].append(item['box'])
        scene['classes'].append((lb.SHAPES.index(item['labels']['shape']),
                                 lb.COLOURS.index(item['labels']['colour'])))
    dataset.items = list(scenes.values())
    return dataset


def teacher_score(grid, item):
    """The sidecar adapter's class-aware score: objectness × P(shape) × P(colour) of the phrase."""
    want = lb.phrase_attributes(item['phrase'])
    score = torch.sigmoid(grid[:, 0])
    if 'shape' in want:
        score = score * F.softmax(grid[:, 5:11], dim=-1)[:, lb.SHAPES.index(want['shape'])]
    if 'colour' in want:
        score = score * F.softmax(grid[:, 11:19], dim=-1)[:, lb.COLOURS.index(want['colour'])]
    return score


def build_teacher(ctx):
    cfg = ctx.train('loc-teacher')
    seed_all(ctx.seed + 1)
    train = scene_annotations(ctx.data('loc-teacher-train'))
    train_set = DetectionSet(train, classes_of=lambda it: it['classes'])
    model = TeacherDetector(classes=len(lb.SHAPES) + len(lb.COLOURS))
    dev_set = DetectionSet(ctx.data('loc-dev'))

    def loss_fn(m, b):
        grid = m(b['image'])
        loss, obj, box = detection_loss(grid, b['obj'], b['reg'])
        cls = b['cls']
        shape = F.cross_entropy(grid[..., 5:11].reshape(-1, 6), cls[..., 0].reshape(-1), ignore_index=-100)
        colour = F.cross_entropy(grid[..., 11:19].reshape(-1, 8), cls[..., 1].reshape(-1), ignore_index=-100)
        total = loss + shape + colour
        return total, {'loss': total.detach(), 'obj': obj, 'box': box, 'shape': shape.detach(),
                       'colour': colour.detach()}

    def evaluate(m):
        res = average_precision_of(dev_set, lambda b: m(b['image']), teacher_score, select=closed_phrase)
        return {k: v['ap50'] for k, v in res.items()}

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, 'loc-teacher', ctx.seed + 1, cfg.get('max_steps'), evaluate)
    test = ctx.data('loc-test')
    with torch.no_grad():
        metrics = metrics_of(DetectionSet(test), lambda b: model(b['image']), teacher_score)
    ctx.log('loc-teacher test %s' % metrics)
    classes = {'objectness': 0, 'box': [1, 2, 3, 4], 'shape': {'offset': 5, 'labels': lb.SHAPES},
               'colour': {'offset': 11, 'labels': lb.COLOURS},
               'score': 'sigmoid(objectness) × softmax(shape)[phrase shape] × softmax(colour)[phrase colour]; '
                        'absent attributes contribute 1; sizes are not supported'}
    manifest = base_manifest(
        'loc-teacher', 'loc', 'teacher',
        'Closed-set dusk detector: image view → per cell objectness, box, 6 shape and 8 colour '
        'logits (no sizes). Trained on the dusk domain only.',
        ctx.recipe('loc-teacher', SCRIPT, 'loc-teacher-train',
                   {'testDataSeed': ctx.datasets['loc-test'][2]}),
        metrics)
    manifest.update({'preprocess': DETECTOR_PREPROCESS, 'tokenizer': None,
                     'labels': lb.SHAPES + lb.COLOURS,
                     'decode': detector_decode(LOC_OPERATING_THRESHOLD,
                                               layout=['objectness', 'dx', 'dy', 'logW', 'logH']
                                               + ['shape:' + s for s in lb.SHAPES] + ['colour:' + c for c in lb.COLOURS],
                                               classes=classes)})
    image = torch.zeros(2, 3, 128, 128)
    parts = [Part('model', model, (image,), ['image'], ['grid'],
                  {'image': {0: 'N'}, 'grid': {0: 'N'}})]
    with torch.no_grad():
        golden = goldens(test, None, lambda img, _ph: {'grid': model(img)})
    write_version(ctx.version_dir('loc', 'teacher'), parts, manifest, golden, ctx.log)
    return metrics

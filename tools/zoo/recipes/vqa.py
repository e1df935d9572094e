"""vqa: the general VQA student (view + question → the world's whole answer vocabulary) and the
dusk teacher (a classifier over colours, shapes, yes/no and counts — no sizes)."""
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import labels as lb
from .nets import TeacherVqa, VqaCellBackbone, VqaCellHead
from .package import Part, base_manifest, crop_preprocess, write_version
from .preprocess import VQA_SIZE, clamp_rect, resize_view
from .tokenizer import QUESTION_TOKENS, Tokenizer
from .train_util import fit, seed_all, to_device

SCRIPT = 'tools/zoo/recipes/vqa.py'


class VqaSet:
    """Items with their answer ids (-1 when outside `answers`); views are resized per batch."""

    def __init__(self, dataset, tok, answers, keep_unknown=True, size=VQA_SIZE):
        index = {a: i for i, a in enumerate(answers)}
        self.ds = dataset
        self.items = [it for it in dataset.items if keep_unknown or it['answer'] in index]
        self.size = size
        self.questions = tok.encode([it['question'] for it in self.items])
        self.answers = torch.tensor([index.get(it['answer'], -1) for it in self.items], dtype=torch.int64)
        self.views = None

    def __len__(self):
        return len(self.items)

    def cache_on(self, device):
        """Resizes every view once and keeps them, the questions and the answers on `device`, so
        that batches are gathers there (an accelerator would otherwise wait on per-item resizing)."""
        self.views = _views(self.ds, self.items, self.size).to(device)
        self.questions, self.answers = self.questions.to(device), self.answers.to(device)

    def batch(self, indices):
        indices = list(indices)
        if self.views is not None:
            at = torch.tensor(indices, device=self.views.device)
            return {'image': self.views[at], 'question': self.questions[at], 'answer': self.answers[at]}
        images = _views(self.ds, [self.items[i] for i in indices], self.size)
        return {'image': images, 'question': self.questions[indices], 'answer': self.answers[indices]}


def _views(dataset, items, size):
    """[M,3,size,size] float32: every item's view, resized as resize_view does."""
    out = torch.empty(len(items), 3, size, size)
    for i, item in enumerate(items):
        out[i] = resize_view(dataset.image(item), item['view'], size)
    return out


class GroundSet:
    """LOC items as dense grounding supervision for the VQA backbone: the view resized exactly
    like a VQA view, the phrase tokenized as a question, and a 16×16 map marking the cells that
    hold the centre of a matching object."""

    def __init__(self, dataset, tok, size=VQA_SIZE):
        self.ds = dataset
        self.items = dataset.items
        self.size = size
        self.tokens = tok.encode([it['phrase'] for it in self.items])
        self.maps = torch.zeros(len(self.items), 1, 16, 16)
        for i, item in enumerate(self.items):
            img = dataset.image(item)
            x1, y1, x2, y2 = clamp_rect(item['view'], img.shape[1], img.shape[0])
            for b in item['boxes']:
                col = min(15, max(0, int(((b[0] + b[2]) / 2 - x1) * 16 / (x2 - x1))))
                row = min(15, max(0, int(((b[1] + b[3]) / 2 - y1) * 16 / (y2 - y1))))
                self.maps[i, 0, row, col] = 1.0
        self.views = None

    def __len__(self):
        return len(self.items)

    def cache_on(self, device):
        """As VqaSet.cache_on."""
        self.views = _views(self.ds, self.items, self.size).to(device)
        self.tokens, self.maps = self.tokens.to(device), self.maps.to(device)

    def phrase_words(self, vocab_size):
        """[vocab_size] mask of the tokens that occur in the phrases."""
        mask = torch.zeros(vocab_size)
        mask[self.tokens.unique()] = 1.0
        mask[:2] = 0.0
        return mask

    def batch(self, indices):
        indices = list(indices)
        if self.views is not None:
            at = torch.tensor(indices, device=self.views.device)
            return {'image': self.views[at], 'question': self.tokens[at], 'map': self.maps[at]}
        images = _views(self.ds, [self.items[i] for i in indices], self.size)
        return {'image': images, 'question': self.tokens[indices], 'map': self.maps[indices]}


class VqaStudent(nn.Module):
    def __init__(self, vocab_size, answers, size):
        super().__init__()
        self.backbone = VqaCellBackbone(vocab_size, size=size)
        width, hidden = 48, 128
        self.head = VqaCellHead(2 * width + 1, hidden, answers)

    def forward(self, image, question):
        return self.head(*self.backbone(image, question))


def answer_kind(answer):
    """The question type an answer belongs to (for per-type accuracy)."""
    if answer.isdigit():
        return 'count'
    if answer in ('yes', 'no'):
        return 'yesNo'
    for kind, words in (('colour', lb.COLOURS), ('shape', lb.SHAPES), ('size', lb.SIZES)):
        if answer in words:
            return kind
    return 'other'


def accuracy(vqa_set, logits_fn, batch_size=256):
    """Accuracy per domain: on every question, on those whose answer is not a size, and per
    question type (count, yesNo, colour, shape, size)."""
    tallies = {}
    for start in range(0, len(vqa_set), batch_size):
        idx = list(range(start, min(start + batch_size, len(vqa_set))))
        batch = vqa_set.batch(idx)
        pred = logits_fn(batch).argmax(dim=1).cpu()
        truth = batch['answer'].cpu()
        for k, i in enumerate(idx):
            item = vqa_set.items[i]
            hit = int(int(pred[k]) == int(truth[k]))
            kind = answer_kind(item['answer'])
            for key in (item['domain'], 'all'):
                t = tallies.setdefault(key, {})
                for group in ('all', kind) + (() if kind == 'size' else ('noSize',)):
                    h, n = t.get(group, (0, 0))
                    t[group] = (h + hit, n + 1)
    out = {}
    for domain, t in sorted(tallies.items()):
        h, n = t.pop('all')
        hn, nn = t.pop('noSize', (0, 0))
        out[domain] = {'accuracy': h / n, 'n': n,
                       'accuracyNoSize': hn / nn if nn else float('nan'), 'nNoSize': nn}
        for kind, (hk, nk) in sorted(t.items()):
            out[domain][kind + 'Accuracy'] = hk / nk
    return out


def photometric(images, p):
    """General robustness augmentation of a batch of [0, 1] views: each image, with probability
    `p`, is dimmed by a brightness gain drawn from [0.3, 1] and gets Gaussian pixel noise with σ
    drawn from [0, 0.11] (28 of 255), then is clamped. Every channel gets the same gain: no colour
    cast, so a general model learns to see in the dark and through noise, not what a warm cast
    does to a colour's name. Uses torch's global generator on the images' device."""
    if p <= 0:
        return images
    n = images.shape[0]
    shape = (n, 1, 1, 1)
    pick = torch.rand(shape, device=images.device) < p
    gain = 0.3 + 0.7 * torch.rand(shape, device=images.device)
    sigma = 0.11 * torch.rand(shape, device=images.device)
    changed = (images * gain + sigma * torch.randn_like(images)).clamp(0, 1)
    return torch.where(pick, changed, images)


def _fit(ctx, name, model, train_set, dev_set, ground_set, seed):
    """Trains on VQA answers plus, every step, a batch of grounding maps (BCE on the backbone's
    phrase-match logits, positives weighted ×4), on the build's device. With the setting
    `photometric` = p > 0, both batches are augmented by `photometric(images, p)`."""
    cfg = ctx.train(name)
    augment = float(cfg.get('photometric', 0))
    model.backbone.phrase_words.copy_(ground_set.phrase_words(len(model.backbone.phrase_words)))
    rng = torch.Generator().manual_seed(seed)
    ground_batch = cfg.get('ground_batch', 32)
    device = ctx.device
    if device != 'cpu':
        started = time.time()
        for data in (train_set, dev_set, ground_set):
            data.cache_on(device)
        ctx.log('%s: views cached on %s in %.0fs' % (name, device, time.time() - started))
    pos_weight = torch.tensor(4.0, device=device)

    def loss_fn(m, b):
        answer = F.cross_entropy(m(photometric(b['image'], augment), b['question']), b['answer'], ignore_index=-1)
        g = to_device(ground_set.batch(torch.randint(0, len(ground_set), (ground_batch,), generator=rng).tolist()), device)
        _, match = m.backbone.ground(photometric(g['image'], augment), g['question'])
        ground = F.binary_cross_entropy_with_logits(match, g['map'], pos_weight=pos_weight)
        loss = answer + ground
        return loss, {'loss': loss.detach(), 'answer': answer.detach(), 'ground': ground.detach()}

    def evaluate(m):
        res = accuracy(dev_set, lambda b: m(b['image'], b['question']))
        out = {k: v['accuracy'] for k, v in res.items()}
        out.update({k: v for k, v in res['all'].items() if k.endswith('Accuracy')})
        return out

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, name, seed, cfg.get('max_steps'), evaluate, device=device)


def _parts(model, size, head_split):
    image = torch.zeros(2, 3, size, size)
    question = torch.ones(2, QUESTION_TOKENS, dtype=torch.int64)
    if not head_split:
        return [Part('model', model, (image, question), ['image', 'question'], ['logits'],
                     {'image': {0: 'N'}, 'question': {0: 'N'}, 'logits': {0: 'N'}})]
    cell_features, question_code = (t.detach() for t in model.backbone(image, question))
    return [Part('backbone', model.backbone, (image, question), ['image', 'question'], ['cells', 'question_code'],
                 {'image': {0: 'N'}, 'question': {0: 'N'}, 'cells': {0: 'N'}, 'question_code': {0: 'N'}}),
            Part('head', model.head, (cell_features, question_code), ['cells', 'question_code'], ['logits'],
                 {'cells': {0: 'N'}, 'question_code': {0: 'N'}, 'logits': {0: 'N'}})]


def _goldens(test_set, model, tok, size, count=4):
    out = []
    with torch.no_grad():
        for item in test_set.items[:count]:
            image = resize_view(test_set.ds.image(item), item['view'], size).unsqueeze(0)
            logits = model(image, tok.encode([item['question']]))
            out.append((test_set.ds.path(item), {'view': item['view'], 'question': item['question']},
                        {'logits': logits}))
    return out


def build_student(ctx, size=VQA_SIZE):
    seed_all(ctx.seed)
    train = ctx.data('vqa-train')
    tok = Tokenizer(train.vocab['words'], QUESTION_TOKENS)
    answers = list(train.vocab['answers'])
    model = VqaStudent(len(tok.vocab), len(answers), size)
    ctx.trained('vqa-student', model, 'vqa-train', lambda: _fit(
        ctx, 'vqa-student', model, VqaSet(train, tok, answers, size=size),
        VqaSet(ctx.data('vqa-dev'), tok, answers, size=size),
        GroundSet(ctx.data('vqa-ground'), tok, size), ctx.seed))
    ctx.drop('vqa-train')
    if ctx.train_only:
        return None
    test_set = VqaSet(ctx.data('vqa-test'), tok, answers, size=size)
    with torch.no_grad():
        metrics = accuracy(test_set, lambda b: model(b['image'], b['question']))
    ctx.log('vqa-student test %s' % metrics)
    manifest = base_manifest(
        'vqa-student', 'vqa', 'student',
        'General VQA classifier: the view resized to %d×%d + question → logits over the world\'s '
        'whole answer vocabulary. Backbone: patchify conv trunk with coordinate channels and two '
        'FiLM blocks conditioned on the question\'s phrase words → per-cell features [N,256,97] '
        '(conditioned and unconditioned channels and a phrase-match logit) and the question code '
        '[N,1,128]; head: each cell read with the question, a match map, max/mean pooling, match '
        'sum and max → MLP → logits.' % (size, size),
        ctx.recipe('vqa-student', SCRIPT, 'vqa-train',
                   {'testDataSeed': ctx.datasets['vqa-test'][2], 'imageSize': size}),
        metrics)
    manifest.update({'preprocess': crop_preprocess(size), 'tokenizer': tok.manifest(),
                     'labels': answers, 'decode': {'kind': 'softmax'}})
    write_version(ctx.version_dir('vqa', 'student'), _parts(model, size, True), manifest,
                  _goldens(test_set, model, tok, size), ctx.log)
    return metrics


def teacher_answers(answers):
    """The teacher's closed answer set, in vocab.json order: the answers of the target question
    types — colours, shapes, yes/no and counts (no sizes)."""
    return [a for a in answers if a in lb.COLOURS or a in lb.SHAPES or a in ('yes', 'no') or a.isdigit()]


def build_teacher(ctx, size=VQA_SIZE):
    seed_all(ctx.seed + 1)
    train = ctx.data('vqa-teacher-train')
    tok = Tokenizer(train.vocab['words'], QUESTION_TOKENS)
    answers = teacher_answers(train.vocab['answers'])
    model = TeacherVqa(len(tok.vocab), len(answers), size)
    ctx.trained('vqa-teacher', model, 'vqa-teacher-train', lambda: _fit(
        ctx, 'vqa-teacher', model, VqaSet(train, tok, answers, keep_unknown=False, size=size),
        VqaSet(ctx.data('vqa-dev'), tok, answers, size=size),
        GroundSet(ctx.data('vqa-teacher-ground'), tok, size), ctx.seed + 1))
    ctx.drop('vqa-teacher-train')
    if ctx.train_only:
        return None
    test_set = VqaSet(ctx.data('vqa-test'), tok, answers, size=size)
    with torch.no_grad():
        metrics = accuracy(test_set, lambda b: model(b['image'], b['question']))
    ctx.log('vqa-teacher test %s' % metrics)
    manifest = base_manifest(
        'vqa-teacher', 'vqa', 'teacher',
        'Dusk VQA classifier over a closed answer set (colours, shapes, yes/no, counts; no sizes): '
        'the view resized to %d×%d + question → logits. Trained on the dusk domain only.' % (size, size),
        ctx.recipe('vqa-teacher', SCRIPT, 'vqa-teacher-train',
                   {'testDataSeed': ctx.datasets['vqa-test'][2], 'imageSize': size}),
        metrics)
    manifest.update({'preprocess': crop_preprocess(size), 'tokenizer': tok.manifest(),
                     'labels': answers, 'decode': {'kind': 'softmax'}})
    write_version(ctx.version_dir('vqa', 'teacher'), _parts(model, size, False), manifest,
                  _goldens(test_set, model, tok, size), ctx.log)
    return metrics

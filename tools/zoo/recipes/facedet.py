"""facedet: the general face-detector student and the small dusk face-detector teacher."""
import torch
import torch.nn as nn

from .boxes import detection_loss
from .detect import DetectionSet, average_precision_of
from .loc import goldens
from .nets import FaceBackbone, GridHead, TeacherDetector
from .package import (DETECTOR_PREPROCESS, FACEDET_OPERATING_THRESHOLD, Part, base_manifest, detector_decode,
                      write_version)
from .train_util import fit, seed_all

SCRIPT = 'tools/zoo/recipes/facedet.py'


class FaceStudent(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = FaceBackbone()
        self.head = GridHead(self.backbone.dim)

    def forward(self, image):
        return self.head(self.backbone(image))


def _train(ctx, name, model, train_key, seed):
    cfg = ctx.train(name)
    train_set = DetectionSet(ctx.data(train_key))
    dev_set = DetectionSet(ctx.data('facedet-dev'))

    def loss_fn(m, b):
        loss, obj, box = detection_loss(m(b['image']), b['obj'], b['reg'])
        return loss, {'loss': loss.detach(), 'obj': obj, 'box': box}

    def evaluate(m):
        return {k: v['ap50'] for k, v in average_precision_of(dev_set, lambda b: m(b['image'])).items()}

    fit(model, len(train_set), train_set.batch, loss_fn, cfg['epochs'], cfg['batch'], cfg['lr'],
        ctx.log, name, seed, cfg.get('max_steps'), evaluate)
    ctx.drop(train_key)
    test = ctx.data('facedet-test')
    with torch.no_grad():
        metrics = average_precision_of(DetectionSet(test), lambda b: model(b['image']))
    ctx.log('%s test %s' % (name, metrics))
    return test, metrics


def build_student(ctx):
    seed_all(ctx.seed)
    model = FaceStudent()
    test, metrics = _train(ctx, 'facedet-student', model, 'facedet-train', ctx.seed)
    manifest = base_manifest(
        'facedet-student', 'facedet', 'student',
        'General face detector: image view → face boxes with scores. The backbone emits per-cell '
        'features [N,256,64]; the head maps each cell to [objectness, dx, dy, logW, logH].',
        ctx.recipe('facedet-student', SCRIPT, 'facedet-train',
                   {'testDataSeed': ctx.datasets['facedet-test'][2]}),
        metrics)
    manifest.update({'preprocess': DETECTOR_PREPROCESS, 'tokenizer': None, 'labels': ['face'],
                     'decode': detector_decode(FACEDET_OPERATING_THRESHOLD)})
    image = torch.zeros(2, 3, 128, 128)
    features = model.backbone(image).detach()
    parts = [Part('backbone', model.backbone, (image,), ['image'], ['features'],
                  {'image': {0: 'N'}, 'features': {0: 'N'}}),
             Part('head', model.head, (features,), ['features'], ['grid'],
                  {'features': {0: 'N'}, 'grid': {0: 'N'}})]
    with torch.no_grad():
        golden = goldens(test, None, lambda img, _p: {'grid': model(img)})
    write_version(ctx.version_dir('facedet', 'student'), parts, manifest, golden, ctx.log)
    return metrics


def build_teacher(ctx):
    seed_all(ctx.seed + 1)
    model = TeacherDetector(classes=0)
    test, metrics = _train(ctx, 'facedet-teacher', model, 'facedet-teacher-train', ctx.seed + 1)
    manifest = base_manifest(
        'facedet-teacher', 'facedet', 'teacher',
        'Small dusk face detector: image view → per cell [objectness, dx, dy, logW, logH]. '
        'Trained on the dusk domain only.',
        ctx.recipe('facedet-teacher', SCRIPT, 'facedet-teacher-train',
                   {'testDataSeed': ctx.datasets['facedet-test'][2]}),
        metrics)
    manifest.update({'preprocess': DETECTOR_PREPROCESS, 'tokenizer': None, 'labels': ['face'],
                     'decode': detector_decode(FACEDET_OPERATING_THRESHOLD)})
    image = torch.zeros(2, 3, 128, 128)
    parts = [Part('model', model, (image,), ['image'], ['grid'], {'image': {0: 'N'}, 'grid': {0: 'N'}})]
    with torch.no_grad():
        golden = goldens(test, None, lambda img, _p: {'grid': model(img)})
    write_version(ctx.version_dir('facedet', 'teacher'), parts, manifest, golden, ctx.log)
    return metrics

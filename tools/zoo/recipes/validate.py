"""Checks an exported zoo: layout, manifests, hashes, sizes, opsets, head op allowlist, dynamic
batch axes, and (through onnxruntime-node) that the ONNX files reproduce every golden output."""
import json
import os
import subprocess
import tempfile

import onnx
import torch

from . import export as ex
from .data import load_png
from .preprocess import crop_resize, letterbox, resize_view
from .tokenizer import Tokenizer

MODULES = ['loc', 'facedet', 'classify', 'vqa']
HEAD_OPS = {'MatMul', 'Gemm', 'Add', 'Relu', 'Sigmoid', 'LayerNormalization', 'ReduceL2', 'Div',
            'Mul', 'Clip', 'Max', 'Transpose', 'Constant', 'Sqrt', 'ReduceSum', 'Pow', 'ReduceMax',
            'ReduceMean'}
REQUIRED = ['name', 'module', 'role', 'version', 'parent', 'createdAt', 'description', 'files',
            'graph', 'preprocess', 'tokenizer', 'labels', 'decode', 'recipe', 'metrics', 'golden']
MAX_TOTAL = 40 * 1024 * 1024


def golden_inputs(manifest, version_dir, golden):
    """The golden's model inputs, preprocessed exactly as the contract says."""
    image = load_png(os.path.join(version_dir, golden['inputs']['image']))
    inp = golden['inputs']
    tok = manifest['tokenizer']
    tokenizer = Tokenizer(tok['vocab'][2:], tok['maxTokens']) if tok else None
    module = manifest['module']
    if module in ('loc', 'facedet'):
        feeds = {'image': letterbox(image, inp['view'])[0].unsqueeze(0)}
        if 'phrase' in inp and tokenizer:
            feeds['phrase'] = tokenizer.encode([inp['phrase']])
    elif module == 'classify':
        feeds = {'image': crop_resize(image, inp['box'], manifest['preprocess']['size']).unsqueeze(0)}
        if 'categories' in inp:
            feeds['text'] = tokenizer.encode(inp['categories'])
    else:
        feeds = {'image': resize_view(image, inp['view'], manifest['preprocess']['size']).unsqueeze(0),
                 'question': tokenizer.encode([inp['question']])}
    return feeds


def validate(root, node_check=True, repo=None, log=print, models=None):
    """Returns a list of problems (empty when the zoo is valid). `models`: the (module, role) pairs
    to check (default: all eight, and then the zoo's total size too)."""
    problems = []
    total = 0
    cases = []
    selected = models or [(module, role) for module in MODULES for role in ('student', 'teacher')]
    for module in MODULES:
        for role in ('student', 'teacher'):
            if (module, role) not in selected:
                continue
            vdir = os.path.join(root, module, role, 'v1')
            path = os.path.join(vdir, 'manifest.json')
            if not os.path.exists(path):
                problems.append('missing %s' % path)
                continue
            with open(path) as handle:
                manifest = json.load(handle)
            problems += ['%s/%s: manifest lacks %s' % (module, role, k) for k in REQUIRED if k not in manifest]
            want = ['backbone', 'head'] if role == 'student' else ['model']
            if sorted(manifest.get('files', {})) != sorted(want):
                problems.append('%s/%s: files %s, want %s' % (module, role, sorted(manifest['files']), want))
            for key, entry in manifest.get('files', {}).items():
                file = os.path.join(vdir, entry['path'])
                size = os.path.getsize(file)
                total += size
                if size > ex.MAX_FILE_BYTES:
                    problems.append('%s over 8 MB' % file)
                if ex.sha256(file) != entry['sha256']:
                    problems.append('%s sha256 mismatch' % file)
                model = onnx.load(file)
                onnx.checker.check_model(model)
                opset = [o.version for o in model.opset_import if o.domain in ('', 'ai.onnx')][0]
                if not 13 <= opset <= 17:
                    problems.append('%s opset %d' % (file, opset))
                if key == 'head':
                    bad = set(ex.op_types(file)) - HEAD_OPS
                    if bad:
                        problems.append('%s head uses ops %s' % (file, sorted(bad)))
                for value in manifest['graph'][key]['inputs'] + manifest['graph'][key]['outputs']:
                    if not isinstance(value['shape'][0], str):
                        problems.append('%s %s has a fixed batch dimension' % (file, value['name']))
            goldens = manifest.get('golden', [])
            if not 3 <= len(goldens) <= 4:
                problems.append('%s/%s: %d goldens' % (module, role, len(goldens)))
            for i, golden in enumerate(goldens):
                feeds = golden_inputs(manifest, vdir, golden)
                cases.append({'dir': os.path.abspath(vdir), 'files': {k: v['path'] for k, v in manifest['files'].items()},
                              'feeds': {k: {'dtype': 'int64' if v.dtype == torch.int64 else 'float32',
                                            'shape': list(v.shape), 'data': v.reshape(-1).tolist()}
                                        for k, v in feeds.items()},
                              'outputs': golden['outputs'], 'label': '%s/%s golden %d' % (module, role, i)})
    if total > MAX_TOTAL:
        problems.append('zoo is %d bytes, over 40 MB' % total)
    log('zoo ONNX bytes: %d' % total)
    if node_check and cases and not problems:
        problems += run_node_check(cases, repo, log)
    return problems


def run_node_check(cases, repo, log):
    """Runs every golden through onnxruntime-node (tools/zoo/verify-goldens.js)."""
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'verify-goldens.cjs')
    handle, payload = tempfile.mkstemp(prefix='vprog-golden-cases-', suffix='.json')  # one per check
    with os.fdopen(handle, 'w') as out:
        json.dump(cases, out)
    try:
        proc = subprocess.run(['node', script, payload], cwd=repo, capture_output=True, text=True)
    finally:
        os.remove(payload)
    log(proc.stdout.strip())
    if proc.returncode != 0:
        return ['onnxruntime golden check failed: %s' % (proc.stderr.strip() or proc.stdout.strip())[-2000:]]
    return []

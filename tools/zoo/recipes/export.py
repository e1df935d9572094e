"""ONNX export (dynamic batch axes, onnx.checker), manifests with sha256, golden pairs."""
import datetime
import hashlib
import json
import os
import shutil

import onnx
import torch

OPSET = 13
MAX_FILE_BYTES = 8 * 1024 * 1024
KEY_ORDER = ['name', 'module', 'role', 'version', 'parent', 'createdAt', 'description', 'files',
             'graph', 'preprocess', 'tokenizer', 'labels', 'decode', 'recipe', 'metrics', 'golden']
_DTYPES = {1: 'float32', 7: 'int64', 6: 'int32', 9: 'bool'}


def export_onnx(module, args, path, input_names, output_names, dynamic_axes):
    """Exports `module` (eval mode) to `path`, checks it and its size; returns its graph description."""
    module.eval()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)
    with torch.no_grad():
        results = module(*args)
    results = results if isinstance(results, (tuple, list)) else (results,)
    model = onnx.load(path)
    pin_static_dims(model, {name: tuple(r.shape) for name, r in zip(output_names, results)}, dynamic_axes)
    onnx.save(model, path)
    onnx.checker.check_model(model)
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise ValueError('%s is %d bytes, over the 8 MB limit' % (path, size))
    return describe(model)


def pin_static_dims(model, shapes, dynamic_axes):
    """Gives graph outputs fixed sizes on every axis that is not dynamic (the exporter leaves
    symbolic names such as `Transposefeatures_dim_1` behind reshapes)."""
    for output in model.graph.output:
        if output.name not in shapes:
            continue
        dynamic = dynamic_axes.get(output.name, {})
        for axis, dim in enumerate(output.type.tensor_type.shape.dim):
            if axis in dynamic:
                dim.dim_param = dynamic[axis]
            else:
                dim.dim_value = shapes[output.name][axis]


def describe(model):
    def value_info(value):
        tensor = value.type.tensor_type
        shape = [d.dim_param if d.dim_param else d.dim_value for d in tensor.shape.dim]
        return {'name': value.name, 'dtype': _DTYPES.get(tensor.elem_type, str(tensor.elem_type)),
                'shape': shape}
    initializers = {init.name for init in model.graph.initializer}
    return {'inputs': [value_info(v) for v in model.graph.input if v.name not in initializers],
            'outputs': [value_info(v) for v in model.graph.output]}


def op_types(path):
    return sorted({node.op_type for node in onnx.load(path).graph.node})


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b''):
            digest.update(chunk)
    return digest.hexdigest()


def tensor_json(tensor):
    tensor = tensor.detach().float().contiguous()
    return {'shape': list(tensor.shape), 'data': [round(float(v), 7) for v in tensor.reshape(-1)]}


def copy_golden_image(src, version_dir, index):
    os.makedirs(os.path.join(version_dir, 'golden'), exist_ok=True)
    rel = 'golden/%d.png' % index
    shutil.copyfile(src, os.path.join(version_dir, rel))
    return rel


def write_manifest(version_dir, manifest):
    """Fills in file hashes and createdAt, then writes manifest.json (sorted files, 2-space JSON)."""
    for entry in manifest['files'].values():
        entry['sha256'] = sha256(os.path.join(version_dir, entry['path']))
    manifest.setdefault('createdAt', datetime.datetime.now(datetime.timezone.utc)
                        .isoformat(timespec='seconds').replace('+00:00', 'Z'))
    ordered = {key: manifest[key] for key in KEY_ORDER if key in manifest}
    ordered.update({key: value for key, value in manifest.items() if key not in ordered})
    path = os.path.join(version_dir, 'manifest.json')
    with open(path, 'w') as handle:
        json.dump(ordered, handle, indent=2)
        handle.write('\n')
    return path

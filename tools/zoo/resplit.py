"""Moves the cut between a head-split student's backbone.onnx and head.onnx, without retraining.

    /usr/bin/python3 tools/zoo/resplit.py SRC_VERSION_DIR OUT_DIR OLD_TENSOR=NEW_NAME [...]

Joins the two graphs, then extracts a new backbone that ends at the named tensors (renamed to
NEW_NAME, batch axis `N`) and a new head that starts there. The final outputs are the same
computation, so the manifest's goldens still hold; the manifest's graph block and file hashes are
rewritten. Example: the facedet student cut after its trunk, so head training also adapts the two
neck convolutions (measured in libs/distill/README.md):

    /usr/bin/python3 tools/zoo/resplit.py models/facedet/student/v1 /tmp/facedet-trunk \\
        /trunk/layers/layers.2/layers.2.2/Relu_output_0=trunk
    npx tsx bench/distill-modules.ts --module facedet --student /tmp/facedet-trunk
"""
import argparse
import copy
import json
import os
import shutil
import sys

import onnx
from onnx import helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recipes.export import describe, sha256  # noqa: E402


def joined(backbone, head):
    """One model computing backbone then head; the head's own names get a `head` prefix."""
    head = copy.deepcopy(head)
    shared = {v.name for v in head.graph.input} | {v.name for v in head.graph.output}

    def rename(name):
        if name == '' or name in shared:
            return name
        return 'head' + name if name.startswith('/') else 'head/' + name

    for node in head.graph.node:
        node.name = rename(node.name) if node.name else node.name
        node.input[:] = [rename(x) for x in node.input]
        node.output[:] = [rename(x) for x in node.output]
    for init in head.graph.initializer:
        init.name = rename(init.name)
    graph = helper.make_graph(list(backbone.graph.node) + list(head.graph.node), 'joined',
                              list(backbone.graph.input), list(head.graph.output),
                              list(backbone.graph.initializer) + list(head.graph.initializer))
    model = helper.make_model(graph, opset_imports=backbone.opset_import)
    model.ir_version = backbone.ir_version
    return onnx.shape_inference.infer_shapes(model)


def finish(model, template, renames, batch_named):
    """Renames the cut tensors, restores the opset and IR version, names the batch axis `N`."""
    for node in model.graph.node:
        node.input[:] = [renames.get(x, x) for x in node.input]
        node.output[:] = [renames.get(x, x) for x in node.output]
    for value in list(model.graph.input) + list(model.graph.output) + list(model.graph.value_info):
        value.name = renames.get(value.name, value.name)
    model.ir_version = template.ir_version
    del model.opset_import[:]
    model.opset_import.extend(template.opset_import)
    for value in list(model.graph.input) + list(model.graph.output):
        if value.name in batch_named:
            dim = value.type.tensor_type.shape.dim[0]
            dim.ClearField('dim_value')
            dim.dim_param = 'N'
    onnx.checker.check_model(model)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='a student version directory (manifest.json, backbone.onnx, head.onnx)')
    parser.add_argument('out', help='where the re-split version is written (created; must not exist)')
    parser.add_argument('cuts', nargs='+', metavar='OLD=NEW', help='a tensor of the joined graph and its new name')
    args = parser.parse_args()
    renames = dict(cut.split('=', 1) for cut in args.cuts)
    manifest = json.load(open(os.path.join(args.src, 'manifest.json')))
    if set(manifest['files']) != {'backbone', 'head'}:
        parser.error('%s is not a head-split version (files: %s)' % (args.src, ', '.join(manifest['files'])))
    backbone = onnx.load(os.path.join(args.src, manifest['files']['backbone']['path']))
    head = onnx.load(os.path.join(args.src, manifest['files']['head']['path']))
    full = joined(backbone, head)
    known = {v for node in full.graph.node for v in node.output}
    missing = [name for name in renames if name not in known]
    if missing:
        parser.error('no tensor named %s in the joined graph' % ', '.join(missing))
    inputs = [v.name for v in backbone.graph.input]
    outputs = [v.name for v in head.graph.output]
    extractor = onnx.utils.Extractor(full)
    new_backbone = finish(extractor.extract_model(inputs, list(renames)), backbone, renames,
                          set(renames.values()) | set(inputs))
    new_head = finish(extractor.extract_model(list(renames), outputs), backbone, renames,
                      set(renames.values()) | set(outputs))
    shutil.copytree(args.src, args.out)
    onnx.save(new_backbone, os.path.join(args.out, manifest['files']['backbone']['path']))
    onnx.save(new_head, os.path.join(args.out, manifest['files']['head']['path']))
    manifest['graph'] = {'backbone': describe(new_backbone), 'head': describe(new_head)}
    for entry in manifest['files'].values():
        entry['sha256'] = sha256(os.path.join(args.out, entry['path']))
    manifest.setdefault('recipe', {})['resplit'] = {'from': args.src, 'cuts': renames}
    with open(os.path.join(args.out, 'manifest.json'), 'w') as handle:
        json.dump(manifest, handle, indent=2)
        handle.write('\n')
    for name, graph in (('backbone', new_backbone), ('head', new_head)):
        ops = sorted({node.op_type for node in graph.graph.node})
        print('%s: %s → %s (%s)' % (name, [v.name for v in graph.graph.input if v.name not in {i.name for i in graph.graph.initializer}],
                                    [v.name for v in graph.graph.output], ', '.join(ops)))


if __name__ == '__main__':
    main()

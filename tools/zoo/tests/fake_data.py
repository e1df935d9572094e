"""A test fixture: writes datasets in the module-dataset format (items.jsonl, images/, vocab.json)
with crude PIL drawings, so the recipes can be exercised without the world CLI. Not the world."""
import json
import os

import numpy as np
from PIL import Image, ImageDraw

from recipes import labels as lb

RGB = {'red': (220, 40, 40), 'orange': (240, 140, 30), 'yellow': (240, 230, 40), 'green': (40, 180, 60),
       'blue': (40, 70, 220), 'purple': (140, 50, 180), 'white': (250, 250, 250), 'black': (10, 10, 10)}
WORDS = lb.SHAPES + [s + 's' for s in lb.SHAPES] + lb.COLOURS + lb.SIZES + \
    ['object', 'objects', 'what', 'colour', 'shape', 'is', 'the', 'how', 'many', 'are', 'there', 'yes', 'no']
ANSWERS = lb.COLOURS + lb.SHAPES + lb.SIZES + lb.EXPRESSIONS + ['yes', 'no'] + [str(i) for i in range(7)]


def scene(rng, domain):
    bg = {'studio': (200, 200, 200), 'paper': (230, 220, 190), 'noise': (120, 120, 120), 'dusk': (40, 30, 30)}[domain]
    img = Image.new('RGB', (128, 128), bg)
    draw = ImageDraw.Draw(img)
    objects, faces = [], []
    for _ in range(rng.integers(2, 5)):
        size = lb.SIZES[rng.integers(2)]
        side = 12 if size == 'small' else 26
        x, y = int(rng.integers(0, 128 - side)), int(rng.integers(0, 128 - side))
        colour, shape = lb.COLOURS[rng.integers(8)], lb.SHAPES[rng.integers(6)]
        box = [x, y, x + side, y + side]
        if shape in ('circle', 'hexagon'):
            draw.ellipse([x, y, x + side - 1, y + side - 1], fill=RGB[colour])
        else:
            draw.rectangle([x, y, x + side - 1, y + side - 1], fill=RGB[colour])
        objects.append({'box': box, 'shape': shape, 'colour': colour, 'size': size})
    if rng.random() < 0.5:
        x, y = int(rng.integers(0, 100)), int(rng.integers(0, 100))
        draw.ellipse([x, y, x + 23, y + 23], fill=(230, 190, 150))
        faces.append({'box': [x, y, x + 24, y + 24], 'expression': lb.EXPRESSIONS[rng.integers(3)]})
    if domain == 'noise':
        arr = np.asarray(img).astype(np.int16) + rng.integers(-30, 30, size=(128, 128, 3))
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    return img, objects, faces


def write(out, module, count, domains, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, 'images'), exist_ok=True)
    names = list(domains)
    with open(os.path.join(out, 'items.jsonl'), 'w') as handle:
        for i in range(count):
            domain = names[i % len(names)]
            img, objects, faces = scene(rng, domain)
            rel = 'images/%05d.png' % i
            img.save(os.path.join(out, rel))
            base = {'image': rel, 'domain': domain}
            target = objects[rng.integers(len(objects))]
            if module == 'loc':
                phrase = '%s %s' % (target['colour'], target['shape'])
                boxes = [o['box'] for o in objects if o['colour'] == target['colour'] and o['shape'] == target['shape']]
                items = [dict(base, view=[0, 0, 128, 128], phrase=phrase, boxes=boxes)]
            elif module == 'facedet':
                items = [dict(base, view=[0, 0, 128, 128], boxes=[f['box'] for f in faces])]
            elif module == 'classify':
                items = [dict(base, box=o['box'], kind='shape',
                              labels={'shape': o['shape'], 'colour': o['colour'], 'size': o['size']}) for o in objects]
                items += [dict(base, box=f['box'], kind='face', labels={'expression': f['expression']}) for f in faces]
            else:
                items = [dict(base, view=[0, 0, 128, 64], question='What colour is the %s?' % target['shape'],
                              answer=target['colour'])]
            for item in items:
                handle.write(json.dumps(item) + '\n')
    with open(os.path.join(out, 'vocab.json'), 'w') as handle:
        json.dump({'words': WORDS, 'answers': ANSWERS}, handle)
    with open(os.path.join(out, '.complete'), 'w') as handle:
        handle.write('fake')


def populate(work, datasets):
    for key, (module, _split, seed, count, domains) in datasets.items():
        write(os.path.join(work, key), module, count, domains, seed)

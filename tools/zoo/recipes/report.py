"""Renders the metrics table of an exported zoo (from its manifests) as Markdown.

  /usr/bin/python3 tools/zoo/recipes/report.py [models/]
"""
import json
import os
import sys

MODULE_METRIC = {'loc': ('ap50NoSize', 'ap50', 'AP50'), 'facedet': ('ap50', None, 'AP50'),
                 'classify': ('accuracy', None, 'accuracy'), 'vqa': ('accuracyNoSize', 'accuracy', 'accuracy')}
DOMAINS = ['studio', 'paper', 'noise', 'dusk']


def fmt(value):
    return '—' if value is None or value != value else '%.3f' % value


def table(root):
    lines = ['| module | metric | role | ' + ' | '.join(DOMAINS) + ' | size (bytes) |',
             '|---|---|---|' + '---|' * len(DOMAINS) + '---|']
    for module, (closed, every, label) in MODULE_METRIC.items():
        for role in ('student', 'teacher'):
            path = os.path.join(root, module, role, 'v1', 'manifest.json')
            if not os.path.exists(path):
                continue
            with open(path) as handle:
                manifest = json.load(handle)
            size = sum(os.path.getsize(os.path.join(os.path.dirname(path), f['path']))
                       for f in manifest['files'].values())
            rows = [(closed, label + (' (no size words)' if every else ''))]
            if every:
                rows.append((every, label + ' (all)'))
            if module == 'classify':
                rows = [('accuracy', 'accuracy (all groups)')] if role == 'student' else []
                rows.append(('expressionAccuracy', 'expression accuracy'))
            for key, name in rows:
                cells = [fmt(manifest['metrics'].get(d, {}).get(key)) for d in DOMAINS]
                lines.append('| %s | %s | %s | %s | %d |' % (module, name, role, ' | '.join(cells), size))
    return '\n'.join(lines)


if __name__ == '__main__':
    print(table(sys.argv[1] if len(sys.argv) > 1 else 'models'))

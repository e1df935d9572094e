"""The Shapes world's closed label sets as the models see them, and the small phrase reading that
the teachers' adapters (and the metrics that split phrases by kind) need."""
from .tokenizer import _SPLIT

SHAPES = ['circle', 'square', 'triangle', 'star', 'hexagon', 'diamond']
COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'white', 'black']
SIZES = ['small', 'large']
EXPRESSIONS = ['smiling', 'frowning', 'surprised']
SIZE_WORDS = {'small': 'small', 'little': 'small', 'tiny': 'small', 'large': 'large', 'big': 'large'}


def phrase_attributes(text):
    """'small red stars' → {'size': 'small', 'colour': 'red', 'shape': 'star'} (absent keys = any)."""
    out = {}
    for word in _SPLIT.split(text.lower()):
        if word in SIZE_WORDS:
            out['size'] = SIZE_WORDS[word]
        elif word in COLOURS:
            out['colour'] = word
        elif word in SHAPES or (word.endswith('s') and word[:-1] in SHAPES):
            out['shape'] = word if word in SHAPES else word[:-1]
    return out


def check_vocabulary(vocab):
    """Raises when the world's vocabulary (vocab.json) lacks a label word the zoo relies on: phrase
    words must be tokens, and every label must be an answer."""
    missing = [w for w in SHAPES + COLOURS + SIZES if w not in vocab['words']]
    missing += [w for w in SHAPES + COLOURS + SIZES + EXPRESSIONS if w not in vocab['answers']]
    if missing:
        raise ValueError('vocab.json lacks label words: %s' % ', '.join(missing))


def with_category_words(words):
    """The classify tokenizer's word list: vocab.json's words, then any label word it lacks (the
    expressions are answers, not question words), so every category word has its own token."""
    words = list(words)
    return words + [w for w in SHAPES + COLOURS + SIZES + EXPRESSIONS if w not in words]

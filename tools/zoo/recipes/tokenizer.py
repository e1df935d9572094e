"""The words tokenizer of the model contract: lower-case, split on [^a-z0-9]+, map through the
vocabulary (0 = <pad>, 1 = <unk>, then vocab.json's words in order), pad/truncate to a fixed length."""
import re

import torch

PAD = '<pad>'
UNK = '<unk>'
PHRASE_TOKENS = 12
QUESTION_TOKENS = 16
_SPLIT = re.compile(r'[^a-z0-9]+')


class Tokenizer:
    """Maps text to int64 token ids of a fixed length."""

    def __init__(self, words, max_tokens):
        self.vocab = [PAD, UNK] + list(words)
        self.index = {word: i for i, word in enumerate(self.vocab)}
        self.max_tokens = max_tokens

    def words(self, text):
        return [word for word in _SPLIT.split(text.lower()) if word]

    def ids(self, text):
        ids = [self.index.get(word, 1) for word in self.words(text)][:self.max_tokens]
        return ids + [0] * (self.max_tokens - len(ids))

    def encode(self, texts):
        """A list of strings → int64 tensor [len(texts), max_tokens]."""
        return torch.tensor([self.ids(text) for text in texts], dtype=torch.int64)

    def manifest(self):
        return {'kind': 'words', 'vocab': self.vocab, 'maxTokens': self.max_tokens}

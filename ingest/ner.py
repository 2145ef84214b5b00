"""slovnet's named-entity spans (PER, LOC, ORG) over Russian text, tagged fast and in bounded memory.

natasha's NER model is loaded once per process, on first use, so a process that never tags
(the writer of a parallel build) never holds it. Texts are tagged in length-ordered batches
(``prefetch_ner``), cut at sentence ends into pieces slovnet can take (``NER_CHUNK``), and the
spans of recent texts are kept: a report asks for the same cell several times. The first
convolution of the model is read from per-word products (``_WordProducts``), which gives the
same tags a third faster.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

__all__ = ["NerSpan", "NER_CHUNK", "ner_spans", "one_line", "prefetch_ner"]


@lru_cache(maxsize=1)
def _natasha():
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    _one_blas_thread()
    emb = NewsEmbedding()
    tagger = NewsNERTagger(emb)
    try:
        tagger.infer.model = _WordProducts(tagger.infer.model)
    except (AttributeError, ValueError):  # another slovnet: its own forward pass, slower but the same tags
        pass
    return Doc, Segmenter(), tagger


class _WordProducts:
    """slovnet's NER model, its first convolution read from the products of each word.

    The first layer multiplies each word's embedding (330 numbers: its navec vector and
    its shape) by the same three weight matrices wherever the word stands; the output at a
    word sums the products of the word and of its two neighbours. A report repeats its words
    (3,000 events hold 150,000 words but under 2,000 distinct ones), so the products of each
    (word, shape) are kept, and the layer, two thirds of the model's arithmetic, is mostly
    look-ups: NER takes a third less time. The sums are the same in another order, so the
    scores differ in the last float32 digits (1e-5); the tags were identical on 3,200 texts.
    """

    ROWS = 16_384  # words kept (3 KB each); when full the table starts again

    def __init__(self, model) -> None:
        import numpy as np

        self.model = model
        self.head = model.head  # read by slovnet's NERInfer (its CRF)
        conv = model.encoder.layers[0].conv
        weight = conv.weight.array  # filters × inputs × kernel
        if conv.padding != 1 or weight.shape[2] != 3:
            raise ValueError("slovnet's NER model changed: its first layer is no longer a 3-wide convolution")
        self.filters = weight.shape[0]
        self.weight = np.ascontiguousarray(np.concatenate([weight[:, :, k].T for k in range(3)], axis=1))
        self.bias = conv.bias.array
        self.rows: dict[tuple[int, int], int] = {}
        self.table = np.zeros((4096, 3 * self.filters), dtype=weight.dtype)

    def _products(self, word_id, shape_id):
        """Each position's word times the three weight matrices: batch × words × (3 · filters)."""
        import numpy as np

        keys = list(zip(word_id.ravel().tolist(), shape_id.ravel().tolist()))
        new = [k for k in dict.fromkeys(keys) if k not in self.rows]
        if len(self.rows) + len(new) > self.ROWS:
            self.rows.clear()
            new = list(dict.fromkeys(keys))
        if new:
            start = len(self.rows)
            if start + len(new) > len(self.table):
                grown = np.zeros((max(2 * len(self.table), start + len(new)), self.table.shape[1]), self.table.dtype)
                grown[:start] = self.table[:start]
                self.table = grown
            embedded = self.model.emb(np.array([[k[0] for k in new]]), np.array([[k[1] for k in new]]))[0]
            self.table[start:start + len(new)] = embedded @ self.weight
            self.rows.update((k, start + j) for j, k in enumerate(new))
        index = np.fromiter((self.rows[k] for k in keys), dtype=np.intp, count=len(keys))
        return self.table[index].reshape(*word_id.shape, -1)

    def __call__(self, word_id, shape_id, pad_mask):
        """slovnet's ``Tag.__call__`` (embed, encode, project) with the first convolution as above."""
        import numpy as np

        f = self.filters
        products = self._products(word_id, shape_id)
        out = products[:, :, f:2 * f].copy()        # the word itself
        out[:, 1:] += products[:, :-1, :f]          # the word before (zero padding at the start)
        out[:, :-1] += products[:, 1:, 2 * f:]      # the word after (zero padding at the end)
        out += self.bias
        x = out.swapaxes(2, 1)  # batch × filters × words, as slovnet's encoder layers take it
        mask = np.expand_dims(pad_mask, axis=1)
        layers = self.model.encoder.layers
        x = layers[0].norm(layers[0].relu(x))
        x[mask.repeat(x.shape[1], axis=1)] = 0
        for layer in layers[1:]:
            x = layer(x)
            x[mask.repeat(x.shape[1], axis=1)] = 0
        return self.model.head(np.swapaxes(x, 2, 1))


def _one_blas_thread() -> None:
    """Run numpy's BLAS on one thread, unless the user set a number.

    slovnet multiplies small matrices (a batch of short texts); more BLAS threads
    only wait on each other and, with one ingest worker per core, on the other
    workers: on a busy 2-core machine NER took four times as long with two.
    threadpoolctl sets the loaded library's threads, which the environment
    variables cannot once numpy has been imported.
    """
    if any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        return
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1, user_api="blas")


@dataclass(frozen=True)
class NerSpan:
    type: str
    start: int
    stop: int
    text: str


_NER_CACHE: dict[str, tuple[NerSpan, ...]] = {}
_NER_CACHE_SIZE = 4096


#: Longest text slovnet tags in one piece: it tags a text as one sequence, and its time and memory
#: grow faster than the length (a 1 MB cell took 11 GB); real cells are under 3,000 characters.
NER_CHUNK = 10_000


def _chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """[start, end) pieces of at most ``size`` characters, cut after a sentence end or a space."""
    start = 0
    while start < len(text):
        end = len(text)
        if end - start > size:
            cut = text.rfind(". ", start, start + size)
            if cut <= start:
                cut = text.rfind(" ", start, start + size)
            end = cut + 1 if cut > start else start + size
        yield start, end
        start = end


def one_line(text: str) -> str:
    return " ".join(text.split("\n"))  # slovnet splits spans at line breaks inside cells


def prefetch_ner(texts: list[str]) -> None:
    """Tag many texts in one slovnet batch (about twice as fast as one by one)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _NER_CACHE]
    if not todo:
        return
    if len(_NER_CACHE) + len(todo) > _NER_CACHE_SIZE:
        _NER_CACHE.clear()
    _, _, ner = _natasha()
    flats = [one_line(t) for t in todo]
    pieces = [(i, lo, hi) for i, flat in enumerate(flats) for lo, hi in _chunks(flat, NER_CHUNK)]
    # slovnet pads each batch to its longest text: in length order a batch wastes little on padding
    # (a third of the tagging time on table rows in report order).
    pieces.sort(key=lambda piece: piece[2] - piece[1])
    found: list[list[NerSpan]] = [[] for _ in todo]
    for (i, lo, hi), markup in zip(pieces, ner.map([flats[i][lo:hi] for i, lo, hi in pieces])):
        found[i] += [NerSpan(s.type, lo + s.start, lo + s.stop, flats[i][lo + s.start:lo + s.stop])
                     for s in markup.spans]
    for text, spans in zip(todo, found):
        _NER_CACHE[text] = tuple(sorted(spans, key=lambda span: span.start))  # a long text's pieces came in length order


def ner_spans(text: str) -> tuple[NerSpan, ...]:
    """slovnet's PER/LOC/ORG spans over the text with its line breaks made spaces;
    offsets are the text's own (a line break and a space have the same length)."""
    if text not in _NER_CACHE:
        prefetch_ner([text])
    return _NER_CACHE[text]



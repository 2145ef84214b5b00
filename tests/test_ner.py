"""NER as ingest runs it: slovnet with its first layer read from per-word products
(``ingest.ner._WordProducts``) tags exactly as slovnet's own model, in any batch order."""
from __future__ import annotations

import numpy as np
from slovnet.exec.infer import text_words

from ties.ingest.ner import _natasha, _WordProducts


def _texts(reports_dir) -> list[str]:
    from ties.ingest.readers import read_blocks
    texts: list[str] = []
    for path in sorted(reports_dir.glob("*.txt")):
        texts += ["\n".join(b.cells) if b.cells else b.text for b in read_blocks(path)]
    return [" ".join(t.split("\n")) for t in texts if t.strip()]


def test_word_products_tag_as_slovnet(reports_dir) -> None:
    _, _, tagger = _natasha()
    fast = tagger.infer.model
    assert isinstance(fast, _WordProducts)
    texts = _texts(reports_dir)
    spans = lambda: [[(s.type, s.start, s.stop) for s in m.spans] for m in tagger.map(texts)]  # noqa: E731
    ours = spans()
    tagger.infer.model = fast.model  # slovnet's own forward pass
    try:
        theirs = spans()
        inputs = list(tagger.infer.encoder([text_words(t) for t in texts[:64]]))
        for batch in inputs:
            expected = fast.model(batch.word_id, batch.shape_id, batch.pad_mask)
            got = fast(batch.word_id, batch.shape_id, batch.pad_mask)
            assert np.abs(expected - got).max() < 1e-3
    finally:
        tagger.infer.model = fast
    assert len(texts) > 100 and ours == theirs


def test_word_products_survive_a_full_table() -> None:
    _, _, tagger = _natasha()
    fast = tagger.infer.model
    words = [f"слово{i}" for i in range(50)]
    texts = [" ".join(words[i:i + 7]) + " в Министерстве культуры" for i in range(40)]
    before = [m.spans for m in tagger.map(texts)]
    rows, fast.ROWS = fast.ROWS, 20  # every batch overflows the table
    try:
        assert [m.spans for m in tagger.map(texts)] == before
    finally:
        fast.ROWS = rows

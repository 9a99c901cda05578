"""Word alignment inside a link, SimAlign-style, from the sentence model's own token vectors.

No new model and no download: the bundled multilingual-e5-small (a 12-layer BERT) is run with
``output_hidden_states=True`` and the token vectors of one middle layer are compared by cosine.
Each side's words are given (tokenised text); the model's subword pieces are mapped back to them.

Index conventions: a link is ``(i, j)``, 0-based, ``i`` a word of the source side (Chinese),
``j`` of the target side; results are sorted. Arrays: ``sim`` is (n_src, n_tgt); token vectors
are (n_pieces, hidden). The constants in ``WordAlignSettings`` were chosen on the dev set by
``bench/word_align.py`` (docs/search.md has the table).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from align.search.lexicon import Lexicon

Link = tuple[int, int]
METHODS = ("argmax", "itermax")


@dataclass(frozen=True)
class WordAlignSettings:
    """How words are aligned; every value measured on word-align-dev (docs/search.md).

    - ``layer``: hidden layer whose token vectors are compared (0 = embeddings, 12 = last).
      As SimAlign found for mBERT, the middle is best: AER by layer (itermax, no dictionary)
      0.278 at 4, 0.234 at 6 and 7, 0.253 at 8, 0.328 at 10, 0.430 at 12. Layers 6 and 7 tie;
      7 is a hair better once the dictionary and distortion are on (0.199 against 0.201).
    - ``method``: ``argmax`` keeps pairs that are each other's best match (precision 0.88 but
      recall 0.61); ``itermax`` repeats that among words still unaligned (SimAlign), trading
      precision for recall: AER 0.234 against 0.273 at layer 7.
    - ``iterations``/``alpha``: itermax rounds and the discount on already-aligned rows and
      columns, SimAlign's defaults (2, 0.9); 3 rounds or alpha 0.8/1.0 measured no better.
    - ``lexicon_weight``: added to the [0, 1] similarity of a word pair that CC-CEDICT says
      translate each other; 0.1 took AER from 0.234 to 0.210 (0.05 and 0.2 do less well).
      0 turns the dictionary off (and saves loading it, about 3 s).
    - ``distortion``: SimAlign's position prior, scaling a pair by 1 − d·(i/m − j/n)²;
      0.5 gave a further 0.011 (1.0 is worse).
    - ``prefix``: text put before both sides; e5's ``query: `` changed AER by under 0.005.
    """

    layer: int = 7
    method: str = "itermax"
    iterations: int = 2
    alpha: float = 0.9
    lexicon_weight: float = 0.1
    distortion: float = 0.5
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"word alignment method {self.method!r}: choose one of {METHODS}")


DEFAULT_SETTINGS = WordAlignSettings()


def align_words(
    src_tokens: Sequence[str],
    tgt_tokens: Sequence[str],
    model: Any,
    settings: WordAlignSettings = DEFAULT_SETTINGS,
) -> list[Link]:
    """The ``(src_index, tgt_index)`` word links of one sentence pair, sorted."""
    return align_words_batch([(src_tokens, tgt_tokens)], model, settings)[0]


def align_words_batch(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    model: Any,
    settings: WordAlignSettings = DEFAULT_SETTINGS,
    lexicon: Lexicon | None = None,
) -> list[list[Link]]:
    """Word links of many pairs; one model call per side, so batching pays for itself."""
    encoder = TokenEncoder.of(model)
    src_vectors = encoder.word_vectors([p[0] for p in pairs], settings.layer, settings.prefix)
    tgt_vectors = encoder.word_vectors([p[1] for p in pairs], settings.layer, settings.prefix)
    if settings.lexicon_weight and lexicon is None:
        lexicon = Lexicon.default()
    result = []
    for (src, tgt), src_vecs, tgt_vecs in zip(pairs, src_vectors, tgt_vectors, strict=True):
        sim = similarity(src_vecs, tgt_vecs)
        if settings.lexicon_weight and lexicon is not None:
            sim = sim + settings.lexicon_weight * lexicon.matrix(src, tgt)
        if settings.distortion:
            sim = sim * distortion_prior(sim.shape, settings.distortion)
        result.append(extract_links(sim, settings))
    return result


def similarity(src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> np.ndarray:
    """(n_src, n_tgt) cosines of two (n, hidden) matrices, mapped to [0, 1] as SimAlign does."""
    src = src_vecs / np.maximum(np.linalg.norm(src_vecs, axis=1, keepdims=True), 1e-9)
    tgt = tgt_vecs / np.maximum(np.linalg.norm(tgt_vecs, axis=1, keepdims=True), 1e-9)
    return (src @ tgt.T + 1.0) / 2.0


def distortion_prior(shape: tuple[int, int], strength: float) -> np.ndarray:
    """(n_src, n_tgt) factors below 1 for pairs far from the diagonal (relative positions)."""
    rows = np.arange(shape[0])[:, None] / max(shape[0], 1)
    cols = np.arange(shape[1])[None, :] / max(shape[1], 1)
    return 1.0 - strength * (rows - cols) ** 2


def extract_links(sim: np.ndarray, settings: WordAlignSettings) -> list[Link]:
    """Links from a similarity matrix by the settings' method, sorted."""
    if sim.size == 0:
        return []
    if settings.method == "argmax":
        chosen = mutual_argmax(sim)
    else:
        chosen = itermax(sim, settings.iterations, settings.alpha)
    return sorted((int(i), int(j)) for i, j in zip(*np.nonzero(chosen), strict=True))


def mutual_argmax(sim: np.ndarray) -> np.ndarray:
    """(n_src, n_tgt) 0/1: pairs that are the best of their row and of their column."""
    forward = np.zeros_like(sim)
    forward[np.arange(sim.shape[0]), sim.argmax(axis=1)] = 1.0
    backward = np.zeros_like(sim)
    backward[sim.argmax(axis=0), np.arange(sim.shape[1])] = 1.0
    return forward * backward


def itermax(sim: np.ndarray, iterations: int = 2, alpha: float = 0.9) -> np.ndarray:
    """SimAlign's IterMax: mutual argmax, then again among rows/columns left unaligned.

    Each round scales an already-aligned row or column by ``alpha`` (both by at most 1), so a
    word that has a link can take a second only when it is clearly the best left.
    """
    chosen = mutual_argmax(sim)
    if min(sim.shape) <= 2:
        return chosen
    for _ in range(iterations - 1):
        free_rows = 1.0 - np.clip(chosen.sum(axis=1, keepdims=True), 0.0, 1.0)
        free_cols = 1.0 - np.clip(chosen.sum(axis=0, keepdims=True), 0.0, 1.0)
        if free_rows.sum() < 1.0 or free_cols.sum() < 1.0:
            break
        weight = np.clip(alpha * free_rows + alpha * free_cols, 0.0, 1.0)
        either_free = 1.0 - (1.0 - free_rows) * (1.0 - free_cols)
        added = mutual_argmax(sim * weight) * either_free
        if not (added * (1.0 - chosen)).any():
            break
        chosen = np.clip(chosen + added, 0.0, 1.0)
    return chosen


def is_han(char: str) -> bool:
    """True for CJK ideographs and full-width punctuation: such words join without a space."""
    return (
        "CJK" in unicodedata.name(char, "")
        or "\u3000" <= char <= "\u30ff"
        or ("\uff00" <= char <= "\uffef")
    )


def join_words(words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text the model reads and each word's (start, end) in it.

    Words join with a space except next to Chinese, which is written without spaces: the model
    then sees its usual pieces (``印尼`` rather than ``▁印`` ``▁尼``).
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for word in words:
        if parts and not (is_han(parts[-1][-1]) or is_han(word[0])):
            parts.append(" ")
            cursor += 1
        spans.append((cursor, cursor + len(word)))
        parts.append(word)
        cursor += len(word)
    return "".join(parts), spans


class TokenEncoder:
    """The token vectors of a sentence-transformers BERT, pooled per given word.

    A piece belongs to every word its characters overlap; a word's vector is the mean of its
    pieces' vectors (SimAlign's word-level variant, which lets the dictionary act per word).
    """

    max_pieces = 512

    def __init__(self, sentence_transformer: Any) -> None:
        self.tokenizer = sentence_transformer.tokenizer
        self.bert = sentence_transformer[0].auto_model
        self.space_piece = self.tokenizer.convert_tokens_to_ids("▁")

    @classmethod
    def of(cls, model: Any) -> TokenEncoder:
        """An encoder for a TokenEncoder, a SentenceTransformer, or an embedder holding one."""
        if isinstance(model, TokenEncoder):
            return model
        for attr in ("members", "inner", "model"):
            inner = getattr(model, attr, None)
            if attr == "members" and inner:
                inner = inner[0]
            if inner is not None and not hasattr(model, "tokenizer"):
                return cls.of(inner)
        cached = getattr(model, "_align_token_encoder", None)
        if cached is None:
            cached = cls(model)
            model._align_token_encoder = cached
        return cached

    def word_vectors(
        self, sentences: Sequence[Sequence[str]], layer: int, prefix: str = ""
    ) -> list[np.ndarray]:
        """For each sentence, a (n_words, hidden) float32 matrix from hidden layer ``layer``."""
        import torch

        texts, spans = zip(*(join_words(words) for words in sentences), strict=True)
        if not texts:
            return []
        batch = self.tokenizer(
            [prefix + text for text in texts],
            return_offsets_mapping=True,
            padding=True,
            truncation=True,
            max_length=self.max_pieces,
            return_tensors="pt",
        )
        offsets = batch.pop("offset_mapping").numpy()
        with torch.inference_mode():
            hidden = self.bert(**batch, output_hidden_states=True).hidden_states[layer]
        hidden = hidden.float().numpy()
        ids = batch["input_ids"].numpy()
        return [
            self._pool(hidden[n], ids[n], offsets[n] - len(prefix), spans[n])
            for n in range(len(texts))
        ]

    def _pool(
        self,
        vectors: np.ndarray,
        ids: np.ndarray,
        offsets: np.ndarray,
        spans: Sequence[tuple[int, int]],
    ) -> np.ndarray:
        """(n_words, hidden): each word's mean piece vector; zeros for a word with no piece."""
        out = np.zeros((len(spans), vectors.shape[1]), np.float32)
        counts = np.zeros(len(spans), np.float32)
        starts = np.array([s for s, _ in spans])
        ends = np.array([e for _, e in spans])
        for k, (begin, end) in enumerate(offsets):
            if end <= 0 or end <= begin or ids[k] == self.space_piece:
                continue
            hit = (starts < end) & (ends > begin)
            out[hit] += vectors[k]
            counts[hit] += 1
        return out / np.maximum(counts, 1.0)[:, None]

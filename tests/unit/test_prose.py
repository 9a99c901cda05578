"""Prose is not a transcript: dialogue and verse find no speaker turns, lines stay sentences."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from align.ingest import read_text_document
from align.pipeline import align_documents
from align.segment import Line, find_turns, looks_like_speaker

# A novel's dialogue: lead-ins with a verb of saying after a pronoun or a name, each recurring.
NOVEL_ZH = """他说：“我们走吧。”
大家都没有作声。
我问：“为什么？”
他说：“天快黑了。”
韦小宝笑道：“好，好。”
我问：“你怕什么？”
韦小宝笑道：“怕你。”
海老公道：“小桂子，过来。”
海老公道：“快去快回。”
凤姐儿说着：“罢了。”
凤姐儿说着：“去吧。”
又想：这事不妙。
又想：还是走罢。
"""
NOVEL_EN = """He looked up. She said: "Let us go."
She said: "It is late."
I asked: "Why now?"
I asked: "Why not tomorrow?"
Wei Xiaobao said: "Fine, fine."
Wei Xiaobao said: "Quite fine."
Then he thought: this is bad.
Then he thought: better run.
"""
# Verse with colons, the text before a colon recurring (the Bible, in miniature).
VERSE_EN = """And Cush begat Nimrod: he began to be a mighty one in the earth.
And Cush begat Nimrod: he was a mighty hunter before the Lord.
Salt is good: but if the salt have lost his saltness, wherewith shall it be seasoned?
Salt is good: have salt in yourselves, and have peace one with another.
And God said: Let there be light: and there was light.
And God said: Let the waters be gathered together.
For thus saith the Lord: Set thine house in order.
For thus saith the Lord: Ye shall not go up.
Blessed are the poor in spirit: for theirs is the kingdom of heaven.
Blessed are the poor in spirit: for they shall be comforted.
"""


def body(text: str) -> list[Line]:
    return [Line(n, line) for n, line in enumerate(text.splitlines(), start=1) if line]


@pytest.mark.parametrize(("text", "lang"), [(NOVEL_ZH, "zh"), (NOVEL_EN, "en"), (VERSE_EN, "en")])
def test_dialogue_and_verse_find_no_turns(text: str, lang: str) -> None:
    turns, speakers = find_turns(body(text), lang)
    assert speakers == {}
    assert [turn.speaker for turn in turns] == [None]


@pytest.mark.parametrize(("text", "lang"), [(NOVEL_ZH, "zh"), (NOVEL_EN, "en"), (VERSE_EN, "en")])
def test_sentence_per_line_prose_keeps_one_sentence_per_line(text: str, lang: str) -> None:
    document = read_text_document(text, "novel.txt", lang)
    lines = text.splitlines()
    assert not document.has_speakers
    assert [s.text for s in document.sentences()] == lines
    assert [s.id for s in document.sentences()] == [
        f"{lang}-t1-s{n}" for n in range(1, len(lines) + 1)
    ]


def test_sentence_per_line_transcript_keeps_its_turns_and_its_lines() -> None:
    text = "Smith: Hello. How are you?\nJones: Fine. Thanks.\nSmith: Good.\nJones: It rained.\n"
    document = read_text_document(text, "lines.txt", "en")
    assert [t.speaker for t in document.turns] == ["Smith", "Jones", "Smith", "Jones"]
    assert [s.text for s in document.sentences()] == [
        "Hello. How are you?",
        "Fine. Thanks.",
        "Good.",
        "It rained.",
    ]


@pytest.mark.parametrize(
    ("label", "lang", "speaker"),
    [
        ("Smith", "en", True),
        ("Vice Minister Ji", "en", True),
        ("Minister of Foreign Affairs", "en", True),
        ("Q", "en", True),
        ("She said", "en", False),
        ("Wei Xiaobao said", "en", False),
        ("And Cush begat Nimrod", "en", False),
        ("Salt is good", "en", False),
        ("The question is", "en", False),
        ("契尔沃年科大使", "zh", True),
        ("周瑞家的", "zh", True),
        ("韦小宝笑道", "zh", False),
        ("我问", "zh", False),
        ("他说", "zh", False),
        ("凤姐儿说着", "zh", False),
        ("问题是", "zh", False),
        ("他们", "zh", False),
        ("俗语说的好", "zh", False),
        ("韦小宝心中暗惊", "zh", False),
        ("这事原委是这样", "zh", False),
        ("我方代表", "zh", True),
    ],
)
def test_a_label_must_read_as_a_name_or_title(label: str, lang: str, speaker: bool) -> None:
    assert looks_like_speaker(label, lang) is speaker


def test_a_label_twice_in_a_long_text_is_not_a_transcript() -> None:
    prose = [f"第{n}天，天气很好。" for n in range(100)]
    prose[10] = prose[60] = "王老五：今天不去了。"
    turns, speakers = find_turns(body("\n".join(prose)), "zh")
    assert speakers == {}
    assert len(turns) == 1


def test_declared_speakers_count_even_with_a_verb_like_name() -> None:
    text = "王道（以下简称王）：我来了。\n李：好。\n王道：走吧。\n李：走。\n"
    turns, speakers = find_turns(body(text), "zh")
    assert set(speakers) == {"王", "李"}
    assert [turn.speaker for turn in turns] == ["王", "李", "王", "李"]


class HashEmbedder:
    """A fake embedder: a fixed pseudo-random unit vector per text (no meaning, just shapes)."""

    model_id = "hash"
    dim = 16

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [
            np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).normal(
                size=self.dim
            )
            for t in texts
        ]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_one_side_with_turns_aligns_the_whole_texts_as_prose() -> None:
    transcript = "姬（以下简称姬）：今天请你来。\n契：我来了。\n姬：好。\n契：再见。\n"
    prose = "I asked you here today. I came. Good. Goodbye.\n\nThat was all.\n"
    src = read_text_document(transcript, "zh.txt", "zh")
    tgt = read_text_document(prose, "en.txt", "en")
    assert src.has_speakers and not tgt.has_speakers
    alignment = align_documents(src, tgt, HashEmbedder())
    assert alignment.turns == [(tuple(t.id for t in src.turns), tuple(t.id for t in tgt.turns))]
    assert [i for link in alignment.links for i in link.src_ids] == [s.id for s in src.sentences()]
    assert [j for link in alignment.links for j in link.tgt_ids] == [s.id for s in tgt.sentences()]
    assert any("aligned as prose" in warning for warning in alignment.warnings)

"""MAC-Dev through the user's path: ``read_document`` and ``align align`` see the bench's lines.

The bench files are sentence-per-line novel chapters full of dialogue (韦小宝笑道：…). Read as a
user reads them they must stay one sentence per line, with IDs in line order, and ``align align``
must give exactly the links ``align bench`` gives (which reads the files line by line).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.evaluation.bench import bench_documents, read_lines, run_bench
from align.evaluation.links import read_links
from align.ingest import read_document

DEV = Path(__file__).resolve().parents[3] / "shared" / "bench" / "mac-dev"
pytestmark = pytest.mark.skipif(
    not DEV.is_dir(), reason=f"MAC-Dev not found at {DEV}; it lives in ../shared/bench/mac-dev"
)


def line_index(sentence_id: str | int) -> int:
    """0-based line of a sentence-per-line file's sentence (``zh-t1-s5`` → 4; a number as is)."""
    if isinstance(sentence_id, int):
        return sentence_id
    turn, _, number = sentence_id.rpartition("-s")
    assert turn.endswith("-t1"), sentence_id
    return int(number) - 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", bench_documents(DEV) if DEV.is_dir() else [])
def test_every_chapter_reads_one_sentence_per_line(name: str, lang: str) -> None:
    path = DEV / lang / name
    document = read_document(path, lang=lang)
    lines = read_lines(path)
    assert not document.has_speakers
    assert [s.text for s in document.sentences()] == lines
    assert [s.id for s in document.sentences()] == [
        f"{lang}-t1-s{n}" for n in range(1, len(lines) + 1)
    ]


@pytest.mark.model
def test_align_align_gives_the_links_of_align_bench(embedder, monkeypatch, tmp_path) -> None:
    bench = run_bench(DEV, embedder)
    monkeypatch.setattr("align.embed.load_embedder", lambda *args, **kwargs: embedder)
    for doc in bench.docs:
        out = tmp_path / doc.name
        result = CliRunner().invoke(
            main, ["align", str(DEV / "zh" / doc.name), str(DEV / "en" / doc.name), "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        links = [
            (tuple(map(line_index, src)), tuple(map(line_index, tgt)))
            for src, tgt in read_links(out)
        ]
        assert links == [(bead.src_ids, bead.tgt_ids) for bead in doc.beads], doc.name

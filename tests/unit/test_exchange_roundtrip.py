"""Issue 10: export → import → export keeps texts, IDs, statuses, provenance and flags; the files
are valid against the official schemas and read by translate-toolkit's command-line tools."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import exchange_schemas as schemas
import pytest
from test_exchange_formats import DISMISSED, OMISSION
from test_exchange_formats import pair as _pair_fixture

from align.alignment import Alignment, Flag, SpeakerPair
from align.errors import FormatError
from align.exchange import (
    EXPORTERS,
    ExportOptions,
    cite_pair,
    export_tmx,
    export_tsv,
    export_xliff,
    export_xliff12,
    gold_line_numbers,
    language_tag,
    provenance,
    write_outputs,
)
from align.exchange.reading import import_name, read_alignment

needs_schemas = pytest.mark.skipif(not schemas.available(), reason="../shared/schemas is absent")
ALL = ExportOptions(only_confirmed=False)
# (format, options, the file that import reads)
ROUND_TRIPS = [
    ("tmx", ExportOptions(), "m.tmx"),
    ("tmx", ALL, "m.with-unreviewed.tmx"),
    ("xliff12", ExportOptions(), "m.xliff12.xlf"),
    ("tsv", ExportOptions(), "m.tsv"),
    ("csv", ExportOptions(formula_guard=True), "m.csv"),
    ("json", ExportOptions(), "m.json"),
    ("intertext", ExportOptions(), "m.zh.en.alignment.xml"),
    ("opus", ExportOptions(), "m.zh.en.opus.xml"),
]
# An import marks links as imported; everything else must come back unchanged.
_ORIGIN = re.compile(r'.*(x-align-origin|"origin").*\n')


@pytest.fixture
def pair() -> Alignment:
    alignment = _pair_fixture.__wrapped__()
    alignment.speakers = [dataclasses.replace(p, score=float(p.score)) for p in alignment.speakers]
    alignment.tgt.meta.update(region="US", archive_ref="REF 1")
    alignment.tgt.turns[2].sentences[3] = dataclasses.replace(
        alignment.tgt.turns[2].sentences[3], text="-Personal\tDelivery\\n\nline two"
    )
    return alignment


def _write(files: dict[str, str], folder: Path) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def _export(alignment: Alignment, fmt: str, options: ExportOptions) -> dict[str, str]:
    files = EXPORTERS[fmt](alignment, options, "m")
    return {name: _ORIGIN.sub("", text) for name, text in files.items()}


@pytest.mark.parametrize(("fmt", "options", "main"), ROUND_TRIPS, ids=lambda v: str(v)[:20])
def test_export_import_export_is_identical(pair, tmp_path, fmt, options, main):
    first = _export(pair, fmt, options)
    _write(EXPORTERS[fmt](pair, options, "m"), tmp_path)
    # TSV and CSV have no room for metadata: the caller gives it, as the CLI and web form do.
    overrides = {"src": pair.src.meta, "tgt": pair.tgt.meta} if fmt in ("tsv", "csv") else None
    imported = read_alignment(tmp_path / main, meta_overrides=overrides)
    assert _export(imported, fmt, options) == first
    assert provenance(imported.src) == "reconstruction"
    assert imported.src.meta["note"] == pair.src.meta["note"]
    kept = {(link.src_ids, link.tgt_ids): link for link in pair.links}
    for link in imported.links:  # IDs, statuses and flags of every link the format carries
        original = kept[(link.src_ids, link.tgt_ids)]
        assert link.status == original.status
        if fmt not in ("intertext", "opus"):  # InterText has no place for flags
            assert link.flags == original.flags
    assert import_name(tmp_path / main, "intertext" if "xml" in main else fmt) == "m"


def test_gold_round_trip_keeps_texts_and_links(pair, tmp_path):
    last = pair.tgt.turns[2].sentences[3]
    pair.tgt.turns[2].sentences[3] = dataclasses.replace(last, text="no line break")
    first = EXPORTERS["gold"](pair, ExportOptions(), "m")
    _write(first, tmp_path)
    overrides = {"src": {"provenance": "reconstruction"}, "tgt": {"title": "Minutes"}}
    imported = read_alignment(
        tmp_path / "gold" / "m", "gold", tmp_path / "zh" / "m", tmp_path / "en" / "m",
        meta_overrides=overrides,
    )  # fmt: skip
    assert EXPORTERS["gold"](imported, ExportOptions(), "m") == first
    assert provenance(imported.src) == "reconstruction"
    assert imported.tgt.meta["title"] == "Minutes"
    assert gold_line_numbers(pair) == first["gold/m"]


def test_m_n_links_keep_their_ids_through_tmx_and_tsv(pair, tmp_path):
    for fmt, main in (("tmx", "m.with-unreviewed.tmx"), ("tsv", "m.tsv")):
        _write(EXPORTERS[fmt](pair, ALL, "m"), tmp_path)
        imported = read_alignment(tmp_path / main)
        pairs = {(link.src_ids, link.tgt_ids) for link in imported.links}
        assert (("zh-t2-s1", "zh-t2-s2"), ("en-t2-s1",)) in pairs
        assert (("zh-t2-s3",), ("en-t2-s2", "en-t2-s3")) in pairs
        assert not imported.warnings


def test_the_default_tmx_holds_only_confirmed_units_and_no_editorial_span(pair):
    default = export_tmx(pair)
    assert default.count("<tu ") == 2
    assert 'x-align-status">unreviewed' not in default and "disputed" not in default
    editorial = [s.text for d in (pair.src, pair.tgt) for s in d.sentences() if s.editorial]
    assert editorial and not any(text in default for text in editorial)
    assert '<prop type="x-align-selection">confirmed</prop>' in default
    everything = export_tmx(pair, ALL)
    assert "includes links that no one has reviewed" in everything
    assert not any(text in everything for text in editorial)
    assert list(EXPORTERS["tmx"](pair, ALL, "m")) == ["m.with-unreviewed.tmx"]
    assert list(EXPORTERS["tmx"](pair, ExportOptions(), "m")) == ["m.tmx"]


@needs_schemas
@pytest.mark.parametrize("variant", ["plain", "flags", "findings"])
def test_xliff_2_1_is_valid_against_the_oasis_schemas(pair, variant):
    if variant == "plain":
        pair.links = [dataclasses.replace(link, flags=()) for link in pair.links]
    if variant == "findings":  # what the checks raise: several per link, some dismissed
        finding = Flag("alignment/low-confidence", "minor", "score 0.31", "open", "check")
        pair.links = [
            dataclasses.replace(link, flags=(finding, DISMISSED, OMISSION)) for link in pair.links
        ]
    text = export_xliff(pair)
    assert schemas.errors(schemas.xliff2_schema(), text) == []
    assert 'its:version="2.0"' in text
    assert ("locQualityIssue " in text) == (variant != "plain")
    assert '<target xml:space="preserve">' in text and "-Personal\tDelivery\\n\nline two" in text


@needs_schemas
def test_the_xliff_2_schema_rejects_its_version_2_1(pair):
    text = export_xliff(pair).replace('its:version="2.0"', 'its:version="2.1"')
    assert schemas.errors(schemas.xliff2_schema(), text)


@needs_schemas
@pytest.mark.parametrize("options", [ExportOptions(), ALL], ids=["default", "all"])
def test_xliff_1_2_and_tmx_are_valid(pair, options):
    assert schemas.errors(schemas.xliff12_schema(), export_xliff12(pair, options)) == []
    assert schemas.errors(schemas.tmx_dtd(), export_tmx(pair, options)) == []


def _tool(name: str) -> str | None:
    """A translate-toolkit command: on PATH, or next to this Python (a venv not activated)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.is_file() else None)


def _pocount_total(path: Path) -> int:
    result = subprocess.run(
        [_tool("pocount"), "--no-color", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return int(re.search(r"^Total:\s+(\d+)", result.stdout, re.M)[1])


@pytest.mark.skipif(not _tool("pocount"), reason="translate-toolkit is not installed")
def test_translate_toolkit_command_line_reads_every_unit(pair, tmp_path):
    tmx, xliff = tmp_path / "m.tmx", tmp_path / "m.xlf"
    tmx.write_text(export_tmx(pair, ALL), encoding="utf-8")
    xliff.write_text(export_xliff12(pair), encoding="utf-8")
    assert _pocount_total(tmx) == export_tmx(pair, ALL).count("<tu ")
    translatable = [link for link in pair.links if link.src_ids]  # 0-1 links are translate=no
    assert _pocount_total(xliff) == len(translatable)
    po = tmp_path / "m.po"
    subprocess.run(
        [_tool("xliff2po"), str(xliff), str(po)], check=True, capture_output=True, timeout=60
    )
    messages = re.findall(r'^msgid "[^"]', po.read_text(encoding="utf-8"), re.M)
    assert len(messages) == len(translatable)  # the header and 0-1 units have an empty msgid


def test_tsv_is_real_tsv(pair):
    text = export_tsv(pair)
    lines = text.split("\n")[:-1]
    assert not text.startswith("\ufeff") and '"' not in text.replace('"Minutes"', "")
    assert {line.count("\t") for line in lines} == {11}
    assert "-Personal\\tDelivery\\\\n\\nline two" in text  # TAB, backslash, LF escaped
    assert "'-Personal" not in text  # the formula guard is an option, off by default
    guarded = export_tsv(pair, ExportOptions(formula_guard=True))
    assert "'-Personal" in guarded and "'=1+1" not in guarded  # "=1+1" was replaced above


def test_import_metadata_overrides_and_unknown_provenance(pair, tmp_path):
    path = tmp_path / "m.tsv"
    path.write_text(export_tsv(pair), encoding="utf-8")
    plain = read_alignment(path)
    assert provenance(plain.src) == "unknown" and "provenance" not in plain.src.meta
    text = cite_pair(plain, plain.links[0], "m", "https://a.example")
    assert "unknown provenance" in text and "is the archival original" not in text
    given = read_alignment(path, meta_overrides={"src": {"provenance": "reconstruction"}})
    assert "a reconstruction, not the archival original" in cite_pair(
        given, given.links[0], "m", "https://a.example"
    )
    with pytest.raises(FormatError, match="provenance 'made up' is not one of"):
        read_alignment(path, meta_overrides={"src": {"provenance": "made up"}})


def test_language_tags_follow_script_and_region(pair):
    assert language_tag(pair.src) == "zh-Hans"
    assert language_tag(pair.tgt) == "en-US"
    traditional = dataclasses.replace(pair.src, meta={"region": "TW"}, turns=[])
    traditional.turns = [dataclasses.replace(pair.src.turns[1])]
    traditional.turns[0].sentences = [
        dataclasses.replace(s, text="這是關於邊界問題的備忘錄。")
        for s in traditional.turns[0].sentences
    ]
    assert language_tag(traditional) == "zh-Hant-TW"
    assert 'srclang="zh-Hans"' in export_tmx(pair) and 'trgLang="en-US"' in export_xliff(pair)


def test_exports_name_files_not_folders(pair):
    pair.src.source = "/home/ann/private/zh.txt"
    for fmt in ("xliff", "xliff12", "json", "intertext", "tmx"):
        for text in EXPORTERS[fmt](pair, ALL, "m").values():
            assert "/home/ann" not in text, fmt


def test_write_outputs_conventions(tmp_path):
    out = io.StringIO()
    assert write_outputs({"m.tmx": "<tmx/>"}, "-", stdout=out) == ["-"]
    assert out.getvalue() == "<tmx/>"
    with pytest.raises(FormatError, match="standard output cannot hold"):
        write_outputs({"a": "1", "b": "2"}, "-", folder=True)
    with pytest.raises(FormatError, match="does not exist; create it first"):
        write_outputs({"m.tmx": "x"}, tmp_path / "missing" / "m.tmx")
    written = write_outputs({"gold/m": "x", "zh/m": "y"}, tmp_path / "bench", folder=True)
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in written) == [
        "bench/gold/m",
        "bench/zh/m",
    ]


def test_speaker_pairs_travel_in_the_tmx_header(pair, tmp_path):
    path = tmp_path / "m.tmx"
    path.write_text(export_tmx(pair, ALL), encoding="utf-8")
    imported = read_alignment(path)
    assert imported.speakers == [
        SpeakerPair("姬", "Ji", 1.0, True),
        SpeakerPair("契", "Chervonenko", 1.0, True),
    ]
    assert imported.tgt.speakers["Ji"].full_name == "Vice Minister Ji"
    assert imported.src.source == "zh.txt"

"""Hostile and broken input: every import fails with a FormatError that says where and what to do,
before reading more than it must, and never returns part of an alignment."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from align.errors import FormatError
from align.exchange import (
    import_gold,
    import_intertext,
    import_json,
    import_table,
    import_tmx,
)

BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>&f;</seg></tuv><tuv xml:lang="en"><seg>&f;</seg></tuv></tu>
</body></tmx>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext" segtype="sentence"
 creationtool="t" creationtoolversion="1" o-tmf="t" adminlang="en"/><body>
<tu><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv><tuv xml:lang="en-US"><seg>Hello.</seg></tuv></tu>
<tu><tuv xml:lang="{lang1}"><seg>再见。</seg></tuv>
 <tuv xml:lang="{lang2}"><seg>Bye.</seg></tuv></tu>
</body></tmx>
"""


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _tmx(tmp_path: Path, srclang="zh-CN", lang1="zh", lang2="en") -> Path:
    return _write(tmp_path, "tm.tmx", TMX.format(srclang=srclang, lang1=lang1, lang2=lang2))


def test_a_good_tmx_imports_with_region_subtags(tmp_path):
    alignment = import_tmx(_tmx(tmp_path))
    assert [s.text for s in alignment.src.sentences()] == ["你好。", "再见。"]
    assert [(lk.src_ids, lk.tgt_ids) for lk in alignment.links] == [
        (("zh-t1-s1",), ("en-t1-s1",)),
        (("zh-t1-s2",), ("en-t1-s2",)),
    ]
    assert {lk.origin for lk in alignment.links} == {"import"}


def test_tmx_with_wrong_languages(tmp_path):
    with pytest.raises(FormatError, match=r"tm.tmx, line 5, <tu>: languages en, fr; expected zh"):
        import_tmx(_tmx(tmp_path, lang1="fr"))
    with pytest.raises(FormatError, match="srclang is 'de'"):
        import_tmx(_tmx(tmp_path, srclang="de"))
    with pytest.raises(FormatError, match="wants ru and en"):
        import_tmx(_tmx(tmp_path), src_lang="ru")


def test_tmx_with_two_segments_in_one_language(tmp_path):
    with pytest.raises(FormatError, match="two segments in language 'zh'"):
        import_tmx(_tmx(tmp_path, lang1="zh", lang2="zh-TW"))


def test_malformed_xml_names_the_line(tmp_path):
    path = _write(tmp_path, "bad.tmx", "<tmx>\n<body>\n<tu></body></tmx>")
    with pytest.raises(FormatError, match=r"bad.tmx, line 3: not well-formed XML"):
        import_tmx(path)


def test_not_a_tmx_file(tmp_path):
    with pytest.raises(FormatError, match="not a TMX file"):
        import_tmx(_write(tmp_path, "x.tmx", "<xliff/>"))


def test_entity_expansion_bomb_is_refused_fast_and_small(tmp_path):
    path = _write(tmp_path, "bomb.tmx", BOMB)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(FormatError, match=r"bomb.tmx.*entit.*remove the <!ENTITY> declarations"):
        import_tmx(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 2 * 2**20  # the 26**5 × 85-byte expansion (about 1 GB) never happens


def test_external_entities_are_refused_and_never_read(tmp_path):
    secret = _write(tmp_path, "secret.txt", "TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&x;</seg></tuv>'
        '<tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(FormatError, match="declares XML entities") as caught:
        import_tmx(_write(tmp_path, "xxe.tmx", xxe))
    assert "TOP-SECRET" not in str(caught.value)


def test_undefined_entity_from_an_unloaded_dtd(tmp_path):
    text = (
        '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">'
        '<tmx><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>a&nbsp;b</seg></tuv>'
        '<tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(FormatError, match="undefined entity &nbsp;"):
        import_tmx(_write(tmp_path, "dtd.tmx", text))


@pytest.mark.parametrize(
    ("importer", "suffix"),
    [
        (import_tmx, ".tmx"),
        (import_json, ".json"),
        (import_table, ".tsv"),
        (import_intertext, ".xml"),
    ],
)
def test_a_50_mb_file_is_refused_before_reading(tmp_path, importer, suffix):
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)  # sparse: no disk used, nothing to read if we check first
    tracemalloc.start()
    with pytest.raises(FormatError, match=r"50.0 MB is larger than the 32 MB import limit"):
        importer(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * 2**20


def test_gold_sentence_file_over_the_limit(tmp_path):
    links = _write(tmp_path, "links", "[0]:[0]\n")
    zh = _write(tmp_path, "zh", "一句。\n")
    en = _write(tmp_path, "en", "x" * 2000)
    with pytest.raises(FormatError, match="larger than the 0 MB import limit"):
        import_gold(links, zh, en, max_bytes=1000)


def test_missing_file(tmp_path):
    with pytest.raises(FormatError, match="no such file"):
        import_json(tmp_path / "nothing.json")


TSV_HEADER = (
    "link\tzh_ids\ten_ids\tzh_speaker\ten_speaker\tzh_text\ten_text\tconfidence\tstatus\tflags\n"
)


def test_tsv_with_ragged_rows(tmp_path):
    text = TSV_HEADER + "1\t\t\t\t\t你好。\tHello.\t0.9\tconfirmed\t\n2\t\t\t\t再见。\tBye.\n"
    with pytest.raises(FormatError, match=r"pairs.tsv, line 3: 6 cells but the header has 10"):
        import_table(_write(tmp_path, "pairs.tsv", text))


def test_tsv_without_the_text_columns(tmp_path):
    with pytest.raises(FormatError, match="line 1: no column 'zh_text'"):
        import_table(_write(tmp_path, "pairs.tsv", "source\ttarget\n你好。\tHello.\n"))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1\t\t\t\t\t你好。\tHello.\tlots\tconfirmed\t", "confidence 'lots' is not a number"),
        ("1\t\t\t\t\t你好。\tHello.\t0.5\tdone\t", "status 'done' is not one of"),
        ("1\t\t\t\t\t你好。\tHello.\t1.5\tconfirmed\t", r"confidence 1.5 must lie in \[0, 1\]"),
        ("1\t\t\t\t\t\t\t0.5\tconfirmed\t", "both texts are empty"),
        ("1\t\t\t\t\t你好。\tHello.\t0.5\tconfirmed\tomission!", "should read 'category"),
        ("1\t\t\t\t\t你好。\tHello.\t0.5\tconfirmed\tstyle (huge, open)", "flag severity 'huge'"),
    ],
)
def test_tsv_bad_cells(tmp_path, row, message):
    with pytest.raises(FormatError, match=message):
        import_table(_write(tmp_path, "pairs.tsv", TSV_HEADER + row + "\n"))


def test_tsv_has_no_quoting_but_csv_does(tmp_path):
    text = TSV_HEADER + '1\t\t\t\t\t"你好"。\tHello.\t0.5\tconfirmed\t\n'
    imported = import_table(_write(tmp_path, "pairs.tsv", text))
    assert next(imported.src.sentences()).text == '"你好"。'
    csv_text = TSV_HEADER.replace("\t", ",") + '1,,,,,"你好"。,Hello.,0.5,confirmed,\n'
    with pytest.raises(FormatError, match=r"line 2: .*fix the quoting"):
        import_table(_write(tmp_path, "pairs.csv", csv_text))


def test_tsv_unknown_escape(tmp_path):
    text = TSV_HEADER + "1\t\t\t\t\tA\\q\tHello.\t0.5\tconfirmed\t\n"
    with pytest.raises(FormatError, match=r"line 2: unknown escape \\q"):
        import_table(_write(tmp_path, "pairs.tsv", text))


def test_a_bad_last_row_means_nothing_is_imported(tmp_path):
    good = "".join(
        f"{n}\t\t\t\t\t句{n}。\tSentence {n}.\t0.5\tconfirmed\t\n" for n in range(1, 200)
    )
    text = TSV_HEADER + good + "200\t\t\t\t\t句。\tS.\t0.5\tconfirmed\textra\tcell\n"
    with pytest.raises(FormatError, match="line 201"):
        import_table(_write(tmp_path, "pairs.tsv", text))


def test_table_needs_a_known_extension(tmp_path):
    with pytest.raises(FormatError, match=r"name the file \.tsv or \.csv"):
        import_table(_write(tmp_path, "pairs.txt", TSV_HEADER))


def test_non_utf8_text(tmp_path):
    path = _write(
        tmp_path, "pairs.tsv", (TSV_HEADER + "1\t\t\t\t\t你好\tHi\t0\tconfirmed\t\n").encode("gbk")
    )
    with pytest.raises(FormatError, match="is not UTF-8; save the file as UTF-8"):
        import_table(path)


JSON_PAIR = """{"format": "align-workbench/alignment", "version": 1, "model_id": "",
 "src": {"lang": "zh", "source": "zh.txt", "encoding": "utf-8", "meta": {}, "speakers": [],
         "turns": [{"id": "zh-t1", "speaker": null, "label": "",
                    "sentences": [{"id": "zh-t1-s1", "text": "你好。", "editorial": false}]}],
         "warnings": []},
 "tgt": {"lang": "en", "source": "en.txt", "encoding": "utf-8", "meta": {}, "speakers": [],
         "turns": [{"id": "en-t1", "speaker": null, "label": "",
                    "sentences": [{"id": "en-t1-s1", "text": "Hello.", "editorial": false}]}],
         "warnings": []},
 "speakers": [], "turns": [],
 "links": [LINKS], "warnings": []}"""
GOOD_LINK = '{"src_ids": ["zh-t1-s1"], "tgt_ids": ["en-t1-s1"], "confidence": 0.5}'


def test_json_good_pair(tmp_path):
    alignment = import_json(_write(tmp_path, "a.json", JSON_PAIR.replace("LINKS", GOOD_LINK)))
    assert alignment.links[0].confidence == 0.5


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ('{"src_ids": ["zh-t1-s9"], "tgt_ids": []}', "link 1 .*no zh sentence 'zh-t1-s9'"),
        (f"{GOOD_LINK}, {GOOD_LINK}", "link 2 .*'zh-t1-s1' is already in an earlier link"),
        ('{"src_ids": ["zh-t1-s1"], "tgt_ids": [], "confidence": NaN}', "NaN is not allowed"),
        (
            '{"src_ids": ["zh-t1-s1"], "tgt_ids": [], "colour": 1}',
            r"links\[0\]: unknown key 'colour'",
        ),
        ('{"src_ids": "zh-t1-s1", "tgt_ids": []}', r"links\[0\].src_ids: expected a list"),
        ('{"src_ids": [], "tgt_ids": [], "status": "ok"}', "both sides are empty"),
        (
            '{"src_ids": ["zh-t1-s1"], "tgt_ids": [], "score": "high"}',
            r"links\[0\].score: expected",
        ),
        (
            '{"src_ids": ["zh-t1-s1"], "tgt_ids": [], "flags": [{"category": "vibe", '
            '"severity": "minor"}]}',
            "flag category 'vibe' is not one of",
        ),
    ],
)
def test_json_inconsistent_links(tmp_path, links, message):
    with pytest.raises(FormatError, match=message):
        import_json(_write(tmp_path, "a.json", JSON_PAIR.replace("LINKS", links)))


def test_json_that_is_not_ours(tmp_path):
    with pytest.raises(FormatError, match=r"a.json, line 1, column 2: not valid JSON"):
        import_json(_write(tmp_path, "a.json", "{oops"))
    with pytest.raises(FormatError, match="not an alignment export"):
        import_json(_write(tmp_path, "a.json", '{"format": "other", "version": 1}'))
    with pytest.raises(FormatError, match="only version 1"):
        import_json(
            _write(
                tmp_path,
                "a.json",
                JSON_PAIR.replace('"version": 1', '"version": 7').replace("LINKS", ""),
            )
        )


def test_json_duplicate_sentence_ids(tmp_path):
    text = JSON_PAIR.replace("LINKS", "").replace('"id": "en-t1-s1"', '"id": "en-t1"')
    with pytest.raises(FormatError, match="en sentence 'en-t1': the ID is used twice"):
        import_json(_write(tmp_path, "a.json", text))


def _intertext(tmp_path: Path, links: str) -> Path:
    text = '<doc language="{lang}"><p id="1"><s id="1:1">{text}</s><s id="1:2">{more}</s></p></doc>'
    _write(tmp_path, "t.zh.xml", text.format(lang="zh", text="你好。", more="再见。"))
    _write(tmp_path, "t.en.xml", text.format(lang="en", text="Hello.", more="Bye."))
    group = f"<linkGrp toDoc='t.en.xml' fromDoc='t.zh.xml'>\n{links}\n</linkGrp>"
    return _write(tmp_path, "t.zh.en.alignment.xml", group)


@pytest.mark.parametrize(
    ("links", "message"),
    [
        (
            "<link type='1-1' xtargets='1:1;1:9' status='man'/>",
            "no element with id '1:9' in the fromDoc",
        ),
        ("<link type='2-1' xtargets='1:1;1:1' status='man'/>", "type '2-1' does not match"),
        ("<link type='1-1' xtargets='1:1' status='man'/>", "needs exactly one ';'"),
        (
            "<link type='1-1' xtargets='1:1;1:1' status='ok'/>",
            "status 'ok' is not man, auto or plain",
        ),
        (
            "<link type='1-1' xtargets='1:1;1:1'/><link xtargets='1:1;1:2'/>",
            "'en-t1-s1' is already",
        ),
        ("<link type='0-0' xtargets=';'/>", "both sides are empty"),
    ],
)
def test_intertext_inconsistent_links(tmp_path, links, message):
    with pytest.raises(FormatError, match=message):
        import_intertext(_intertext(tmp_path, links))


@pytest.mark.parametrize("name", ["../t.zh.xml", "/etc/passwd", "sub/t.zh.xml", ".."])
def test_intertext_texts_must_sit_next_to_the_alignment(tmp_path, name):
    path = _intertext(tmp_path, "<link type='1-1' xtargets='1:1;1:1'/>")
    path.write_text(path.read_text().replace("fromDoc='t.zh.xml'", f"fromDoc='{name}'"))
    with pytest.raises(FormatError, match="must be a file name next to the alignment file"):
        import_intertext(path)


def test_intertext_missing_text_file(tmp_path):
    path = _intertext(tmp_path, "<link type='1-1' xtargets='1:1;1:1'/>")
    (tmp_path / "t.en.xml").unlink()
    with pytest.raises(FormatError, match=r"t\.en\.xml: no such file"):
        import_intertext(path)


def test_intertext_duplicate_element_ids(tmp_path):
    path = _intertext(tmp_path, "<link type='1-1' xtargets='1:1;1:1'/>")
    _write(tmp_path, "t.zh.xml", '<doc><p><s id="1">a</s><s id="1">b</s></p></doc>')
    with pytest.raises(FormatError, match=r"t.zh.xml, line 1, <s>: ID '1' is used twice"):
        import_intertext(path)


def test_gold_links_past_the_end(tmp_path):
    zh = _write(tmp_path, "zh", "一。\n二。\n")
    en = _write(tmp_path, "en", "One.\n")
    links = _write(tmp_path, "gold", "[0]:[0]\n[1]:[1]\n")
    with pytest.raises(FormatError, match="gold, link 2: line 1 is past the end of the en file"):
        import_gold(links, zh, en)


def test_gold_malformed_line(tmp_path):
    zh = _write(tmp_path, "zh", "一。\n")
    links = _write(tmp_path, "gold", "[0]:[0]\n0 -> 0\n")
    with pytest.raises(FormatError, match="gold, line 2: expected a link like"):
        import_gold(links, zh, zh)

from __future__ import annotations

from pathlib import Path

from quizapp.formats import detect
from quizapp.formats.html_text import IdMaker, html_to_text, slugify


def test_html_becomes_plain_text() -> None:
    assert html_to_text("a<br>b<br/>c") == "a\nb\nc"
    assert html_to_text("<div>one</div><div>two</div>") == "one\ntwo"
    assert html_to_text("&lt;b&gt; &amp; &nbsp;x&#39;") == "<b> &  x'"
    assert html_to_text("Hear [sound:a b.mp3]this<img src='x.png'>") == "Hear this"
    assert html_to_text("<script>alert(1)</script><style>p{}</style>ok") == "ok"
    assert html_to_text("[/] [@click=app.quit]x[/]") == "[/] [@click=app.quit]x[/]"
    assert html_to_text("<p>a</p>\n\n\n\n<p>b</p>") == "a\n\nb"
    assert html_to_text("unclosed <b tag") == "unclosed <b tag"  # kept as text, not lost


def test_slugs_and_ids_are_stable_and_unique() -> None:
    assert slugify("Geo::Europe – Städte!") == "geo-europe-stadte"
    assert slugify("¿¿??", "fallback") == "fallback"
    ids = IdMaker()
    first = ids.from_text("What is the capital of France?")
    assert first.startswith("what-is-the-capital-of-france-")
    assert ids.from_text("What is the capital of France?") == first + "-2"
    assert IdMaker().from_text("What is the capital of France?") == first
    assert ids.from_key("anki", "D&Zw") == IdMaker().from_key("anki", "D&Zw")
    assert ids.keep("mine") == "mine" and ids.keep("mine") == "mine-2"


def test_moodle_export_in_a_txt_file_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("// question: 1  name: Q1\n// [tag:x]\n$CATEGORY: top\n\n::Q1::Hi {T}\n")
    assert detect(path).name == "gift"
    plain = tmp_path / "plain.txt"
    plain.write_text("front,back\na,b\n")
    assert detect(plain).name == "csv"

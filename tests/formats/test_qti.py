"""The QTI 1.2 package checked against the structure QTI 1.2 ASI and IMS CP 1.1.3 define."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET

from quizapp.export import export_deck
from quizapp.formats.qti import CP_NS, QTI_NS, dumps_qti, losses
from quizapp.model import Deck

Q = "{" + QTI_NS + "}"
CP = "{" + CP_NS + "}"
CANVAS_TYPES = {"multiple_choice_question", "multiple_answers_question", "true_false_question",
                "short_answer_question", "numerical_question", "matching_question",
                "fill_in_multiple_blanks_question"}


def _check_item(item: object) -> str:
    """One item as QTI 1.2 ASI requires it; returns its Canvas question type."""
    assert item.get("ident")  # type: ignore[attr-defined]
    fields = {
        f.findtext(f"{Q}fieldlabel"): f.findtext(f"{Q}fieldentry")
        for f in item.iterfind(f"{Q}itemmetadata/{Q}qtimetadata/{Q}qtimetadatafield")  # type: ignore[attr-defined]
    }
    assert fields["question_type"] in CANVAS_TYPES and float(fields["points_possible"]) > 0
    presentation = item.find(f"{Q}presentation")  # type: ignore[attr-defined]
    assert presentation is not None and presentation.find(f"{Q}material/{Q}mattext") is not None
    responses = {r.get("ident"): r for r in presentation
                 if r.tag in (f"{Q}response_lid", f"{Q}response_str")}
    assert responses
    processing = item.find(f"{Q}resprocessing")  # type: ignore[attr-defined]
    decvar = processing.find(f"{Q}outcomes/{Q}decvar")
    assert decvar.get("varname") == "SCORE" and decvar.get("maxvalue") == "100"
    conditions = processing.findall(f"{Q}respcondition")
    assert conditions
    for condition in conditions:
        assert condition.find(f"{Q}conditionvar") is not None
        assert condition.find(f"{Q}setvar").get("varname") == "SCORE"
        for test in condition.iter():
            if test.tag in (f"{Q}varequal", f"{Q}vargte", f"{Q}varlte"):
                response = responses[test.get("respident")]  # names a real response
                if response.tag == f"{Q}response_lid":
                    labels = {label.get("ident") for label in response.iter(f"{Q}response_label")}
                    assert test.text in labels
    return fields["question_type"]


def test_the_package_is_qti_12_as_canvas_reads_it(all_kinds: Deck, tmp_path: Path) -> None:
    path = tmp_path / "quiz.zip"
    export_deck(all_kinds, path, "qti")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zf:
        manifest = SafeET.fromstring(zf.read("imsmanifest.xml"))
        assert manifest.tag == f"{CP}manifest"
        assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.1.3"
        resources = manifest.findall(f"{CP}resources/{CP}resource")
        assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"]
        href = resources[0].find(f"{CP}file").get("href")
        quiz = SafeET.fromstring(zf.read(href))  # the manifest names a file that is there
    assert quiz.tag == f"{Q}questestinterop"
    assessment = quiz.find(f"{Q}assessment")
    assert assessment.get("title") == all_kinds.title and assessment.get("ident")
    items = assessment.findall(f"{Q}section/{Q}item")
    kinds = {item.get("ident"): _check_item(item) for item in items}
    assert kinds == {
        "mc": "multiple_choice_question", "ms": "multiple_answers_question",
        "ms1": "multiple_answers_question", "tf": "true_false_question",
        "tf2": "true_false_question", "sa": "short_answer_question",
        "num": "numerical_question", "num2": "numerical_question",
        "cz": "fill_in_multiple_blanks_question", "match": "matching_question",
    }
    said = " ".join(losses(all_kinds))
    assert "card ord is left out" in said and "card fc is left out" in said
    assert dumps_qti(all_kinds) == dumps_qti(all_kinds)  # the same deck, the same bytes

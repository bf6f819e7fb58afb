"""QTI 1.2 export, Canvas-flavoured: a zip that Canvas (and Blackboard, D2L) import as a quiz.

The package: `imsmanifest.xml` (IMS Content Packaging 1.1.3) naming one resource of type
`imsqti_xmlv1p2`, and `<deck>/<deck>.xml`, a `questestinterop` with one assessment of one
section, one `item` per card. Each item carries Canvas's `question_type` and
`points_possible` metadata, the prompt as HTML `mattext`, the responses, and
`resprocessing` that sets SCORE to 100 for the right response:
- multiple_choice -> multiple_choice_question (`response_lid` Single); multi_select ->
  multiple_answers_question (Multiple, right ones and not the wrong ones); true_false ->
  true_false_question; short_answer (and flashcards with a one-line back) ->
  short_answer_question (`response_str`, each accepted answer); numeric ->
  numerical_question (a range, from answer - tolerance to answer + tolerance); matching ->
  matching_question (one `response_lid` per left item); cloze -> fill_in_multiple_blanks
  (`[blank1]` in the text, one `response_lid` per gap with its accepted answers).
Ordering cards and longer flashcards have no Canvas classic-quiz type: left out and said.
Lost: explanations (kept as general feedback in `itemfeedback`), sources, tags, hints.
"""

from __future__ import annotations

import html
import io
import zipfile
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from quizapp.formats import Format, extras_lost, text_dump
from quizapp.model import CLOZE_GAP, Deck

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def _html(text: str) -> str:
    return "<div><p>" + html.escape(text).replace("\n", "<br>") + "</p></div>"


def _material(parent: Element, text: str, kind: str = "text/html") -> None:
    mattext = SubElement(SubElement(parent, "material"), "mattext", texttype=kind)
    mattext.text = _html(text) if kind == "text/html" else text


def _meta(item: Element, question_type: str, points: float) -> None:
    fields = SubElement(SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", question_type), ("points_possible", f"{points:g}")):
        field = SubElement(fields, "qtimetadatafield")
        SubElement(field, "fieldlabel").text = label
        SubElement(field, "fieldentry").text = entry


def _choices(presentation: Element, ident: str, options: list[str], multiple: bool) -> list[str]:
    lid = SubElement(
        presentation, "response_lid", ident=ident, rcardinality="Multiple" if multiple else "Single"
    )
    render = SubElement(lid, "render_choice")
    labels = []
    for n, option in enumerate(options):
        label = f"{ident}_{n}"
        _material(SubElement(render, "response_label", ident=label), option, "text/plain")
        labels.append(label)
    return labels


def _scoring(item: Element) -> Element:
    processing = SubElement(item, "resprocessing")
    SubElement(
        SubElement(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    return processing


def _condition(processing: Element, score: str = "100", action: str = "Set") -> Element:
    condition = SubElement(processing, "respcondition", attrib={"continue": "No"})
    test = SubElement(condition, "conditionvar")
    SubElement(condition, "setvar", action=action, varname="SCORE").text = score
    return test


def _equal(parent: Element, ident: str, value: str) -> None:
    SubElement(parent, "varequal", respident=ident).text = value


def _item(card: Any) -> Element | str:
    kind = card.kind
    item = Element("item", ident=card.id, title=card.id)
    answers: tuple[str, ...]
    if kind == "flashcard":
        if "\n" in card.back or len(card.back) > 500:
            return "its back is longer than one line (Canvas has no flashcards)"
        answers, prompt, kind = (card.back,), card.front, "short_answer"
    elif kind == "short_answer":
        answers, prompt = card.answers, card.question
    else:
        answers, prompt = (), card.prompt
    types = {
        "multiple_choice": "multiple_choice_question",
        "multi_select": "multiple_answers_question",
        "true_false": "true_false_question",
        "short_answer": "short_answer_question",
        "numeric": "numerical_question",
        "matching": "matching_question",
        "cloze": "fill_in_multiple_blanks_question",
    }
    if kind not in types:
        return f"Canvas quizzes have no {kind.replace('_', ' ')} question"
    _meta(item, types[kind], card.points)
    presentation = SubElement(item, "presentation")
    if kind == "cloze":
        prompt = CLOZE_GAP.sub(lambda m: f"[blank{m.group(1)}]", card.text)
    _material(presentation, prompt)
    processing = _scoring(item)
    if kind in ("multiple_choice", "multi_select", "true_false"):
        options = ["True", "False"] if kind == "true_false" else list(card.choices)
        right = (
            {"True" if card.answer else "False"}
            if kind == "true_false"
            else ({card.answer} if kind == "multiple_choice" else set(card.answers))
        )
        labels = _choices(presentation, "response1", options, kind == "multi_select")
        test = _condition(processing)
        if kind == "multi_select":
            test = SubElement(test, "and")
        for label, option in zip(labels, options, strict=True):
            if option in right:
                _equal(test, "response1", label)
            elif kind == "multi_select":
                _equal(SubElement(test, "not"), "response1", label)
    elif kind in ("short_answer", "numeric"):
        response = SubElement(
            presentation, "response_str", ident="response1", rcardinality="Single"
        )
        SubElement(response, "render_fib", fibtype="Decimal" if kind == "numeric" else "String")
        test = _condition(processing)
        if kind == "numeric":
            either = SubElement(test, "or")
            _equal(either, "response1", repr(card.answer))
            both = SubElement(either, "and")
            SubElement(both, "vargte", respident="response1").text = repr(
                card.answer - card.tolerance
            )
            SubElement(both, "varlte", respident="response1").text = repr(
                card.answer + card.tolerance
            )
        else:
            for answer in dict.fromkeys(answers):
                _equal(test, "response1", answer)
    elif kind == "matching":
        rights = list(dict.fromkeys(right for _, right in card.pairs))
        share = f"{100 / len(card.pairs):.4f}"
        for n, (left, right) in enumerate(card.pairs, 1):
            lid = SubElement(presentation, "response_lid", ident=f"response_{n}")
            _material(lid, left, "text/plain")
            render = SubElement(lid, "render_choice")
            for m, option in enumerate(rights):
                _material(SubElement(render, "response_label", ident=f"r{n}_{m}"), option,
                          "text/plain")
            test = _condition(processing, share, "Add")
            _equal(test, f"response_{n}", f"r{n}_{rights.index(right)}")
    else:  # cloze: one response per gap, its accepted answers as the labels
        for gap in card.gaps:
            ident = f"response_blank{gap.number}"
            lid = SubElement(presentation, "response_lid", ident=ident)
            _material(lid, f"blank{gap.number}", "text/plain")
            render = SubElement(lid, "render_choice")
            accepted = list(dict.fromkeys(card.accepted(gap)))
            for m, answer in enumerate(accepted):
                _material(
                    SubElement(render, "response_label", ident=f"{ident}_{m}"), answer, "text/plain"
                )
            test = _condition(processing, f"{100 / len(card.gaps):.4f}", "Add")
            either = SubElement(test, "or")
            for m in range(len(accepted)):
                _equal(either, ident, f"{ident}_{m}")
    if card.explanation:
        feedback = SubElement(item, "itemfeedback", ident="general_fb")
        _material(SubElement(feedback, "flow_mat"), card.explanation)
    return item


def _xml(root: Element) -> bytes:
    body: bytes = tostring(root, encoding="utf-8")  # bytes for an encoding (typeshed: Any)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def dumps_qti(deck: Deck) -> bytes:
    ident = f"quizapp_{deck.id}".replace(".", "_")
    quiz = Element("questestinterop", xmlns=QTI_NS)
    assessment = SubElement(quiz, "assessment", ident=ident, title=deck.title)
    section = SubElement(assessment, "section", ident="root_section")
    for card in deck.cards:
        item = _item(card)
        if not isinstance(item, str):
            section.append(item)
    manifest = Element("manifest", identifier=f"{ident}_manifest", xmlns=CP_NS)
    meta = SubElement(manifest, "metadata")
    SubElement(meta, "schema").text = "IMS Content"
    SubElement(meta, "schemaversion").text = "1.1.3"
    SubElement(manifest, "organizations")
    resource = SubElement(
        SubElement(manifest, "resources"), "resource", identifier=ident, type="imsqti_xmlv1p2"
    )
    SubElement(resource, "file", href=f"{ident}/{ident}.xml")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("imsmanifest.xml", _xml(manifest)),
            (f"{ident}/{ident}.xml", _xml(quiz)),
        ):
            # a fixed date: the same deck gives the same bytes
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()



def losses(deck: Deck) -> list[str]:
    notes = ["QTI keeps no sources, tags, cloze hints or deck description"]
    for card in deck.cards:
        made = _item(card)
        if isinstance(made, str):
            notes.append(f"card {card.id} is left out: {made}")
        elif card.kind == "flashcard":
            notes.append(f"card {card.id} is written as a short answer question")
    return notes + extras_lost(deck)


FORMATS = (
    Format(
        "qti",
        (".zip",),
        None,
        text_dump(dumps_qti),
        description="QTI 1.2 quiz package for Canvas and Blackboard (write only)",
        losses=losses,
    ),
)

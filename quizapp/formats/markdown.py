"""Quick decks in Markdown: write a deck fast in any editor, read it back losslessly.

A deck file (`.md`) looks like this:

    # European capitals
    id: eu-capitals
    tags: geography, europe
    description: Capitals of the EU member states.
    source: ap | Paris hosts the summit | AP | 2025-09-25 | https://apnews.com/x

    ---
    Q: What is the capital of France?
    A: Paris
    > Paris has been the capital since 987.
    @source ap p3 "the summit in Paris"

    ---
    id: rivers
    tags: hard
    Q: Which rivers flow through Paris?
    - [x] Seine
    - [ ] Thames
    - [x] Bièvre

The header (all optional): `# Title` on the first line, then `id:`, `tags:` (comma
separated), `language:`, `description:` and one `source: id | title | outlet | date | url`
line per source. Without a header the title comes from the file name.

Cards are separated by a line `---`, or simply by a blank line before a line that starts a
card (`Q:`, `T/F:`, `C:` or `id:`). Inside a card, each line starts with a marker:

| marker                          | meaning                                               |
|---------------------------------|-------------------------------------------------------|
| `Q: question`                   | the question (or front)                               |
| `A: answer`                     | a flashcard's back; `A: true/false` for `T/F:`         |
| `- [x] right` / `- [ ] wrong`   | choices: one `[x]` = multiple choice, more = multi-select |
| `= accepted`                    | accepted answers: a short-answer card                 |
| `N: 42 ± 0.5 km`                | a numeric answer, tolerance (`±` or `+-`) and unit optional |
| `T/F: statement` + `A: true`    | a true/false card                                     |
| `C: The {{c1::Seine}} flows...` | a cloze card; `= c1: other accepted` adds alternatives |
| `1. first` `2. second`          | items in the right order: an ordering card            |
| `- left -> right`               | a pair: a matching card (the `- ` may be left out)    |
| `extra: text`                   | a flashcard's extra, shown with the back              |
| `reverse: true`                 | a flashcard also studied back→front, as a second card |
| `> text`                        | the explanation (one `>` per line)                    |
| `@source ap p3 "quote"`         | evidence: source id, paragraph, exact quote; repeat   |
|                                 | the line for each further quote the answer rests on   |
| `id:` `tags:` `points:` `kind:` | the card's id, tags (comma separated), points, kind   |

Lines without a marker continue the question, answer, statement, cloze text or
explanation above them, so texts can span lines (blank lines included). To start such a
line with something that looks like a marker, put a backslash before it (`\\- [x] not a
choice`); in tags and sources, `\\,` and `\\|` are a literal comma and bar. `kind:` is only
needed for a multi-select card with one right answer. Cards without `id:` get a stable id
from their question. The writer produces exactly this syntax, and reading it back gives
the same deck (ids, tags, explanations, sources, points and all nine kinds).
The reader is markdown_read.py, the writer markdown_write.py.
"""

from __future__ import annotations

from quizapp.formats import Format, text_dump
from quizapp.formats.markdown_read import read_markdown, read_markdown_text
from quizapp.formats.markdown_write import dumps_markdown

__all__ = ["FORMATS", "dumps_markdown", "read_markdown", "read_markdown_text"]


FORMATS = (
    Format("markdown", (".md", ".markdown"), read_markdown, text_dump(dumps_markdown),
           description="quick Markdown deck (Q:/A:, - [x] choices, ...); lossless"),
)

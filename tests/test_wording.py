"""The one plural helper: a count and its noun agree."""

from quizapp.wording import counted, part_of, plural


def test_counts_and_nouns_agree() -> None:
    assert counted(1, "gap") == "1 gap"
    assert counted(0, "gap") == "0 gaps"
    assert counted(2, "match", "matches") == "2 matches"
    assert part_of(0, 1, "gap") == "0 of 1 gap"
    assert part_of(2, 4, "file") == "2 of 4 files"
    assert plural(1, "has", "have") == "has" and plural(3, "has", "have") == "have"

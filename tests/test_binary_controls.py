"""The control characters that mark binary data are defined once, in quizapp.text, and are
among those `clean` removes (one definition, not two that could drift apart)."""

from __future__ import annotations

from quizapp.text import binary_controls, clean


def test_binary_controls_are_c0_but_the_whitespace_a_text_file_holds() -> None:
    counted = {chr(c) for c in range(0x20) if binary_controls(chr(c))}
    assert counted == {chr(c) for c in range(0x20)} - set("\t\n\r\f")
    assert binary_controls("plain text\r\nwith\ttabs\fand pages é ✓") == 0


def test_every_binary_control_is_one_clean_removes() -> None:
    for code in range(0x20):
        ch = chr(code)
        if binary_controls(ch):
            assert clean(f"a{ch}b") == "ab"

"""The YAML reader: safe, line-aware, YAML 1.2 booleans, and clear errors for hostile files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readiness.errors import InputError
from readiness.yamlio import MAX_FILE_BYTES, Comment, comments, dump_yaml, load_yaml, parse_yaml

P = Path("t.yaml")


def test_values_and_lines_are_kept() -> None:
    doc = parse_yaml(b"a: 1\nb:\n  - x: two\n    y: 2026-10-01\n", P)
    assert doc.data == {"a": 1, "b": [{"x": "two", "y": dt.date(2026, 10, 1)}]}
    assert doc.line(("b", 0, "y")) == 4
    assert doc.line(("b", 0, "missing")) == 3  # falls back to the nearest ancestor


def test_yes_no_on_off_stay_text_as_in_yaml_1_2() -> None:
    doc = parse_yaml(b"a: yes\nb: no\nc: on\nd: true\ne: False\n", P)
    assert doc.data == {"a": "yes", "b": "no", "c": "on", "d": True, "e": False}


def test_keys_stay_text_as_typed() -> None:
    doc = parse_yaml(b"1: a\nno: b\n", P)
    assert doc.data == {"1": "a", "no": "b"}


def test_byte_order_mark_is_accepted() -> None:
    assert parse_yaml(b"\xef\xbb\xbfa: 1\n", P).data == {"a": 1}


def test_python_tags_are_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(b"a: !!python/object/apply:os.system ['echo hi']\n", P)
    assert info.value.problems[0].line == 1


def test_a_lone_equals_sign_is_told_to_be_quoted() -> None:
    """helper-66 3: a reviewer's note of just = was refused as "the YAML tag
    'tag:yaml.org,2002:value' is not allowed; write plain values", which they had."""
    with pytest.raises(InputError) as info:
        parse_yaml(b"note: =\n", P)
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (1, "note")
    assert problem.message.endswith('put it in quotes ("=")')
    assert parse_yaml(b'note: "="\n', P).data == {"note": "="}


def test_syntax_error_keeps_line_and_column() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(b"a: 1\nb: [1, 2\nc: 3\n", P)
    problem = info.value.problems[0]
    assert problem.line == 3
    assert "YAML syntax error, column" in problem.message


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(b"a: 1\nb: 2\na: 3\n", P)
    assert str(info.value) == "t.yaml:3: a: duplicate key 'a' (first given on line 1); keep one"


def test_empty_and_comment_only_files_are_refused() -> None:
    for raw in (b"", b"   \n", b"# only a comment\n"):
        with pytest.raises(InputError, match="file is empty"):
            parse_yaml(raw, P)


def test_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="the limit is 2 MiB: check it is the file you meant"):
        parse_yaml(b"a: " + b"x" * MAX_FILE_BYTES + b"\n", P)


def test_alias_bomb_is_stopped() -> None:
    lines = [b"a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]".encode())
    with pytest.raises(InputError, match="expands to more than"):
        parse_yaml(b"\n".join(lines) + b"\n", P)


def test_modest_aliases_are_fine() -> None:
    doc = parse_yaml(b"roles: &r [gp, vcse]\nagain: *r\n", P)
    assert doc.data["again"] == ["gp", "vcse"]


def test_binary_and_non_utf8_files_are_refused() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        parse_yaml(b"a: caf\xe9\n", P)
    with pytest.raises(InputError, match="NUL"):
        parse_yaml(b"a: 1\x00\n", P)


@pytest.mark.parametrize(
    "text",
    [
        b"id: x\n\ttitle: y\n",
        b"actions:\n\t- id: a\n",  # the parser says only "cannot start any token"
    ],
)
def test_tab_indentation_gets_a_plain_hint(text: bytes) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(text, P)
    assert info.value.problems[0].line == 2
    assert info.value.problems[0].message.endswith("indent with spaces, never tabs")


def test_impossible_dates_are_kept_as_the_text_typed() -> None:
    """Not crashed on, and not refused here either: the field's own check refuses a date
    that is no day, with the file's other problems (tests/assessment/test_load.py), and a
    comment keeps the text as typed."""
    doc = parse_yaml(b"site:\n  assessed_on: 2026-13-45\ncomment: 2026-02-30\n", P)
    assert doc.data == {"site": {"assessed_on": "2026-13-45"}, "comment": "2026-02-30"}


@pytest.mark.parametrize(
    "typed", ["0400", "6:40", "0x1F", "0o17", "0b101", "1_000", "+0755", "190:20:30"]
)
def test_yaml_1_1_number_forms_stay_the_text_typed(typed: str) -> None:
    # YAML 1.1 reads these as 256, 400, 31, 15, 5, 1000, 493 and 685230: never convert them.
    assert parse_yaml(f"a: {typed}\n".encode(), P).data == {"a": typed}


def test_plain_decimal_numbers_follow_yaml_1_2() -> None:
    doc = parse_yaml(b"a: 12\nb: -3\nc: 37.5\nd: .5\ne: 1e3\nf: 0\ng: '12'\n", P)
    assert doc.data == {"a": 12, "b": -3, "c": 37.5, "d": 0.5, "e": 1000.0, "f": 0, "g": "12"}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (".inf", ".inf is not a finite number; write a plain number, e.g. 12 or 37.5"),
        ("-.Inf", "-.Inf is not a finite number; write a plain number, e.g. 12 or 37.5"),
        (".nan", ".nan is not a finite number; write a plain number, e.g. 12 or 37.5"),
        ("1e400", "1e400 is not a finite number; write a plain number, e.g. 12 or 37.5"),
        (
            "9" * 400,
            "99999999999999999999…9999999999 has more than 15 digits, more than readiness can "
            "keep exactly; check the number",
        ),
        (
            "!!int 0x1F",
            "'0x1F' is not a plain decimal number; write it as digits with an optional decimal "
            "point, e.g. 1200 or 37.5",
        ),
        (
            "!!float 6:40",
            "'6:40' is not a plain decimal number; write it as digits with an optional decimal "
            "point, e.g. 1200 or 37.5",
        ),
    ],
)
def test_numbers_that_cannot_be_kept_exactly_are_refused_with_their_line(
    typed: str, message: str
) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(f"a: 1\nb:\n  c: {typed}\n".encode(), P)
    assert [str(p) for p in info.value.problems] == [f"t.yaml:3: b.c: {message}"]


@pytest.mark.parametrize("text", ["b: !!timestamp nope\n", "b: !!timestamp 12\n"])
def test_a_tag_on_text_it_does_not_fit_is_an_input_error(tmp_path: Path, text: str) -> None:
    """PyYAML raises AttributeError or TypeError, not a YAMLError, for these: they once
    ended in an internal error (exit 3)."""
    path = tmp_path / "tagged.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert f"{path}:1: b:" in str(caught.value)
    assert "NoneType" not in str(caught.value)


def test_comments_are_found_outside_every_value_with_their_lines() -> None:
    """A `#` starts a comment only outside a value: not inside quoted or block text. Lines
    count every YAML line break, "\r\n" once."""
    text = (
        "a: 1   # after a value\n"
        "#   alone,   spaced\n"
        'b: "not # a comment\n'
        '  # nor this"\n'
        "c: |\n"
        "  # block text\n"
        "  more\n"
        "# after the block\r\n"
        "d: [1,  # inside a list\n"
        "  2]\n"
        "e: x#y\n"
    )
    assert comments(text) == [
        Comment(1, "after a value", "a: 1"),
        Comment(2, "alone, spaced", None),
        Comment(8, "after the block", None),
        Comment(9, "inside a list", "d: [1,"),
    ]
    assert comments("a: 1\n") == []


def test_lines_for_many_messages_read_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`line_in` finds each problem's line in a file read once while it is unchanged (a file
    with a thousand problems was read a thousand times, so checking it grew with the square
    of its size); a changed file is read again."""
    from readiness import yamlio

    path = tmp_path / "f.yaml"
    path.write_text("".join(f"k{n}: {n}\n" for n in range(200)), encoding="utf-8")
    reads: list[Path] = []
    real = yamlio.load_yaml

    def counted(path: Path) -> yamlio.Document:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(yamlio, "load_yaml", counted)
    yamlio._document_for_lines.cache_clear()
    assert [yamlio.line_in(path, (f"k{n}",)) for n in range(200)] == list(range(1, 201))
    assert len(reads) == 1
    path.write_text("first: 1\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert yamlio.line_in(path, ("k0",)) == 2
    assert len(reads) == 2


def test_a_colon_and_space_in_unquoted_text_gets_a_plain_hint() -> None:
    """Someone fills a form's comment as  G1: Mostly fine: funding is short ; the parser
    says only "mapping values are not allowed here"."""
    with pytest.raises(InputError) as info:
        parse_yaml(b"comments:\n  npt:\n    G1: Mostly fine: funding is short\n", P)
    (problem,) = info.value.problems
    assert problem.line == 3
    assert problem.message == (
        "YAML syntax error, column 20: mapping values are not allowed in this context; text "
        'holding a colon followed by a space must be in double quotes: "Mostly fine: funding '
        'is short"'
    )


@pytest.mark.parametrize(
    "text",
    ["1E10", "1e-5", "-2e-5", "1e3", ".inf", "True", "yes", "0400", "1_000", "0o17", "12", "~"],
)
def test_text_written_as_yaml_reads_back_as_the_same_text(text: str) -> None:
    """PyYAML writes `1E10` bare (a YAML 1.1 float needs a dot), which the YAML 1.2 reading
    takes for a number: a reviewer's evidence title "1E10" came back refused as a number
    (helper-41). Everything we write as YAML reads back as written."""
    written = dump_yaml({"title": text, "many": [text]}, sort_keys=False)
    assert parse_yaml(written.encode("utf-8"), Path("x.yaml")).data == {
        "title": text,
        "many": [text],
    }


@pytest.mark.parametrize(
    ("line_break", "character", "before"),
    [
        ("\n", "\x1b", ""),
        ("\r\n", "\x07", ""),
        ("\n", "\x92", ""),
        ("\n", "\x01", "é" * 300 + "😀"),  # libyaml counts the position in bytes
    ],
)
def test_a_character_yaml_cannot_read_is_told_at_its_line_and_column(
    line_break: str, character: str, before: str
) -> None:
    """A raw control character gave 'YAML error: unacceptable character #x001b ... in
    "<unicode string>", position 510': the parser's words and a position no editor shows."""
    text = line_break.join([f"id: mini{before}", "title: Minimal", f"note: A{character}B", ""])
    with pytest.raises(InputError) as raised:
        parse_yaml(text.encode("utf-8"), Path("f.yaml"))
    [problem] = raised.value.problems
    assert problem.line == 3
    assert problem.message.startswith(
        f"column 8: holds a character YAML cannot read, U+{ord(character):04X}"
    )
    assert "position" not in problem.message and "unicode string" not in problem.message

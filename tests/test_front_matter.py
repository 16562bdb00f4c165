import time

import pytest

from generator.front_matter import FrontMatterError, decode, parse


def test_keys_are_found_on_their_file_lines():
    parsed = parse("---\ntitle: A\nsources:\n  - outlet: X\n    via: Y\n---\nBody\n")
    assert parsed.line_of(("title",)) == 2
    assert parsed.line_of(("sources", 0, "via")) == 5
    assert parsed.line_of(("sources", 0, "missing")) == 4  # nearest enclosing item
    assert parsed.body == "Body\n"


def test_dates_stay_text_so_the_model_can_judge_them():
    assert parse("---\nclaim_date: 2021-02-30\n---\n").data == {"claim_date": "2021-02-30"}


def test_bom_and_crlf_are_accepted():
    text = decode("\ufeff---\r\ntitle: دره پنجشیر 🇦🇫\r\n---\r\nBody\r\n".encode())
    parsed = parse(text)
    assert parsed.data["title"] == "دره پنجشیر 🇦🇫"
    assert parsed.body == "Body\n"


def test_non_utf8_names_the_line():
    with pytest.raises(FrontMatterError) as err:
        decode(b"---\ntitle: ok\nclaim: caf\xe9\n---\n")
    assert err.value.line == 3
    assert "UTF-8" in err.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("title: no fences\n", 1, "must start with a '---'"),
        ("---\ntitle: never closed\n", 1, "no closing"),
        ("---\n---\nbody\n", 2, "empty"),
        ("---\n- a\n- b\n---\n", 2, "key: value"),
        ("---\ntitle: ok\nclaim: [unclosed\nclaimant: x\n---\n", 3, "this '[' is never closed"),
    ],
)
def test_unreadable_front_matter_is_reported_with_its_line(text, line, words):
    with pytest.raises(FrontMatterError) as err:
        parse(text)
    assert err.value.line == line
    assert words in err.value.message


def test_billion_laughs_fails_fast_wherever_the_aliases_are():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "---\ntitle: x\nsources:\n  - outlet: y\n    quote:\n      " + "\n      ".join(levels) + "\n---\n"
    start = time.perf_counter()
    with pytest.raises(FrontMatterError) as err:
        parse(bomb)
    assert time.perf_counter() - start < 0.5
    assert "aliases" in err.value.message
    assert err.value.line == 6


def test_text_with_ampersands_and_stars_is_not_mistaken_for_aliases():
    parsed = parse('---\ntitle: "Q&A: *really*"\nclaim: A & B\n---\n')
    assert parsed.data == {"title": "Q&A: *really*", "claim": "A & B"}

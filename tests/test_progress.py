import io

from generator.progress import counted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = FakeTerminal()
    assert list(counted(range(5), "claims loaded", total=5, stream=out, every=2)) == [0, 1, 2, 3, 4]
    text = out.getvalue()
    assert "\rclaims loaded: 2/5" in text and "\rclaims loaded: 4/5" in text
    assert text.endswith("s\n") and "claims loaded: 5 in " in text


def test_progress_is_silent_in_ci_and_when_piped(monkeypatch):
    monkeypatch.setenv("CI", "true")
    out = FakeTerminal()
    assert list(counted(range(3), "x", stream=out, every=1)) == [0, 1, 2]
    assert out.getvalue() == ""
    monkeypatch.delenv("CI")
    piped = io.StringIO()
    list(counted(range(3), "x", stream=piped, every=1))
    assert piped.getvalue() == ""

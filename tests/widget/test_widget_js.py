"""widget.js stays small, self-contained and quiet: checked on the file itself."""
import re

from bookingsite.config import ROOT

WIDGET = (ROOT / "bookingsite" / "static" / "widget.js").read_text(encoding="utf-8")
BUDGET = 5 * 1024


def minify(source: str) -> str:
    """A conservative minifier (comments and indentation out, spaces kept inside strings): real minifiers do
    better, so staying under the budget here means staying under it once minified for real."""
    out, i, n = [], 0, len(source)
    while i < n:
        c = source[i]
        if c in "\"'":  # copy a string literal as it is
            j = i + 1
            while source[j] != c:
                j += 2 if source[j] == "\\" else 1
            out.append(source[i:j + 1])
            i = j + 1
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif source.startswith("//", i):
            i = source.index("\n", i)
        elif c.isspace():
            j = i
            while j < n and source[j].isspace():
                j += 1
            prev, nxt = (out[-1][-1] if out and out[-1] else ""), (source[j] if j < n else "")
            if (prev.isalnum() or prev in "_$") and (nxt.isalnum() or nxt in "_$"):
                out.append(" ")  # between two words a space is needed
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def test_minify_keeps_strings_and_words_apart():
    assert minify('var a = "x  // y"; /* c */ return  b; // d\n') == 'var a="x  // y";return b;'


def test_under_5_kb_minified():
    size = len(minify(WIDGET).encode("utf-8"))
    assert size < BUDGET, f"widget.js is {size} bytes minified"


def test_no_global_and_no_other_file_loaded():
    code = minify(WIDGET)
    assert code.startswith("(function(){") and code.endswith("})();")  # one IIFE: nothing leaks
    # It loads nothing before (or besides) its iframe: no script, stylesheet, fetch or XHR.
    for forbidden in ("fetch(", "XMLHttpRequest", "import(", 'createElement("script")', 'createElement("link")',
                      "document.write", "sendBeacon"):
        assert forbidden not in code
    assert re.findall(r'createElement\("(\w+)"\)', code) == ["iframe"]


def test_messages_are_checked_for_origin_and_source():
    code = minify(WIDGET)
    assert "event.origin!==origin||event.source!==frame.contentWindow" in code

"""Input hygiene at the boundary: what every channel does to text before it reaches the core.

`clean_text` is applied once, where a message enters (the web chat's POST body, the Telegram
adapter, the dashboard's forms), so the core, the database and the replies only ever see text that
every back end can store and every renderer can encode:

- NUL and the other C0 control characters are removed, except tab and newline (a carriage
  return becomes a newline: ``\\r\\n`` and ``\\r`` are line ends); DEL is removed too;
- lone surrogates (which JSON's ``"\\ud800"`` can smuggle in, and which UTF-8 cannot encode) are
  replaced by U+FFFD;
- the text is normalised to NFC, so "é" typed as e + combining accent is stored and matched as one
  character;
- everything else (emoji, any script, zero-width joiners, C1 and private-use characters) is kept.

`json_depth_exceeds` checks a JSON document's nesting without parsing it, so a body nested 25,000
deep is refused before `json.loads` recurses into it.
"""

from __future__ import annotations

import re
import unicodedata

#: Nesting deeper than this is refused before parsing (a chat message is an object of strings).
MAX_JSON_DEPTH = 32

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_ENDS = re.compile(r"\r\n?")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def clean_text(text: str) -> str:
    """`text` without control characters (tab and newline kept), lone surrogates replaced, in NFC."""
    text = _LINE_ENDS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    if _SURROGATES.search(text):
        # A valid pair cannot exist in a Python str from JSON (json.loads joins pairs), so any left is lone.
        text = _SURROGATES.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text)


def json_depth_exceeds(document: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether `document` opens more than `limit` brackets at once, counted outside JSON strings.

    Linear, without recursion, and safe on malformed input (an unclosed string ends the document),
    so it can run before `json.loads` on any body under the size limit.
    """
    depth = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", document)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth = max(depth - 1, 0)
    return False

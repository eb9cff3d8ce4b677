"""Text for XML written by hand: the generators write XML as text because building element trees costs
more than everything else together, and what they write is checked by parsing it back in the tests."""

from __future__ import annotations


def escaped(text: str) -> str:
    """``text`` safe as element content or inside a double-quoted attribute."""
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text

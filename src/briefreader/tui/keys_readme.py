"""The key reference as Markdown, for the README (a test checks the README's copy)."""

from __future__ import annotations

from .keys import key_groups


def keys_markdown() -> str:
    """The key reference as Markdown (the README's copy is checked against this)."""
    out: list[str] = []
    for title, group in key_groups():
        if not group:
            continue
        out.append(f"**{title}**\n")
        out.append("| keys | action | |")
        out.append("| --- | --- | --- |")
        for row in group:
            keys = " / ".join(f"`{k}`" for k in row.keys)
            out.append(f"| {keys} | {row.description} | {row.tooltip} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"

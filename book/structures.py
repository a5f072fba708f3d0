"""Structures drawn at build time: a fenced ``smiles`` block in any prompt, hint, solution,
intro or chapter text becomes a row of RDKit SVG drawings, the same in the site and the PDF.

    ```smiles
    CCO ethanol
    COC dimethyl ether
    ```

One structure per line: its SMILES, then an optional caption. The drawings use the same RDKit
release that grades structure answers (requirements.txt)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

FENCE = re.compile(r"^```smiles[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


@lru_cache(maxsize=512)
def svg(smiles: str, width: int = 220, height: int = 160) -> str:
    """An SVG drawing of ``smiles`` (raises ValueError if RDKit cannot read it)."""
    from rdkit import Chem, rdBase
    from rdkit.Chem.Draw import rdMolDraw2D

    with rdBase.BlockLogs():
        mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise ValueError(f"cannot draw the structure {smiles!r}: RDKit cannot read it as SMILES")
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.clearBackground = False  # the page's background, light or dark paper
    options.addStereoAnnotation = False
    drawer.DrawMolecule(mol)
    drawer.FinishDrawing()
    text = drawer.GetDrawingText()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    return re.sub(r">\s+<", "><", text).replace("\n", " ")


def _figure(line: str) -> str:
    smiles, _, caption = line.strip().partition(" ")
    label = caption.strip() or smiles
    return (f'<figure class="structure"><span class="structure-drawing" role="img" '
            f'aria-label="structure: {html.escape(label, quote=True)}">{svg(smiles)}</span>'
            f'<figcaption>{html.escape(caption.strip())}'
            f'{" " if caption.strip() else ""}<code>{html.escape(smiles)}</code></figcaption></figure>')


def depict(text: str) -> str:
    """Markdown with each fenced ``smiles`` block replaced by its drawings (an HTML block)."""
    if "```smiles" not in text:
        return text

    def block(m: re.Match) -> str:
        lines = [line for line in m.group("body").splitlines() if line.strip()]
        return '\n<div class="structures">' + "".join(_figure(line) for line in lines) + "</div>\n"

    return FENCE.sub(block, text)


def problems(text: str) -> list[str]:
    """Structures in ``text``'s smiles blocks that RDKit cannot read (for ``build.py check``)."""
    out = []
    for m in FENCE.finditer(text):
        for line in m.group("body").splitlines():
            if line.strip():
                try:
                    svg(line.strip().partition(" ")[0])
                except ValueError as e:
                    out.append(str(e))
    return out

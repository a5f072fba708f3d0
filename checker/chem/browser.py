"""The toolkit in the browser worker: the RDKit MinimalLib's wrapper from
``web/assets/js/chem-rdkit.js``, passed in from JavaScript (a Pyodide JsProxy)."""

from __future__ import annotations

import json

from . import use


class JsToolkit:
    def __init__(self, js):
        self.js = js
        self.version = str(js.version)

    def describe(self, text: str, molfile: bool = False) -> dict:
        return json.loads(str(self.js.describe(text, bool(molfile))))

    def inchi(self, smiles: str) -> str:
        return str(self.js.inchi(smiles))


def install(js) -> str:
    """Use the MinimalLib wrapper ``js`` for structure answers; returns its RDKit version."""
    tk = JsToolkit(js)
    use(tk)
    return tk.version

"""The toolkit natively: RDKit from PyPI (pinned in requirements.txt to the release of the
MinimalLib the browser uses). Mirrors ``web/assets/js/chem-rdkit.js`` call for call."""

from __future__ import annotations

import contextlib
import io

from rdkit import Chem, rdBase

# RDKit's reasons ("Explicit valence for atom # 0 C, 5...") go to its log; route it through
# sys.stderr so that describe() can read them, as the MinimalLib's log capture does.
rdBase.LogToPythonStderr()


class NativeRDKit:
    version = rdBase.rdkitVersion

    def describe(self, text: str, molfile: bool = False) -> dict:
        log = io.StringIO()
        with contextlib.redirect_stderr(log):
            mol = Chem.MolFromMolBlock(text) if molfile else Chem.MolFromSmiles(text)
        if mol is None:
            return {"ok": False, "log": log.getvalue()}
        return {"ok": True, "log": log.getvalue(), "smiles": Chem.MolToSmiles(mol),
                "flat": Chem.MolToSmiles(mol, isomericSmiles=False), "json": Chem.MolToJSON(mol)}

    def inchi(self, smiles: str) -> str:
        with contextlib.redirect_stderr(io.StringIO()):
            mol = Chem.MolFromSmiles(smiles)
            return Chem.MolToInchi(mol) if mol is not None else ""

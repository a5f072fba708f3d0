// The structure grader's toolkit in the browser: the RDKit MinimalLib (npm @rdkit/rdkit, the
// same RDKit release as the native checker's PyPI rdkit), wrapped to answer exactly what
// checker/chem asks of checker/chem/native.py: describe(text, molfile) and inchi(smiles).
// Used by the checker worker and by tests/minimallib_verdicts.mjs under Node.
export function rdkitToolkit(RDKit) {
  // RDKit's reasons (an impossible valence, a SMILES syntax error) go to its log, not to the
  // caller: capture the log so that the checker can tell the learner what is wrong.
  const log = RDKit.set_log_capture("rdApp.*");
  const read = (text) => {
    try {
      return RDKit.get_mol(text);
    } catch {
      return null;
    }
  };
  // What `use` makes of the molecule read from `text` ("" if it cannot be read); freed after.
  const withMol = (text, use) => {
    const mol = read(text);
    if (!mol) return "";
    try {
      return use(mol);
    } finally {
      mol.delete();
    }
  };
  return {
    version: RDKit.version(),
    describe(text, molfile) {
      log.clear_buffer();
      const mol = read(text);
      const messages = log.get_buffer();
      if (!mol || !mol.is_valid()) {
        mol?.delete();
        return JSON.stringify({ ok: false, log: messages });
      }
      try {
        return JSON.stringify({
          ok: true, log: messages, smiles: mol.get_smiles(),
          flat: mol.get_smiles(JSON.stringify({ doIsomericSmiles: false })), json: mol.get_json(),
        });
      } finally {
        mol.delete();
      }
    },
    inchi: (smiles) => withMol(smiles, (mol) => mol.get_inchi()),
    // A drawing of the structure the checker read, for the live preview.
    svg: (smiles, width = 260, height = 180) => withMol(smiles, (mol) => mol.get_svg(width, height)),
    // SMILES from the drawing editor's molfile: RDKit perceives the stereo from the
    // coordinates and wedges (editors' own SMILES writers lose stereo, SPEC §8).
    smilesFromMolfile: (molfile) => withMol(molfile, (mol) => mol.get_smiles()),
  };
}

"""``python -m checker --spec '<json or yaml>' '<response>'``: print the Result as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from . import grade


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m checker", description="Grade one response.")
    ap.add_argument("--spec", required=True, help="answer spec as JSON (or YAML, if PyYAML is installed)")
    ap.add_argument("response", help="what the learner typed")
    args = ap.parse_args(argv)
    try:
        spec = json.loads(args.spec)
    except json.JSONDecodeError:
        try:
            import yaml
        except ImportError:
            print("--spec is not valid JSON (install PyYAML to pass YAML)", file=sys.stderr)
            return 2
        try:
            spec = yaml.safe_load(args.spec)
        except yaml.YAMLError as e:
            print(f"--spec is neither JSON nor YAML: {e}", file=sys.stderr)
            return 2
    print(json.dumps(grade(spec, args.response).as_dict(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

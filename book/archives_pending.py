"""Imported into the browser's Python when the memory snapshot is made (book/snapshot.mjs).

Restored from the snapshot, Python runs before the archives (sympy's, mpmath's and the
checker's files) are written: the worker downloads them after the start, since every module
the checks use is imported by then. Until they are written, an import from them raises
ArchivesPending, and the worker (``withArchives`` in checker-worker.js) waits for the archives
and runs the check again. It is a BaseException so that no ``except ImportError`` (nor
``except Exception``) takes it for a module that is not there.
"""

import sys


class ArchivesPending(BaseException):
    """An import from an archive that the browser's worker has not written yet."""


class Finder:
    """First on sys.meta_path: no module of ``names`` (top-level names) can be imported yet."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.names:
            raise ArchivesPending(name)
        return None


def install(names) -> None:
    """Until ``written()``, no module of the packages ``names`` can be imported (names that are
    not identifiers, such as ``sympy-1.14.0.dist-info``, are left out)."""
    sys.meta_path.insert(0, Finder(frozenset(n for n in names if n.isidentifier())))


def written() -> None:
    """The worker has written the archives: imports from them work from now on."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, Finder)]

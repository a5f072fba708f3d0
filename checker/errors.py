"""Errors the checker raises internally; each becomes an ``invalid`` result, never a crash."""


class ReadError(ValueError):
    """The response (or an expected answer) could not be read. The message is for the learner."""


class TooSlow(RuntimeError):
    """Grading ran past the hard time limit."""

"""A piece of a build run in a forked process while the build goes on: its result, later.

A full build's phases each keep both cores busy, but between them the main process works
alone (planning pages, preparing the search index, checking what was written). Work that
depends on none of the phases around it (the search index depends on the documents, not on
the pages) can run beside them and fill those gaps. The child inherits the build's data by
fork, as the worker pools do, and sends back only its result.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")

_OK, _FAILED = "ok", "failed"


class BackgroundFailed(RuntimeError):
    """The background process raised (its traceback is the message) or died."""


class Background(Generic[T]):
    """Runs work() in a forked process at once; result() waits for what it returned."""

    def __init__(self, work: Callable[[], T]):
        import multiprocessing       # here: every build imports this module, few fork
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        # Not a daemon: the work may start worker pools of its own, which daemons may not.
        self._process = context.Process(target=_run, args=(work, sender), name="sitegen-background")
        self._process.start()
        sender.close()             # the child's end: EOF here when the child dies without answering

    def result(self) -> T:
        try:
            status, value = self._receiver.recv()
        except (EOFError, OSError):    # died before answering, or while answering (OSError)
            # The pipe closes a moment before the process is reaped: join first, or the exit
            # code may not be known yet.
            self._process.join()
            status, value = _FAILED, f"the background process ended with exit code {self._process.exitcode}"
        finally:
            self._receiver.close()
            self._process.join()
        if status != _OK:
            raise BackgroundFailed(value)
        return value

    def discard(self) -> None:
        """Wait for the work to end and drop its result (the build failed elsewhere). Waiting, not
        killing: the work may have worker processes of its own, and it writes into the folder
        the failed build is about to remove."""
        try:
            self.result()
        except BackgroundFailed:
            pass


def _run(work: Callable[[], Any], sender: Any) -> None:
    try:
        try:
            outcome = (_OK, work())
        except BaseException:           # reported to the parent, which raises it there
            import traceback
            outcome = (_FAILED, traceback.format_exc())
        sender.send(outcome)
        sender.close()
    except KeyboardInterrupt:
        # Ctrl+C reaches every process of the build; the parent stops the build and says so.
        # Interrupted while answering, this process ends without a traceback of its own, and
        # the parent reads the half-sent answer as a failure.
        os._exit(130)

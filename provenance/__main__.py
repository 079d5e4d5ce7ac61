"""`python -m provenance` and the `provenance` script: the command line, Ctrl-C at start-up too."""

import logging
import os
import signal
import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    """Run the command line; Ctrl-C while it loads or exits ends quietly with code 130."""
    try:
        from .cli import cli

        cli(prog_name="provenance")
    except SystemExit as exc:
        # The run is over: keep its exit code whatever signal comes during the teardown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if exc.code == EXIT_INTERRUPTED:
            _leave_now()
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


def _leave_now() -> None:
    """Exit 130 at once after an interrupt. Everything finished is committed and the
    output is flushed here; the interpreter's teardown (a final garbage collection over
    every loaded module, over a second on a busy machine) is skipped so that Ctrl-C ends
    the run within 2 s."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()

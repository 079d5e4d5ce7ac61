"""`python -m provenance` and the `provenance` script: the command line, Ctrl-C at start-up too."""

import signal
import sys


def main() -> None:
    """Run the command line; Ctrl-C while it loads or exits ends quietly with code 130."""
    try:
        from .cli import cli

        cli(prog_name="provenance")
    except SystemExit:
        # the run is over: a late Ctrl-C or SIGTERM must not change its exit code
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()

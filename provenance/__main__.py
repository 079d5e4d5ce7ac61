"""`python -m provenance` and the `provenance` script: the command line, Ctrl-C at start-up too."""

import sys


def main() -> None:
    """Run the command line; Ctrl-C while it loads ends quietly with exit code 130."""
    try:
        from .cli import cli
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    cli(prog_name="provenance")


if __name__ == "__main__":
    main()

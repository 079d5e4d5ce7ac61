"""`python -m provenance`: the same command line as the `provenance` script."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="provenance")

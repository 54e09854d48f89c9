"""Run the command line as ``python -m dedupe_text``."""

from .cli import main

if __name__ == "__main__":
    main()

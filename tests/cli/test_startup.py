"""The command line starts without the heavy libraries only some commands need."""

import subprocess
import sys

# Dagster and pandas took ~2 s to import: every `starmap creators` query paid for them
# because building the parser imported the bench.
HEAVY = ("dagster", "pandas", "pipelines")


def test_building_the_parser_imports_neither_dagster_nor_pandas() -> None:
    probe = (
        "import sys\n"
        "from starmap.cli import build_parser\n"
        "build_parser().parse_args(['creators'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

"""The installed command in real processes: entry point, ``python -m``, pipes and lazy imports."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "fixtures" / "cli"
ARTICLE = DATA / "harbour.txt"
ENTRY_POINT = shutil.which("dedupe-text", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(ENTRY_POINT is None, reason="the dedupe-text script is not installed beside this Python")
def test_installed_entry_point_cleans_a_file() -> None:
    assert ENTRY_POINT is not None
    done = subprocess.run([ENTRY_POINT, "clean", str(ARTICLE)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (DATA / "harbour.clean.txt").read_bytes()
    assert done.stderr == b""


def test_python_m_runs_the_same_command() -> None:
    done = subprocess.run([sys.executable, "-m", "dedupe_text", "check", str(ARTICLE)], capture_output=True,
                          check=False)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0] == f"{ARTICLE}:5: duplicate of line 1 (exact, 100.0)"
    usage = subprocess.run([sys.executable, "-m", "dedupe_text", "--help"], capture_output=True, check=True)
    assert usage.stdout.startswith(b"Usage: dedupe-text ")


def test_user_error_is_one_line_without_traceback() -> None:
    done = subprocess.run([sys.executable, "-m", "dedupe_text", "clean", "no/such/file.txt"], capture_output=True,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == b"Error: no/such/file.txt: no such file\n"


def test_broken_pipe_exits_quietly() -> None:
    words = (hashlib.sha256(str(i).encode()).hexdigest()[:8] for i in range(18_000))
    many = "".join(" ".join(line) + "\n" for line in zip(*[words] * 12))  # 1,500 unrelated lines, 160 kB
    pipeline = f"{sys.executable} -m dedupe_text clean | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", pipeline], input=many.encode(), capture_output=True, check=False)
    assert b"Traceback" not in done.stderr
    assert b"BrokenPipe" not in done.stderr
    assert done.stdout.strip() in (b"0", b"1")


def run_probe(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` in a fresh interpreter (what it imports is what a user's process would)."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=True, text=True)


def test_importing_and_cleaning_a_short_text_loads_no_datasketch_scipy_or_numpy() -> None:
    probe = (
        "import sys, dedupe_text, dedupe_text.cli\n"
        "dedupe_text.clean(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(sorted(m for m in ('datasketch', 'scipy', 'numpy') if m in sys.modules))\n"
    )
    done = run_probe(probe, str(ARTICLE))
    assert done.stdout.strip() == "[]"


def test_the_probe_sees_datasketch_when_the_index_path_runs() -> None:
    probe = (
        "import sys, dedupe_text\n"
        "dedupe_text.clean(open(sys.argv[1], encoding='utf-8').read(), all_pairs_max=0)\n"
        "print('datasketch' in sys.modules)\n"
    )
    done = run_probe(probe, str(ARTICLE))
    assert done.stdout.strip() == "True"


def test_import_alone_loads_no_numpy() -> None:
    probe = "import sys, dedupe_text.cli; print([m for m in ('datasketch', 'scipy', 'numpy') if m in sys.modules])"
    done = run_probe(probe)
    assert done.stdout.strip() == "[]"


def test_cli_run_on_a_short_text_loads_no_datasketch_scipy_or_numpy() -> None:
    probe = (
        "import sys\n"
        "from dedupe_text.cli import cli\n"
        "try:\n"
        "    cli.main(['clean', sys.argv[1]], prog_name='dedupe-text')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('datasketch', 'scipy', 'numpy') if m in sys.modules), file=sys.stderr)\n"
    )
    done = run_probe(probe, str(ARTICLE))
    assert done.stderr.strip() == "[]"


def run_with_terminal_stderr(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run dedupe-text with stderr on a pseudo-terminal; return its status and what the terminal showed."""
    pty = pytest.importorskip("pty", reason="pseudo-terminals need a POSIX system")
    master, slave = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "dedupe_text", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=slave) as proc:
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            shown += chunk
        status = proc.wait()
    os.close(master)
    return status, shown.decode("utf-8", "replace")


def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(ARTICLE, tmp_path / name)
    status, shown = run_with_terminal_stderr(["clean", "a.txt", "b.txt", "c.txt", "-o", "out"], tmp_path)
    assert status == 0
    assert "100%" in shown and "dedupe-text" in shown
    assert "3 files, 30 paragraphs, 9 removed" in shown
    piped = subprocess.run([sys.executable, "-m", "dedupe_text", "clean", "a.txt", "b.txt", "-o", "out2"],
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert piped.stderr == "2 files, 20 paragraphs, 6 removed, 706 bytes saved\n"
    quiet_status, quiet_shown = run_with_terminal_stderr(["clean", "-q", "a.txt", "b.txt", "-o", "out3"], tmp_path)
    assert quiet_status == 0 and quiet_shown == ""


def test_one_jsonl_stream_gets_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    record = '{"text": "A record long enough to be judged.\\nA record long enough to be judged."}\n'
    (tmp_path / "pages.jsonl").write_text(record * 50, encoding="utf-8")
    status, shown = run_with_terminal_stderr(["clean", "--jsonl", "pages.jsonl", "-o", "out.jsonl"], tmp_path)
    assert status == 0 and "dedupe-text" in shown and "100%" in shown
    quiet_status, quiet_shown = run_with_terminal_stderr(["clean", "-q", "--jsonl", "pages.jsonl", "-o", "o2.jsonl"],
                                                         tmp_path)
    assert quiet_status == 0 and quiet_shown == ""
    piped = subprocess.run([sys.executable, "-m", "dedupe_text", "clean", "--jsonl", "pages.jsonl", "-o", "o3.jsonl"],
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert piped.stderr == ""


def test_child_processes_run_this_checkout_from_any_directory(tmp_path: Path) -> None:
    probe = "import dedupe_text; print(dedupe_text.__file__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(done.stdout.strip()) == Path(__file__).resolve().parent.parent / "dedupe_text" / "__init__.py"


def test_no_arguments_prints_usage_and_exits_0() -> None:
    done = subprocess.run([sys.executable, "-m", "dedupe_text"], capture_output=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith(b"Usage: dedupe-text ") and done.stderr == b""

"""bench/read_real.py on a folder of files written here (the real works are not read)."""

from __future__ import annotations

import sys

import pytest

from bench import read_real


def test_zero_megabytes_skips_the_long_line_check(tmp_path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "one.txt").write_text("A Title\n\nMara kept the lamp lit all night, and nobody asked her why.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["read_real.py", "--data", str(tmp_path), "--long-line-mb", "0"])
    read_real.main()
    out = capsys.readouterr().out
    assert "one.txt" in out
    assert "MB one line" not in out


def test_a_small_long_line_check_reads_both_forms(tmp_path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["read_real.py", "--data", str(tmp_path), "--long-line-mb", "0.01"])
    read_real.main()
    out = capsys.readouterr().out
    assert "MB one line" in out and "MB in lines" in out

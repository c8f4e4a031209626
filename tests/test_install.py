"""A built wheel, installed non-editable into a fresh venv, finds its bundled data."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from .helpers import REPO


@pytest.mark.slow
def test_wheel_install_finds_bundled_frameworks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheel = next(wheels.glob("readiness-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        # PEP 561: library users get the package's types only with the marker.
        assert "readiness/py.typed" in archive.namelist()
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    # Dependencies come from the test environment; readiness itself only from the wheel.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [python, "-c", "import readiness; print(readiness.__file__)"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(target)), where
    result = subprocess.run(
        [target / "bin" / "readiness", "frameworks", "list"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert [line.split()[0] for line in listed] == [
        framework_id
        for framework_id in ("delivery-conditions", "five-mechanisms", "npt", "rainbow")
        for _version in ("1.0.0", "2.0.0", "3.0.0")
    ]
    api = subprocess.run(
        [
            python,
            "-c",
            "import readiness.api, readiness, sys; "
            "result = readiness.score(sys.argv[1]); "
            "print(readiness.api.__file__); print(result.frameworks[0].framework.id)",
            str(REPO / "examples" / "oakfield-practice.yaml"),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert api.returncode == 0, api.stderr
    api_file, first_framework = api.stdout.split()
    assert api_file.startswith(str(target)) and first_framework == "five-mechanisms"
    bundled = Path(where).parent / "_bundled"
    assert (bundled / "frameworks" / "npt-3.0.0.yaml").is_file()
    assert (bundled / "frameworks" / "npt-1.0.0.yaml").is_file()
    assert (bundled / "frameworks" / "actions.yaml").is_file()
    assert (bundled / "templates").is_dir()

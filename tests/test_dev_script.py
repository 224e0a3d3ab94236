"""./dev's apt_install, run against stub dpkg, apt-cache, apt-get and sudo that record how they are called.

A warm run says nothing and calls no apt; a library renamed for 64-bit time_t (libglib2.0-0 → libglib2.0-0t64 on
Debian 13 and Ubuntu 24.04) counts as installed under either name; a missing one is installed under the name the
archive knows; apt-get's chatter (debconf's included) is shown only when it fails.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

DEV = Path(__file__).parent.parent / "dev"

STUBS = {
    # dpkg -s NAME: installed, only configuration files left, or unknown
    "dpkg": """
        echo "dpkg $*" >> "$STUB_LOG"
        name=$2
        case " $STUB_INSTALLED " in *" $name "*)
          printf 'Package: %s\\nStatus: install ok installed\\nVersion: 1\\n' "$name"; exit 0 ;; esac
        case " $STUB_CONFIG_FILES " in *" $name "*)
          printf 'Package: %s\\nStatus: deinstall ok config-files\\nVersion: 1\\n' "$name"; exit 0 ;; esac
        echo "dpkg-query: package '$name' is not installed and no information is available" >&2
        exit 1
    """,
    # apt-cache show --no-all-versions NAME: known to this release's archive or not
    "apt-cache": """
        echo "apt-cache $*" >> "$STUB_LOG"
        name=${!#}
        case " $STUB_ARCHIVE " in *" $name "*) printf 'Package: %s\\nVersion: 1\\n' "$name"; exit 0 ;; esac
        echo "E: No packages found" >&2
        exit 100
    """,
    "apt-get": """
        echo "apt-get DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} $*" >> "$STUB_LOG"
        echo "Reading package lists..."
        echo "debconf: delaying package configuration, since apt-utils is not installed" >&2
        exit "${STUB_APT_STATUS:-0}"
    """,
    "sudo": """
        echo "sudo $*" >> "$STUB_LOG"
        exec "$@"
    """,
    "id": """
        echo "${STUB_UID:-0}"
    """,
}


@pytest.fixture
def run_apt_install(tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("./dev is a bash script")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in STUBS.items():
        path = stubs / name
        path.write_text("#!" + bash + "\n" + "\n".join(line[8:] for line in body.splitlines()) + "\n")
        path.chmod(0o755)
    log = tmp_path / "calls.log"

    def run(*packages, installed="", config_files="", archive="", apt_status=0, uid=0):
        env = {"PATH": f"{stubs}:/usr/bin:/bin", "STUB_LOG": str(log), "STUB_INSTALLED": installed,
               "STUB_CONFIG_FILES": config_files, "STUB_ARCHIVE": archive, "STUB_APT_STATUS": str(apt_status),
               "STUB_UID": str(uid)}
        log.write_text("")
        result = subprocess.run([bash, "-c", '. "$0" && apt_install "$@"', str(DEV), *packages], env=env,
                                capture_output=True, text=True)
        return result, log.read_text().splitlines()

    return run


def test_warm_run_says_nothing_and_calls_no_apt(run_apt_install):
    result, calls = run_apt_install("libgl1", "libegl1", "libdbus-1-3", installed="libgl1 libegl1 libdbus-1-3")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert calls == ["dpkg -s libgl1", "dpkg -s libegl1", "dpkg -s libdbus-1-3"]


def test_a_library_installed_under_its_t64_name_counts_as_present(run_apt_install):
    result, calls = run_apt_install("libgl1", "libglib2.0-0", installed="libgl1 libglib2.0-0t64",
                                    config_files="libglib2.0-0")  # an upgraded machine keeps the old name's files
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert calls == ["dpkg -s libgl1", "dpkg -s libglib2.0-0", "dpkg -s libglib2.0-0t64"]


@pytest.mark.parametrize("release, archive, name", [
    ("Debian 12", "libgl1 libglib2.0-0", "libglib2.0-0"),
    ("Debian 13", "libgl1 libglib2.0-0t64", "libglib2.0-0t64"),
])
def test_a_missing_library_is_installed_under_the_name_the_archive_knows(run_apt_install, release, archive, name):
    result, calls = run_apt_install("libgl1", "libglib2.0-0", "libdbus-1-3", installed="libdbus-1-3",
                                    archive=archive)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr == "dev: installing Debian packages: libgl1 libglib2.0-0\n"  # no apt or debconf chatter
    apt = [call for call in calls if call.startswith("apt-get")]
    assert apt == ["apt-get DEBIAN_FRONTEND= update -qq",
                   "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq -o=Dpkg::Use-Pty=0 "
                   f"--no-install-recommends libgl1 {name}"], release


def test_without_root_apt_get_runs_through_sudo_keeping_the_frontend(run_apt_install):
    result, calls = run_apt_install("libgl1", archive="libgl1", uid=1000)
    assert result.returncode == 0
    assert "sudo apt-get update -qq" in calls
    assert "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o=Dpkg::Use-Pty=0 " \
           "--no-install-recommends libgl1" in calls
    assert "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq -o=Dpkg::Use-Pty=0 " \
           "--no-install-recommends libgl1" in calls


def test_a_failing_apt_get_shows_what_it_said(run_apt_install):
    result, calls = run_apt_install("libgl1", archive="libgl1", apt_status=100)
    assert result.returncode == 100 and result.stdout == ""
    assert "dev: apt-get failed (exit 100)" in result.stderr
    assert "debconf: delaying package configuration" in result.stderr and "Reading package lists" in result.stderr
    assert not any(" install " in call for call in calls)  # update failed: nothing more was tried


def test_executed_without_a_command_it_prints_usage(tmp_path):
    run = subprocess.run([str(DEV)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.startswith("usage: ./dev run")

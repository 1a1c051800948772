"""``rallydesk server service install|remove DIR`` (issue 23, item 4): the server started with the
computer by systemd, a Windows service or launchd.

Every platform's definition and steps are checked here on Linux, on a :class:`Host` that says
which computer it is and records the commands instead of running them: no test enables anything
on this machine. The systemd unit is checked by ``systemd-analyze verify`` (where it is
installed), and the launchd job's shell, which turns launchd's stop into PostgreSQL's fast
shutdown, is run for real on a PostgreSQL made by ``server init``. What is NOT tested here:
systemd actually starting the unit at boot (no systemd runs in the container), ``pg_ctl
register`` on Windows, ``launchctl`` on macOS.
"""

# ruff: noqa: F811  (the server_dir fixture, shared with test_pgserver, is a parameter name)
from __future__ import annotations

import json
import os
import plistlib
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_pgserver import _tools, free_port, run, server_dir  # noqa: F401

from rallydesk import server as pgserver
from rallydesk.domain.errors import RallyDeskError
from rallydesk.server import programs, service
from rallydesk.server.service import Host

# every platform's host is played on a POSIX one (its uid, a folder owned by postgres)
pytestmark = pytest.mark.posix(reason="each platform's host played with os.getuid and chown")

WINDOWS_PG_CTL = r"C:\Program Files\PostgreSQL\16\bin\pg_ctl.exe"
MAC_PG_CTL = "/opt/homebrew/opt/postgresql@16/bin/pg_ctl"


class Recorder:
    """Runs nothing: remembers each command, answers with the exit status it is told to."""

    def __init__(self, fail: dict[str, int] | None = None) -> None:
        self.ran: list[list[str]] = []
        self.fail = fail or {}

    def __call__(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.ran.append(list(argv))
        code = next((c for word, c in self.fail.items() if word in argv), 0)
        return subprocess.CompletedProcess(list(argv), code, "", "it failed" if code else "")


@pytest.fixture
def folder() -> Iterator[Path]:
    """A server folder as ``init`` leaves it (its record and data/), without running initdb:
    under root it belongs to ``postgres``, as ``init`` makes it."""
    d = Path(tempfile.mkdtemp(prefix="rallydesk-svc-")) / "dakar"
    (d / "data").mkdir(parents=True)
    (d / "data" / "PG_VERSION").write_text("15\n")
    root = programs._is_root()
    meta = {"listen": "127.0.0.1", "network": "127.0.0.1/32", "port": 5432, "version": "15.18"}
    meta["account"] = "postgres" if root else None
    (d / "rallydesk-server.json").write_text(json.dumps(meta))
    if root:
        account = pgserver.service_account()
        for p in (d, d / "data"):
            os.chown(p, account.uid, account.gid)
    try:
        yield d
    finally:
        shutil.rmtree(d.parent, ignore_errors=True)


def _host(tmp: Path, **kw: object) -> Host:
    values: dict[str, object] = dict(
        platform="linux",
        root=programs._is_root(),
        uid=os.getuid(),
        home=tmp / "home",
        manager_runs=False,
        system_root=tmp / "root",
        run=Recorder(),
    )
    values.update(kw)
    return Host(**values)  # type: ignore[arg-type]


@pytest.fixture
def stopped(monkeypatch):
    """The server of the folder is not running (no pg_ctl needed for the plan's steps)."""
    monkeypatch.setattr(service, "server_status", lambda d: SimpleNamespace(running=False))


# ---------------------------------------------------------------- systemd


def test_systemd_unit_runs_pg_ctl_as_the_folders_owner_after_the_network(folder, tmp_path):
    host = _host(tmp_path, root=True)
    if not programs._is_root():
        pytest.skip("a system unit names the folder's owner, who is postgres only under root")
    done = service.install(folder, dry_run=True, host=host, pg_ctl="/usr/bin/pg_ctl")
    p, text = done.plan, done.plan.text
    assert p.name == "rallydesk-server-dakar.service"
    assert p.path == tmp_path / "root/etc/systemd/system/rallydesk-server-dakar.service"
    for line in (
        "Type=forking",
        "User=postgres",
        "After=network-online.target",
        "Wants=network-online.target",
        "Restart=on-failure",
        f"PIDFile={folder}/data/postmaster.pid",
        f"ExecStart=/usr/bin/pg_ctl start -w -t 170 -D {folder}/data -l {folder}/server.log",
        f"ExecStop=/usr/bin/pg_ctl stop -w -m fast -t 170 -D {folder}/data",
        "WantedBy=multi-user.target",
    ):
        assert line in text.splitlines(), line
    assert p.enable == [
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--now", "rallydesk-server-dakar.service"],
    ]
    assert not p.path.exists() and host.run.ran == []  # a dry run writes and runs nothing


def test_a_users_unit_goes_to_their_config_and_says_how_to_start_with_the_computer(
    folder, tmp_path
):
    owner = folder.stat().st_uid
    p = service.plan(folder, _host(tmp_path, root=False, uid=owner), "/usr/bin/pg_ctl")
    assert p.path == tmp_path / "home/.config/systemd/user/rallydesk-server-dakar.service"
    assert "User=" not in p.text and "WantedBy=default.target" in p.text
    assert p.enable[-1] == ["systemctl", "--user", "enable", "--now", p.name]
    assert any("loginctl enable-linger" in n for n in p.notes)
    with pytest.raises(RallyDeskError, match=r"belongs to another user .*as root"):
        service.plan(folder, _host(tmp_path, root=False, uid=owner + 1), "/usr/bin/pg_ctl")


@pytest.mark.parametrize("as_root", [True, False], ids=["system", "user"])
def test_systemd_analyze_verifies_the_unit_also_for_an_odd_folder_name(tmp_path, as_root):
    """The unit as systemd reads it, for a folder whose name needs quoting and escaping."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt install systemd)")
    if as_root and not programs._is_root():
        pytest.skip("a system unit runs as the folder's owner, postgres only under root")
    pg_ctl = _tools().pg_ctl
    d = Path(tempfile.mkdtemp(prefix="rallydesk-svc-")) / 'Dakar 100% "$HOME" \\ bis'
    try:
        (d / "data").mkdir(parents=True)
        (d / "data" / "PG_VERSION").write_text("15\n")
        meta = {"listen": "127.0.0.1", "network": "127.0.0.1/32", "port": 5432}
        (d / "rallydesk-server.json").write_text(json.dumps(meta))
        if as_root:
            account = pgserver.service_account()
            os.chown(d, account.uid, account.gid)
        p = service.plan(d, _host(tmp_path, root=as_root, uid=d.stat().st_uid), pg_ctl)
        unit = tmp_path / p.name
        unit.write_text(p.text)
        argv = [analyze, *([] if as_root else ["--user"]), "verify", str(unit)]
        env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr
        assert "%%" in p.text and "$$HOME" in p.text
        assert service._names_folder(p.text, "systemd", d)
        assert not service._names_folder(p.text, "systemd", d.parent)
        mac = service.plan(d, _host(tmp_path, platform="darwin", uid=d.stat().st_uid), pg_ctl)
        assert service._names_folder(mac.text, "launchd", d)
        assert not service._names_folder(mac.text, "launchd", d.parent / "dakar")
        # and it fails where it must: a program that is not there
        unit.write_text(p.text.replace(pg_ctl, "/nonexistent/pg_ctl"))
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode != 0 and "/nonexistent/pg_ctl" in done.stderr
    finally:
        shutil.rmtree(d.parent, ignore_errors=True)


def test_install_without_systemd_writes_the_unit_and_says_what_to_run(folder, tmp_path, stopped):
    host = _host(tmp_path)
    assert service.installed(folder, host) is None  # server status: "service: none"
    done = service.install(folder, host=host, pg_ctl="/usr/bin/pg_ctl")
    p = done.plan
    assert p.path is not None and p.path.read_text() == p.text
    assert service.installed(folder, host) == service.plan(folder, host)
    said = " ".join(done.said)
    assert "systemd does not run on this computer" in said
    assert f"enable --now {p.name}" in said and "daemon-reload" in said
    assert host.run.ran == []
    with pytest.raises(RallyDeskError, match=r"already installed.*service remove"):
        service.install(folder, host=host, pg_ctl="/usr/bin/pg_ctl")
    done = service.remove(folder, host=host, pg_ctl="/usr/bin/pg_ctl")
    assert not p.path.exists() and f"deleted {p.path}" in done.said
    with pytest.raises(RallyDeskError, match=r"no service rallydesk-server-dakar.service is"):
        service.remove(folder, host=host, pg_ctl="/usr/bin/pg_ctl")


def test_a_unit_of_that_name_for_another_server_is_refused(folder, tmp_path, stopped):
    host = _host(tmp_path)
    p = service.plan(folder, host, "/usr/bin/pg_ctl")
    assert p.path is not None
    p.path.parent.mkdir(parents=True)
    p.path.write_text(p.text.replace(str(folder), "/srv/other/dakar"))
    for work in (service.install, service.remove):
        with pytest.raises(RallyDeskError, match="already runs another server"):
            work(folder, host=host, pg_ctl="/usr/bin/pg_ctl")
    assert "/srv/other/dakar" in p.path.read_text()


def test_a_unit_that_cannot_be_written_is_one_clear_message(folder, tmp_path, stopped):
    host = _host(tmp_path)
    p = service.plan(folder, host, "/usr/bin/pg_ctl")
    assert p.path is not None
    p.path.parent.parent.mkdir(parents=True)
    p.path.parent.write_text("not a folder")
    with pytest.raises(RallyDeskError, match=rf"{p.path}: cannot be written"):
        service.install(folder, host=host, pg_ctl="/usr/bin/pg_ctl")


def test_not_a_server_folder_is_refused(tmp_path):
    with pytest.raises(RallyDeskError, match="not a RallyDesk PostgreSQL server folder"):
        service.install(tmp_path, dry_run=True, host=_host(tmp_path), pg_ctl="/usr/bin/pg_ctl")


def test_install_with_systemd_takes_over_a_server_started_by_hand(server_dir, tmp_path):
    """systemd running: the server started by ``server start`` is stopped, then the service's
    commands run; when they fail, the server is started again (the desks keep their server)."""
    _tools()
    pgserver.init(server_dir, listen="127.0.0.1", port=free_port())
    pgserver.start(server_dir)
    failing = Recorder(fail={"enable": 1})
    host = _host(tmp_path, manager_runs=True, run=failing, uid=server_dir.stat().st_uid)
    with pytest.raises(RallyDeskError, match=r"systemctl.* enable --now .*failed \(exit 1\)"):
        service.install(server_dir, host=host)
    assert pgserver.status(server_dir).running  # started again by hand
    assert [c[-1] for c in failing.ran][-2:] == [
        "daemon-reload",
        service.service_name(server_dir, "systemd"),
    ]
    p = service.plan(server_dir, host)
    assert p.path is not None
    p.path.unlink()
    host = _host(tmp_path, manager_runs=True, uid=server_dir.stat().st_uid)
    done = service.install(server_dir, host=host)
    assert not pgserver.status(server_dir).running  # the service starts it (here: nobody)
    assert host.run.ran == p.enable
    assert any("stopped to be started by the service" in s for s in done.said)
    done = service.remove(server_dir, host=host)
    assert host.run.ran[-2:] == p.disable and not p.path.exists()


# ---------------------------------------------------------------- Windows and macOS


def test_windows_service_is_pg_ctl_register_started_automatically(folder, tmp_path, stopped):
    host = _host(tmp_path, platform="win32", run=Recorder(fail={"query": 1060}))
    p = service.install(folder, dry_run=True, host=host, pg_ctl=WINDOWS_PG_CTL).plan
    assert p.name == "rallydesk-dakar" and p.path is None
    register = f'"{WINDOWS_PG_CTL}" register -N rallydesk-dakar -D '
    assert register in p.text and " -S auto -w" in p.text and "net start rallydesk-dakar" in p.text
    assert "icacls" in p.text
    assert host.run.ran == []
    done = service.install(folder, host=host, pg_ctl=WINDOWS_PG_CTL)
    assert host.run.ran == [["sc", "query", "rallydesk-dakar"], *p.enable]
    assert "enabled and started" in " ".join(done.said)
    with pytest.raises(RallyDeskError, match="no service rallydesk-dakar is installed"):
        service.remove(folder, host=host, pg_ctl=WINDOWS_PG_CTL)
    host = _host(tmp_path, platform="win32")
    with pytest.raises(RallyDeskError, match="already installed"):
        service.install(folder, host=host, pg_ctl=WINDOWS_PG_CTL)
    service.remove(folder, host=host, pg_ctl=WINDOWS_PG_CTL)
    assert host.run.ran[-2:] == [
        ["net", "stop", "rallydesk-dakar"],
        [WINDOWS_PG_CTL, "unregister", "-N", "rallydesk-dakar"],
    ]


@pytest.mark.parametrize("as_root", [False, True], ids=["agent", "daemon"])
def test_macos_launchd_job_runs_the_postmaster_at_load_and_restarts_it(
    folder, tmp_path, stopped, as_root
):
    if as_root and not programs._is_root():
        pytest.skip("a launch daemon runs as the folder's owner, postgres only under root")
    host = _host(tmp_path, platform="darwin", root=as_root, uid=folder.stat().st_uid)
    p = service.install(folder, dry_run=True, host=host, pg_ctl=MAC_PG_CTL).plan
    job = plistlib.loads(p.text.encode())
    assert job["Label"] == p.name == "org.rallydesk.server.dakar"
    assert job["RunAtLoad"] is True and job["KeepAlive"] == {"SuccessfulExit": False}
    assert job["ProgramArguments"][3:] == [
        str(Path(MAC_PG_CTL).parent / "postgres"),
        str(folder / "data"),
    ]
    assert job["StandardErrorPath"] == str(folder / "server.log")
    if as_root:
        assert p.path == tmp_path / "root/Library/LaunchDaemons/org.rallydesk.server.dakar.plist"
        assert job["UserName"] == "postgres" and p.enable[0][:3] == [
            "launchctl",
            "bootstrap",
            "system",
        ]
    else:
        assert p.path == tmp_path / "home/Library/LaunchAgents/org.rallydesk.server.dakar.plist"
        assert "UserName" not in job and p.enable[0][2] == f"gui/{host.uid}"
    service.install(folder, host=host, pg_ctl=MAC_PG_CTL)
    assert p.path is not None and p.path.read_text() == p.text and host.run.ran == p.enable
    service.remove(folder, host=host, pg_ctl=MAC_PG_CTL)
    assert not p.path.exists() and host.run.ran[-1] == p.disable[0]


def test_launchds_stop_is_postgresqls_fast_shutdown(server_dir):
    """The launchd job's shell, run here: the postmaster in the foreground takes connections;
    SIGTERM (launchd's stop) ends it with a fast shutdown although a session is open, and the
    shell exits 0 (a clean stop: launchd does not start it again)."""
    tools = _tools()
    port = free_port()
    pgserver.init(server_dir, listen="127.0.0.1", port=port)
    postgres = str(Path(tools.pg_ctl).resolve().parent / "postgres")
    argv = ["/bin/sh", "-c", service._LAUNCHD_SHELL, postgres, str(server_dir / "data")]
    account = pgserver.service_account()
    shell = subprocess.Popen(
        programs._as(argv, account) if account.name else argv,
        cwd=server_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not pgserver.status(server_dir).running:
            assert time.monotonic() < deadline and shell.poll() is None
            time.sleep(0.2)
        session = subprocess.Popen(  # a desk that never disconnects
            [
                tools.psql,
                "-X",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PGPASSFILE": str(server_dir / "admin.pgpass")},
        )
        time.sleep(1)
        sh_pid = shell.pid if not account.name else _child_shell(shell.pid)
        os.kill(sh_pid, signal.SIGTERM)
        assert shell.wait(timeout=30) == 0
        assert not pgserver.status(server_dir).running
        session.kill()
        session.wait()
    finally:
        if shell.poll() is None:
            os.killpg(shell.pid, signal.SIGKILL)


def _child_shell(runuser_pid: int) -> int:
    """The shell runuser started (runuser passes no signal on: launchd signals the shell)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(runuser_pid)], capture_output=True, text=True
    ).stdout.split()
    return int(out[0]) if out else runuser_pid


# ---------------------------------------------------------------- the command line


def test_dry_run_on_the_command_line_prints_the_unit_and_changes_nothing(folder, capsys):
    code, out, err = run(capsys, "server", "service", "install", str(folder), "--dry-run")
    assert code == 0, err
    assert out.startswith("# rallydesk server service install") and "[Service]" in out
    assert "dry run: nothing was written or run" in err and "systemctl" in err
    assert not Path("/etc/systemd/system/rallydesk-server-dakar.service").exists()
    code, out, err = run(capsys, "server", "service", "remove", str(folder), "--dry-run")
    assert code == 0 and "disable --now rallydesk-server-dakar.service" in err
    code, _, err = run(capsys, "server", "service", "install", str(folder.parent), "--dry-run")
    assert code == 1 and "not a RallyDesk PostgreSQL server folder" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, "server", "service", "start", str(folder))
    assert usage.value.code == 2


# ---------------------------------------------------------------- --backups


def test_backups_unit_runs_rallydesk_backups_per_event_without_a_password(
    folder, tmp_path, stopped
):
    """A template unit beside the server's: one instance per event, the administrator's URL
    without its password (libpq reads DIR/admin.pgpass), after the server's unit; systemd's
    own check passes; remove disables each instance and deletes it."""
    usb = tmp_path / "usb"
    usb.mkdir()
    wanted = service.BackupsWanted(usb, 2.5, 12)
    host = _host(tmp_path, uid=folder.stat().st_uid)
    p = service.plan(folder, host, "/usr/bin/pg_ctl", wanted)
    assert p.backups_unit == "rallydesk-backups-dakar@.service"
    assert p.backups_path == p.path.parent / p.backups_unit  # type: ignore[union-attr]
    text = p.backups_text
    assert "ExecStart=" in text and " backups postgresql://postgres@127.0.0.1:5432/%i " in text
    assert f"--folder {usb} --every 2.5 --keep 12" in text
    assert f'Environment="PGPASSFILE={folder}/admin.pgpass"' in text
    assert "After=rallydesk-server-dakar.service" in text and "Restart=on-failure" in text
    assert "password" not in text.lower().replace("pgpassfile", "")
    analyze = shutil.which("systemd-analyze")
    if analyze and programs._is_root() == host.root:
        unit = tmp_path / "rallydesk-backups-dakar@baja.service"
        unit.write_text(text)
        argv = [analyze, *([] if host.root else ["--user"]), "verify", str(unit)]
        env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    done = service.install(folder, host=host, pg_ctl="/usr/bin/pg_ctl", backups=wanted)
    assert p.backups_path is not None and p.backups_path.read_text() == text
    assert "rallydesk-backups-dakar@EVENT.service" in " ".join(done.said)
    wants = p.backups_path.parent / "multi-user.target.wants"
    wants.mkdir()
    (wants / "rallydesk-backups-dakar@baja.service").symlink_to(p.backups_path)
    done = service.remove(folder, host=host, pg_ctl="/usr/bin/pg_ctl")
    assert not p.backups_path.exists() and not list(wants.iterdir())
    assert "backups rallydesk-backups-dakar@baja.service stopped and disabled" in done.said
    with pytest.raises(RallyDeskError, match="systemd .Linux. only"):
        service.plan(folder, _host(tmp_path, platform="win32"), WINDOWS_PG_CTL, wanted)


def test_install_with_backups_starts_one_for_each_event_on_the_server(server_dir, tmp_path):
    """systemd running: the server's unit, then an instance of the backups' per event; and
    the command the instance runs, run here: a verified backup, the password from admin.pgpass."""
    from rallydesk.services import Event

    _tools()
    port = free_port()
    pgserver.init(server_dir, listen="127.0.0.1", port=port)
    pgserver.start(server_dir)
    for name in ("baja", "dakar-2026"):
        Event.create(pgserver.add_event(server_dir, name).url, name).close()
    usb = Path(tempfile.mkdtemp(prefix="rallydesk-usb-"))
    try:

        class Systemd(Recorder):
            """Starts the server when its unit is enabled --now, as systemd would."""

            def __call__(self, argv):
                if argv[-1].startswith("rallydesk-server-") and "--now" in argv:
                    pgserver.start(server_dir)
                return super().__call__(argv)

        host = _host(tmp_path, manager_runs=True, uid=server_dir.stat().st_uid, run=Systemd())
        wanted = service.BackupsWanted(usb, 5, 3)
        done = service.install(server_dir, host=host, backups=wanted)
        p = done.plan
        assert host.run.ran == p.enable + service.backups_instances(p, ["baja", "dakar-2026"])
        assert "backups rallydesk-backups-" in " ".join(done.said)
        line = next(x for x in p.backups_text.splitlines() if x.startswith("ExecStart="))
        argv = [a.strip('"') for a in line.removeprefix("ExecStart=").split()]
        argv = [a.replace("%i", "baja") for a in argv] + ["--once"]
        env = {**os.environ, "PGPASSFILE": str(server_dir / "admin.pgpass")}
        ran = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        assert ran.returncode == 0 and "verified and anchored" in ran.stdout, ran.stderr
        assert len(list(usb.glob("baja-*.rallydesk"))) == 1
    finally:
        shutil.rmtree(usb, ignore_errors=True)

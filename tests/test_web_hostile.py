"""A hostile-input pass over export --format html -o, publish and serve: argv a careless user or a
malicious push could give them. Each must give a correct result or a one-line refusal, and never
change anything outside the place it was given."""

from __future__ import annotations

import os
import stat

import pytest

from conftest import run_okrtui
from web_helpers import demo_store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return demo_store(tmp_path_factory.mktemp("store") / "okrtui.json")


# -- export --format html -o FILE ----------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_export_html_refuses_an_output_that_is_not_a_regular_file(tmp_path, kind):
    """-o /dev/null, a FIFO, or a link such as /dev/stdout: replacing it by a page (as root, a
    device node in /dev) changes something that is not a page. It is refused and left as it was."""
    from okrtui.store.files import FileRefused
    from okrtui.store.sitefiles import write_page

    out = tmp_path / "out.html"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(out, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers
    else:
        (tmp_path / "precious.txt").write_text("keep")
        out.symlink_to(tmp_path / "precious.txt")
    before = os.lstat(out)
    with pytest.raises(FileRefused, match="not a regular file"):
        write_page(str(out), "<p>page</p>")
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert sorted(os.listdir(tmp_path)) == sorted(["out.html"] + (["precious.txt"] if kind == "link" else []))


def test_export_html_writes_a_new_file_and_replaces_a_regular_one(tmp_path):
    from okrtui.store.sitefiles import write_page

    out = tmp_path / "out.html"
    write_page(str(out), "<p>one</p>")
    write_page(str(out), "<p>two</p>")
    assert out.read_text() == "<p>two</p>" and oct(out.stat().st_mode & 0o777) == "0o644"


def test_export_html_to_a_fifo_is_refused_in_one_line(tmp_path, demo_db):
    out = tmp_path / "okrs.html"
    os.mkfifo(out)
    result = run_okrtui(demo_db, "export", "--format", "html", "-o", str(out))
    assert result.code == 1 and "not a regular file" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1 and stat.S_ISFIFO(os.lstat(out).st_mode)


def test_export_html_to_an_empty_file_name_is_bad_input(demo_db):
    result = run_okrtui(demo_db, "export", "--format", "html", "-o", "")
    assert result.code == 2 and "-o needs a file name" in result.err


# -- publish DIR ---------------------------------------------------------------------------------
@pytest.mark.parametrize("root", ["/", "//", "/."])
def test_publish_refuses_the_file_systems_root(root):
    """`okrtui publish $SITE/` with SITE unset is `publish /`: index.html, kpis/ and periods/ at
    the root of the file system (as root, in a container or CI). Refused before anything is written.
    (No pages here, so the test writes nothing whatever the code does.)"""
    from okrtui.store.files import FileRefused
    from okrtui.store.sitefiles import write_site

    with pytest.raises(FileRefused, match="root of the file system"):
        write_site(root, {})


# -- serve --host ----------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["", " ", "garbage host", "\x1b[31mred", "evil\u202etxt", "http://example.com",
                                  "a:b", "bad-.example", "a..b", "x" * 254, "1.2.3.4/24"])
def test_serve_refuses_a_host_that_is_no_address_in_one_line(demo_db, host):
    """Before: '' listened on every interface and called back "http://:8000"; the others printed
    textual-serve's banner with the text raw (an escape sequence reached the terminal), then
    failed late with "Name or service not known"."""
    result = run_okrtui(demo_db, "serve", "--host", host, "--port", "1")
    assert result.code == 2 and "not an address or a host name" in result.err, result
    assert len(result.err.strip().splitlines()) == 1 and "\x1b" not in result.err and "\u202e" not in result.err
    assert result.out == ""


@pytest.mark.parametrize("host, address", [("127.0.0.1", "127.0.0.1"), ("localhost", "localhost"), ("::1", "::1"),
                                           ("[::1]", "::1"), ("my-host.example.com", "my-host.example.com"), ("my_app", "my_app"),
                                           ("0.0.0.0", "0.0.0.0"), ("[::]", "::"), ("fe80::1%eth0", "fe80::1%eth0")])
def test_serve_takes_addresses_and_host_names(host, address):
    from okrtui.cli.web import host_address

    assert host_address(host) == address


@pytest.mark.parametrize("host, url", [("::1", "http://[::1]:8123"), ("[::1]", "http://[::1]:8123"),
                                       ("2001:db8::5", "http://[2001:db8::5]:8123"), ("127.0.0.1", None), ("myhost", None)])
def test_an_ipv6_host_is_called_back_in_brackets(host, url):
    """textual-serve makes "http://::1:8123", which no browser can open."""
    from okrtui.cli.web import public_url

    assert public_url(host, 8123) == url


# -- okrtui --read-only COMMAND ----------------------------------------------------------------------
@pytest.mark.parametrize("command", [("log", "Web traffic", "5"), ("kr", "add", "1", "More", "--target", "3"),
                                     ("plan", "freeze"), ("undo",), ("objective", "activate", "4")])
def test_read_only_refuses_a_command_that_would_change_the_store(tmp_path, command):
    """`okrtui --read-only log ...` used to write as if the flag were not there: read-only said
    nothing was refused. Now every write is refused in one line and the store keeps its bytes."""
    db = demo_store(tmp_path / "s" / "okrtui.json")
    before = {p.name: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()}
    result = run_okrtui(db, "--read-only", *command)
    assert result.code == 1 and "--read-only" in result.err and len(result.err.strip().splitlines()) == 1, result
    assert {p.name: p.read_bytes() for p in db.parent.rglob("*") if p.is_file()} == before


def test_read_only_still_reads(demo_db):
    for command in (("status",), ("changes", "--json"), ("export", "--format", "md")):
        result = run_okrtui(demo_db, "--read-only", *command)
        assert result.code == 0 and result.out, (command, result)


def test_publish_names_the_page_it_cannot_write(tmp_path, demo_db):
    """A folder where a page goes (kpis/3.html/): the refusal used to name only the site's folder."""
    site = tmp_path / "public"
    (site / "kpis" / "3.html").mkdir(parents=True)
    result = run_okrtui(demo_db, "publish", str(site))
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert f"{site}/kpis/3.html: cannot be written (Is a directory)" in result.err, result.err


def test_publish_refuses_to_replace_a_page_okrtui_did_not_write(tmp_path, demo_db):
    """`okrtui publish docs/` where docs/index.html is the project's own page (GitHub Pages from
    docs/): it used to be replaced without a word. Refused before anything is written; okrtui's
    own pages from an earlier publish are still replaced."""
    site = tmp_path / "docs"
    site.mkdir()
    (site / "index.html").write_text("<h1>Our project</h1>")
    result = run_okrtui(demo_db, "publish", str(site))
    assert result.code == 1 and "index.html is not a page okrtui wrote" in result.err, result
    assert len(result.err.strip().splitlines()) == 1
    assert (site / "index.html").read_text() == "<h1>Our project</h1>" and sorted(os.listdir(site)) == ["index.html"]
    (site / "index.html").unlink()
    assert run_okrtui(demo_db, "publish", str(site)).code == 0
    assert run_okrtui(demo_db, "publish", str(site)).code == 0  # its own pages: replaced

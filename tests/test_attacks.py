"""Bad, broken and hostile input through ``package``, ``add`` and ``build``.

Each kind of bad input must end with ``error: FILE: reason`` naming the file the user gave,
exit code 1 and no traceback, and leave ``sources/``, ``datapackage/`` and ``site/`` exactly
as they were. The kinds are made here, by the test: damaged and mislabelled files of every
format, files that are not budgets, files that would exhaust the machine (under small
limits), hostile sidecars, and files the build must not skip or publish twice.
"""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import zipped
from docx import Document
from openpyxl import Workbook
from reportlab.pdfgen import canvas

from openbudget import cli

GOOD = (
    "巨鹿县财政局2025年部门预算\n\n部门预算收支总表\n\n单位：万元\n\n"
    "收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
    "一、一般公共预算拨款\t10.00\t一、一般公共服务支出\t10.00\n"
    "收入总计\t10.00\t支出总计\t10.00\n"
)


def pdf(draw: Callable[[canvas.Canvas], None] | None = None, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    if draw:
        draw(page)
    else:
        page.drawString(72, 720, "Spring morning")
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_bomb() -> bytes:
    """A small DOCX whose document part unpacks to 40 MB (over a 16 MB limit)."""
    return zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document>" + b" " * 40 * 1024 * 1024 + b"</w:document>",
        }
    )


def far_cell_xlsx() -> bytes:
    """A workbook with one cell at XFD1048576 and a hundred rows: billions of cells claimed."""
    book = Workbook()
    sheet = book.active
    for row in range(1, 101):
        sheet.cell(row=row, column=1, value=f"第{row}行")
    sheet["XFD1048576"] = "far"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def corrupt_zip_header(data: bytes) -> bytes:
    """A ZIP whose first local header claims a version no reader supports."""
    broken = bytearray(data)
    broken[4:6] = (178).to_bytes(2, "little")  # "version needed to extract": 17.8
    central = broken.rfind(b"PK\x01\x02")
    broken[central + 6 : central + 8] = (178).to_bytes(2, "little")
    return bytes(broken)


def office(document: Document | Workbook) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def hidden_sheet_xlsx() -> bytes:
    """The budget's title only on a hidden sheet; the visible one is empty."""
    book = Workbook()
    book.active.append(["巨鹿县财政局2025年部门预算"])
    book.active.sheet_state = "hidden"
    book.create_sheet("空白")
    return office(book)


def formula_xlsx() -> bytes:
    """A workbook written by a program that stores formulas without their results."""
    book = Workbook()
    book.active.append(["巨鹿县财政局2025年部门预算"])
    book.active.append(["合计", "=1+1"])
    return office(book)


def no_pages_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["巨鹿县财政局2025年部门预算"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# (file name, its bytes, words the refusal must use)
FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.txt", lambda: b"", "the file is empty"),
    ("blank.txt", lambda: b"  \n\n \t\n", "the file is empty"),
    ("nul.txt", lambda: b"\x00" * 64, "binary data of an unknown kind"),
    ("png.txt", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "its content is a PNG image"),
    ("gbk.txt", lambda: "预算".encode("gb18030"), "not UTF-8 text"),
    ("poem.txt", lambda: "静夜思\n\n床前明月光。\n".encode(), "not a budget disclosure"),
    ("title.txt", lambda: "巨鹿县财政局2025年部门预算\n".encode(), "holds no budget table"),
    (
        "notice.txt",
        lambda: "某某县人民政府关于某事的通知\n\n某政发〔2025〕3号\n".encode(),
        "notice",
    ),
    ("juesuan.txt", lambda: "巨鹿县财政局2024年度部门决算\n".encode(), "final accounts"),
    ("untitled.txt", lambda: GOOD.split("\n\n", 1)[1].encode(), "which department"),
    ("random.pdf", lambda: b"%PDF-1.4\n" + os.urandom(200), "PDF"),
    ("header.pdf", lambda: b"%PDF-1.7\n", "PDF"),
    ("cut.pdf", lambda: pdf()[:300], "damaged or incomplete"),
    ("locked.pdf", lambda: pdf(encrypt="secret"), "password-protected"),
    ("scan.pdf", lambda: pdf(lambda p: p.rect(72, 500, 400, 200, fill=1)), "OCR"),
    ("poem.pdf", pdf, "not a budget disclosure"),
    ("zip.pdf", lambda: b"PK\x03\x04 not a pdf", "its content is a ZIP"),
    ("jpeg.pdf", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 64, "a JPEG image"),
    (
        "page.pdf",
        lambda: "<html><body><a href='a.pdf'>附件</a></body></html>".encode(),
        "a web page",
    ),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Word 97-2003"),
    ("old.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003"),
    ("odt.odt", lambda: b"PK\x03\x04", "unsupported file type '.odt'"),
    ("photo.jpg", lambda: b"\xff\xd8\xff\xe0", "unsupported file type '.jpg'"),
    ("random.docx", lambda: os.urandom(300), "extension is .docx"),
    ("cut.docx", lambda: b"PK\x03\x04\x14\x00\x00\x00", "damaged or incomplete"),
    (
        "locked.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
        "password-protected",
    ),
    ("oldnamed.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "97-2003"),
    ("slides.docx", lambda: zipped({"ppt/presentation.xml": b"<p/>"}), "PowerPoint"),
    ("sheet.docx", xlsx_bytes, "an Excel workbook (.xlsx)"),
    ("version.xlsx", lambda: corrupt_zip_header(xlsx_bytes()), "damaged or incomplete"),
    ("bomb.docx", docx_bomb, "unpacks to"),
    ("far.xlsx", far_cell_xlsx, "more than the limit"),
    ("big.txt", lambda: ("巨鹿县财政局2025年部门预算\n" * 80_000).encode(), "more than the limit"),
    ("cut.xlsx", lambda: xlsx_bytes()[:500], "damaged or incomplete"),
    ("blank.docx", lambda: office(Document()), "has no text"),
    ("blank.xlsx", lambda: office(Workbook()), "no values in any visible sheet"),
    ("hidden.xlsx", hidden_sheet_xlsx, "no values in any visible sheet"),
    ("formula.xlsx", formula_xlsx, "saved without their results"),
    ("gzip.txt", lambda: gzip.compress(GOOD.encode()), "its content is a gzip archive"),
    ("rar.docx", lambda: b"Rar!\x1a\x07\x00" + bytes(64), "its content is a RAR archive"),
    ("rtf.pdf", lambda: b"{\\rtf1\\ansi budget}", "its content is an RTF document"),
    ("program.pdf", lambda: b"MZ\x90\x00" + bytes(200), "binary data of an unknown kind"),
    ("nopages.pdf", no_pages_pdf, "the PDF has no pages"),
    ("empty.html", lambda: b"<html><body></body></html>", "has no text"),
    (
        "links.html",
        lambda: (
            "<html><head><title>巨鹿县财政局2025年部门预算</title></head><body>"
            "<a href='x.pdf'>巨鹿县财政局2025年部门预算.pdf</a></body></html>".encode()
        ),
        "add those instead",
    ),
]

# (sidecar text, words the refusal must use): the source beside it is a good one.
SIDECARS: list[tuple[str, str]] = [
    ("region_code: [a", "not valid YAML"),
    ("- 河北省\n- 山东省\n", "must be a mapping"),
    ("colour: red\n", "unknown field 'colour'"),
    ("region_code: {a: 1}\n", "field region_code"),
    ("province: [河北省, 山东省]\n", "field province"),
    ("source_url: 2025-01-01\n", "field source_url"),
    ("source_url: javascript:alert(1)\n", "field source_url"),
    ("year: 二〇二五\n", "field year"),
    ("page_count: -3\n", "field page_count"),
    ("document_kind: 决算\n", "field document_kind"),
    ('department_name: "巨鹿县<script>alert(1)</script>"\n', "field department_name"),
    ("other_part: missing.pdf\n", "not a file beside it"),
    ("other_part: ../../etc/passwd\n", "field other_part"),
]
LIMITS = {"OPENBUDGET_MAX_FILE_MB": "1", "OPENBUDGET_MAX_UNPACKED_MB": "16",
          "OPENBUDGET_MAX_CELLS": "100000"}  # fmt: skip


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file under the folders, by path: what must not change."""
    return {
        str(path): path.read_bytes()
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with one good source, its package and a stand-in site, at small limits."""
    monkeypatch.chdir(tmp_path)
    for variable, value in LIMITS.items():
        monkeypatch.setenv(variable, value)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "good.txt").write_text(GOOD, "utf-8")
    assert cli.main(["build", "--no-site", "--jobs", "1"]) == 0
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>the published site</p>", "utf-8")
    return tmp_path


def refused(capsys: pytest.CaptureFixture[str], code: int, name: str, words: str) -> None:
    """Exit 1, one ``error: FILE: reason`` naming the file, the reason's words, no traceback."""
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert lines and name in lines[0], err
    assert words in err, err


@pytest.mark.parametrize(("name", "make", "words"), FILES, ids=[f[0] for f in FILES])
def test_package_refuses(project: Path, capsys, name, make, words) -> None:
    before = snapshot(project / "datapackage")
    (project / name).write_bytes(make())
    code = cli.main(["package", "sources/good.txt", name, "--out", "datapackage", "--jobs", "1"])
    refused(capsys, code, name, words)
    assert snapshot(project / "datapackage") == before


@pytest.mark.parametrize(("name", "make", "words"), FILES, ids=[f[0] for f in FILES])
def test_add_refuses(project: Path, capsys, name, make, words) -> None:
    before = snapshot(project / "sources")
    (project / name).write_bytes(make())
    code = cli.main(["add", name, "--sources", "sources", "--yes", "--url", "https://x.cn/a"])
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}: "), err  # the user's file, not a temporary copy
    assert code == 1 and words in err and "Traceback" not in err, err
    assert snapshot(project / "sources") == before


@pytest.mark.parametrize(("name", "make", "words"), FILES, ids=[f[0] for f in FILES])
def test_build_refuses(project: Path, capsys, name, make, words) -> None:
    (project / "sources" / name).write_bytes(make())
    before = snapshot(project / "sources", project / "datapackage", project / "site")
    refused(capsys, cli.main(["build", "--jobs", "1"]), name, words)
    after = snapshot(project / "sources", project / "datapackage", project / "site")
    assert after == before


@pytest.mark.parametrize(("text", "words"), SIDECARS, ids=[s[1] for s in SIDECARS])
def test_hostile_sidecars_are_refused_by_field(project: Path, capsys, text, words) -> None:
    (project / "sources" / "good.yaml").write_text(text, "utf-8")
    before = snapshot(project / "sources", project / "datapackage", project / "site")
    refused(capsys, cli.main(["build", "--jobs", "1"]), "good.yaml", words)
    assert snapshot(project / "sources", project / "datapackage", project / "site") == before
    code = cli.main(["package", "sources/good.txt", "--out", "datapackage", "--jobs", "1"])
    refused(capsys, code, "good.yaml", words)


def test_the_same_disclosure_twice_is_refused_naming_both(project: Path, capsys) -> None:
    """A second copy (another name, a line added) is not published beside the first."""
    (project / "sources" / "copy.txt").write_text(GOOD + "\n附：无\n", "utf-8")
    before = snapshot(project / "datapackage")
    refused(capsys, cli.main(["build", "--no-site", "--jobs", "1"]), "copy.txt", "good.txt")
    assert snapshot(project / "datapackage") == before


def test_add_finds_a_duplicate_whatever_region_it_is_given(project: Path, capsys) -> None:
    (project / "again.txt").write_text(GOOD + "\n附：无\n", "utf-8")
    args = ["add", "again.txt", "--sources", "sources", "--yes", "--region-code", "110101"]
    code = cli.main(args + ["--province", "北京市", "--region-name", "东城区"])
    refused(capsys, code, "again.txt", "already in")


@pytest.mark.parametrize("name", ["my file", "a:b", "COM1", "line\nbreak", "x" * 120, "../up"])
def test_add_refuses_unsafe_file_names(project: Path, capsys, name: str) -> None:
    (project / "new.txt").write_text(GOOD.replace("财政局", "审计局"), "utf-8")
    before = snapshot(project / "sources")
    code = cli.main(["add", "new.txt", "--sources", "sources", "--yes", "--name", name])
    refused(capsys, code, "new.txt", "--name")
    assert snapshot(project / "sources") == before


def test_a_read_only_output_is_a_message_not_a_traceback(project: Path, capsys) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere; a read-only folder cannot be tested as root")
    (project / "locked").mkdir()
    (project / "locked").chmod(0o500)
    try:
        code = cli.main(["package", "sources/good.txt", "--out", "locked/pkg", "--jobs", "1"])
    finally:
        (project / "locked").chmod(0o700)
    refused(capsys, code, "locked", "Permission denied")


def test_a_name_the_system_refuses_is_a_message(project: Path, capsys) -> None:
    code = cli.main(["package", "sources/good.txt", "--out", "d" * 300, "--jobs", "1"])
    refused(capsys, code, "d" * 40, "too long")


@pytest.mark.parametrize(
    ("errno", "reason"), [(28, "No space left on device"), (30, "Read-only file system")]
)
def test_a_full_or_read_only_disk_is_a_message_and_publishes_nothing(
    project: Path, capsys, monkeypatch, errno: int, reason: str
):
    """Writing fails half-way (as on a full disk, or a read-only mount even root cannot
    write): the old package stays whole and no staging folder is left behind."""
    before = snapshot(project / "datapackage")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno, reason, str(project / "datapackage"))

    monkeypatch.setattr("openbudget.package.assemble", fail)
    code = cli.main(["package", "sources/good.txt", "--out", "datapackage", "--jobs", "1"])
    refused(capsys, code, "datapackage", reason)
    assert snapshot(project / "datapackage") == before
    assert not list(project.glob(".datapackage-*"))


def test_sidecars_declaring_the_same_disclosure_are_refused_before_parsing(
    project: Path, capsys, monkeypatch
) -> None:
    """Two sidecars that say the same department and year stop the build at once."""
    (project / "sources" / "other.txt").write_text(GOOD.replace("财政局", "审计局"), "utf-8")
    for name in ("good", "other"):
        (project / "sources" / f"{name}.yaml").write_text(
            "department_name: 巨鹿县财政局\nyear: 2025\n", "utf-8"
        )

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing may be parsed")

    monkeypatch.setattr("openbudget.parts.parse_each", never)
    before = snapshot(project / "datapackage")
    refused(capsys, cli.main(["build", "--no-site", "--jobs", "1"]), "other.yaml", "good.yaml")
    assert snapshot(project / "datapackage") == before

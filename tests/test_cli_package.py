"""The package command: validated output, determinism, caching and bad input."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SOURCES

from openbudget import cli
from openbudget.package import PackageInvalid, descriptor, descriptor_json, write_package
from openbudget.parse import parse_document

JULU = SOURCES / "2025-julu-renshe.txt"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    """Run each command in a scratch folder so its cache and output stay there."""
    monkeypatch.chdir(tmp_path)


def files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_package_all_sources_is_valid_and_byte_identical(tmp_path):
    sources = sorted(SOURCES.glob("*.txt"))
    assert cli.main(["package", *map(str, sources), "--out", "a", "--jobs", "2"]) == 0
    assert cli.main(["package", *map(str, sources), "--out", "b", "--jobs", "1"]) == 0
    shutil.rmtree("build")  # and once more without the cache
    assert cli.main(["package", *map(str, sources), "--out", "c"]) == 0
    assert files(Path("a")) == files(Path("b")) == files(Path("c"))
    assert "datapackage.json" in files(Path("a"))
    assert "departments/2024-130171-316.zip" in files(Path("a"))


def test_each_department_gets_its_own_valid_package(tmp_path):
    from frictionless import Package

    assert (
        cli.main(["package", str(JULU), str(SOURCES / "2024-haigang-renshe.txt"), "--out", "out"])
        == 0
    )
    with zipfile.ZipFile("out/departments/2025-130529-323.zip") as archive:
        archive.extractall("unzipped")
    folder = tmp_path / "unzipped" / "2025-130529-323"
    assert Package(str(folder / "datapackage.json")).validate().valid
    income = (folder / "income.csv").read_text(encoding="utf-8").splitlines()
    assert len(income) == 18
    assert all(line.startswith("2025-130529-323,") for line in income[1:])


def test_committed_package_is_what_the_sources_produce(tmp_path):
    """datapackage/ in the repository is up to date with sources/ and the parser."""
    for source in SOURCES.iterdir():
        (tmp_path / "sources").mkdir(exist_ok=True)
        shutil.copy(source, tmp_path / "sources" / source.name)
    assert cli.main(["build", "--no-site"]) == 0
    assert files(tmp_path / "datapackage") == files(ROOT / "datapackage")


def test_package_a_file_without_sidecar_infers_what_it_can(tmp_path, capsys):
    shutil.copy(JULU, tmp_path / "download.txt")
    assert cli.main(["package", "download.txt", "--out", "out"]) == 0
    documents = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    # the region is read from the department's name, as a sidecar would give it
    assert documents[1].startswith(
        "2025-130529-323,2025,河北省,邢台市,巨鹿县,130529,323,巨鹿县人力资源和社会保障局,部门预算,"
    )
    assert (tmp_path / "out" / "income.csv").read_text(encoding="utf-8").count("\n") == 18
    assert "wrote out/datapackage.json (1 documents), valid" in capsys.readouterr().out


def test_cache_is_keyed_by_content(tmp_path):
    shutil.copy(JULU, tmp_path / "one.txt")
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    cached = list(Path("build/cache/parse").glob("*.json"))
    assert len(cached) == 1
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    assert list(Path("build/cache/parse").glob("*.json")) == cached
    with open("one.txt", "ab") as handle:
        handle.write("\n附：\n".encode())
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    assert len(list(Path("build/cache/parse").glob("*.json"))) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "its content is a PNG image"),
        ("scan.pdf", b"PK\x03\x04 not a pdf", "extension is .pdf but its content is a ZIP"),
        ("latin1.txt", "预算".encode("gb18030"), "not UTF-8 text"),
        ("novel.txt", "第一章\n\n从前有座山。\n".encode(), "not a budget disclosure"),
        ("budget.doc", b"whatever", "Word 97-2003 (.doc) files cannot be read"),
        ("budget.odt", b"whatever", "unsupported file type '.odt'"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "password-protected",
        ),
        ("cut.docx", b"PK\x03\x04\x14\x00\x00\x00", "damaged or incomplete"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, capsys, name, content, message):
    assert cli.main(["package", str(JULU), "--out", "out"]) == 0
    before = files(tmp_path / "out")
    (tmp_path / name).write_bytes(content)
    assert cli.main(["package", str(JULU), name, "--out", "out"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}: ")
    assert message in err
    assert files(tmp_path / "out") == before


def test_missing_file_is_named(capsys):
    assert cli.main(["package", "nope.txt", "--out", "out"]) == 1
    assert "error: nope.txt: no such file" in capsys.readouterr().err
    assert not Path("out").exists()


def test_an_invalid_package_is_not_published(tmp_path):
    doc = parse_document(JULU)
    doc.records["income"].append(dict(doc.records["income"][0]))  # a duplicate 序号
    with pytest.raises(PackageInvalid, match="primary-key"):
        write_package([doc], tmp_path / "pkg")
    assert not (tmp_path / "pkg").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_sidecar_disagreement_is_warned(tmp_path):
    shutil.copy(JULU, tmp_path / "doc.txt")
    (tmp_path / "doc.yaml").write_text("year: 2024\nregion_code: '130529'\n", encoding="utf-8")
    doc = parse_document(tmp_path / "doc.txt")
    assert doc.document["year"] == 2025
    assert doc.document["document_id"] == "2025-130529-323"
    assert any("year is 2024 in the sidecar but the document says 2025" in w for w in doc.warnings)


def one_page_pdf(draw=None, **options) -> bytes:
    """A one-page PDF drawn with reportlab (text in the Debian CJK font unless ``draw``)."""
    import io

    from pdf_samples import FONT
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, **options)
    if draw is None:
        page.setFont(FONT, 12)
        page.drawString(72, 720, "春眠不觉晓，处处闻啼鸟。")
    else:
        draw(page)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("locked.pdf", lambda: one_page_pdf(encrypt="secret"), "password-protected"),
        ("scan.pdf", lambda: one_page_pdf(lambda p: p.rect(72, 500, 400, 200, fill=1)), "OCR"),
        ("poem.pdf", one_page_pdf, "not a budget disclosure"),
        ("cut.pdf", lambda: one_page_pdf()[:300], "damaged or incomplete"),
    ],
)
def test_bad_pdfs_are_refused_and_nothing_is_written(tmp_path, capsys, name, make, message):
    assert cli.main(["package", str(JULU), "--out", "out"]) == 0
    before = files(tmp_path / "out")
    (tmp_path / name).write_bytes(make())
    assert cli.main(["package", str(JULU), name, "--out", "out"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}: ") and message in err
    assert files(tmp_path / "out") == before


def test_package_and_build_take_every_format_alongside_text(tmp_path):
    """A PDF, a DOCX, an XLSX and an HTML file packaged with text sources; and a sources/
    folder holding a PDF instead of a text extract builds the same records."""
    fixtures = ROOT / "tests" / "fixtures"
    for suffix in ("pdf", "docx", "xlsx", "html"):
        assert (
            cli.main(
                [
                    "package",
                    str(fixtures / f"2025-julu-renshe.{suffix}"),
                    str(SOURCES / "2024-haigang-renshe.txt"),
                    "--out",
                    suffix,
                ]
            )
            == 0
        )
        ids = (tmp_path / suffix / "documents.csv").read_text(encoding="utf-8")
        assert "2025-130529-323" in ids and "2024-130302-323" in ids
    (tmp_path / "sources").mkdir()
    for source in SOURCES.iterdir():
        if not source.name.startswith("2025-julu"):
            shutil.copy(source, tmp_path / "sources" / source.name)
    shutil.copy(fixtures / "2025-julu-renshe.pdf", tmp_path / "sources")
    shutil.copy(SOURCES / "2025-julu-renshe.yaml", tmp_path / "sources")
    assert cli.main(["build", "--no-site"]) == 0
    for table in ("income", "expenditure", "basic_expenditure", "projects", "indicators"):
        built = julu_rows(tmp_path / "datapackage" / f"{table}.csv")
        text = julu_rows(ROOT / "datapackage" / f"{table}.csv")
        # The same rows, but for the page (and a project's region on it).
        assert [
            dict(r, page="", **{"regions": ""} if "regions" in r else {}) for r in built
        ] == text
        assert all(r["page"].isdigit() for r in built)  # 原文第 N 页 for every row


def julu_rows(path: Path) -> list[dict[str, str]]:
    """The 巨鹿 2025 rows of a package CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["document_id"] == "2025-130529-323"]


def entry_file(kind: str = "parse") -> Path:
    """The one cache entry of a kind (``parse``, ``parts``) a single-file package leaves."""
    (entry,) = Path("build/cache", kind).glob("*.json" if kind == "parse" else "*.zip")
    return entry


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "random": lambda data: bytes(range(256)) * 4,
    "empty": lambda data: b"",
}


@pytest.mark.parametrize(
    "damage",
    [
        *(pytest.param(harm, id=name) for name, harm in DAMAGE.items()),
        # valid JSON under the old checksum: a figure edited by hand
        pytest.param(lambda data: data.replace(b'"3502.60"', b'"9999.99"'), id="edited"),
    ],
)
def test_a_damaged_cache_entry_is_parsed_again(tmp_path, capsys, damage):
    shutil.copy(JULU, tmp_path / "one.txt")
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    good = (tmp_path / "out" / "budget_summary.csv").read_bytes()
    entry = entry_file()
    intact = entry.read_bytes()
    assert b'"3502.60"' in intact
    entry.write_bytes(damage(intact))
    shutil.rmtree("build/cache/parts")  # so that the package is made from the parse again
    capsys.readouterr()
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    assert "the cached parse was damaged" in capsys.readouterr().out
    assert (tmp_path / "out" / "budget_summary.csv").read_bytes() == good
    assert b"9999.99" not in (tmp_path / "out" / "budget_summary.csv").read_bytes()
    assert entry.read_bytes() == intact  # and the entry is replaced


@pytest.mark.parametrize(
    "damage",
    [
        *(pytest.param(harm, id=name) for name, harm in DAMAGE.items()),
        pytest.param(lambda data: data[:-100] + bytes(100), id="edited"),
    ],
)
def test_a_damaged_package_part_is_made_again(tmp_path, capsys, damage):
    """A kept per-document part of the package is checked like a parse cache entry."""
    shutil.copy(JULU, tmp_path / "one.txt")
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    good = {path.name: path.read_bytes() for path in (tmp_path / "out").rglob("*.*")}
    entry = entry_file("parts")
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    capsys.readouterr()
    assert cli.main(["package", "one.txt", "--out", "out"]) == 0
    assert "the cached part was damaged" in capsys.readouterr().out
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").rglob("*.*")} == good
    assert entry.read_bytes() == intact


def test_the_cache_key_covers_schema_and_bundled_data(tmp_path, monkeypatch):
    """Editing schema.yaml or a bundled data file gives another parser version."""
    import openbudget
    from openbudget import cache

    package = tmp_path / "openbudget"
    shutil.copytree(Path(openbudget.__file__).parent, package)
    monkeypatch.setattr(cache, "PACKAGE", package)
    before = cache.code_version()
    for name in ("schema.yaml", "data/divisions.csv", "parse.py"):
        target = package / name
        target.write_bytes(target.read_bytes() + b"\n")
        after = cache.code_version()
        assert after != before, name
        before = after


def test_a_text_extract_saved_as_utf16_reads_as_its_utf8_original(tmp_path):
    """Windows Notepad saves "Unicode" as UTF-16 with a byte-order mark."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(JULU, tmp_path / "a" / "julu.txt")
    text = JULU.read_text(encoding="utf-8")
    (tmp_path / "b" / "julu.txt").write_bytes(text.encode("utf-16"))
    assert cli.main(["package", "a/julu.txt", "--out", "out-a"]) == 0
    assert cli.main(["package", "b/julu.txt", "--out", "out-b"]) == 0
    for name in ("budget_summary.csv", "expenditure.csv", "projects.csv"):
        assert (tmp_path / "out-a" / name).read_bytes() == (tmp_path / "out-b" / name).read_bytes()


def test_the_descriptor_text_is_the_descriptor_indented_by_two():
    documents = [parse_document(JULU).document, parse_document(JULU).document | {"year": 2024}]
    for listed in (documents, documents[:1], []):
        expected = json.dumps(descriptor(listed), ensure_ascii=False, indent=2) + "\n"
        assert descriptor_json(listed) == expected

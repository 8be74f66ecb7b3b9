"""Downloads generated at build time: the package zip, the workbooks, per-department JSON and
CSV, the original sources, the data dictionary and the loading examples."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sample_package import HAIGANG, JULU, PINGXIANG, write_parts, write_sample_package

from openbudget.codelists import code_lists
from openbudget.site import render_pages
from openbudget.site.data import SitePackage
from openbudget.site.datapages import EXAMPLES, chinese_descriptions
from openbudget.site.downloads import load_descriptor, resources_of, write_downloads
from openbudget.site.markdown import md_text
from openbudget.zips import ZIP_TIME

ROOT = Path(__file__).resolve().parent.parent
SOURCE = b"%PDF-1.4 sample source\n"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A scratch project: the sample package, one original source with its sidecar, rendered."""
    package = write_sample_package(tmp_path / "datapackage")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "2025-130529-323.pdf").write_bytes(SOURCE)
    (sources / "2025-130529-323.yaml").write_text("year: 2025\n", encoding="utf-8")
    # Rows of paged sources carry the page they are printed on.
    path = package / "expenditure.csv"
    rows = _csv(path)
    for row in rows:
        if row["document_id"] == JULU:
            row["page"] = "7"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    write_parts(package)
    render_pages(package, tmp_path / "docs", node_modules=tmp_path / "none")
    return tmp_path


def key(resource: dict) -> str:
    """Sheet name, JSON key and dictionary anchor of a resource: its CSV file's stem."""
    return Path(resource["path"]).stem


def page_of(document_id: str) -> str:
    """File name of the document's own page."""
    return f"{document_id}.md"


def fields_of(resource: dict) -> list[dict]:
    from openbudget.schema import declared_fields

    return (resource.get("schema") or {}).get("fields") or declared_fields(key(resource))


def descriptor(project: Path) -> dict:
    return json.loads((project / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))


def downloads(project: Path) -> Path:
    return project / "docs" / "downloads"


def whole_zip(project: Path) -> Path:
    return downloads(project) / f"{descriptor(project)['name']}.zip"


def test_workbook_has_a_sheet_per_resource_with_every_row(project: Path) -> None:
    meta = descriptor(project)
    book = load_workbook(downloads(project) / f"{meta['name']}.xlsx")
    resources = meta["resources"]
    assert book.sheetnames == ["说明", *(key(r) for r in resources)]
    for resource in resources:
        sheet = book[key(resource)]
        rows = _csv(project / "datapackage" / resource["path"])
        header = [cell.value for cell in sheet[1]]
        assert header == [f.get("title") or f["name"] for f in fields_of(resource)]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(rows) + 1, key(resource)
    # Amounts are numbers showing the printed decimals; codes stay text.
    sheet = book["expenditure"]
    titles = [cell.value for cell in sheet[1]]
    names = [f["name"] for f in fields_of(next(r for r in resources if key(r) == "expenditure"))]
    printed = _csv(project / "datapackage" / "expenditure.csv")
    for index, row in enumerate(printed, start=2):
        total = sheet.cell(row=index, column=names.index("total") + 1)
        if row["total"]:
            assert isinstance(total.value, (int, float))  # 513.0 reads back as 513
            assert Decimal(str(total.value)) == Decimal(row["total"])
            if re.fullmatch(r"-?\d+\.\d\d", row["total"]):
                assert total.number_format == "0.00"
        else:
            assert total.value is None
        code = sheet.cell(row=index, column=names.index("function_code") + 1).value
        assert code == (row["function_code"] or None)
        assert code is None or isinstance(code, str)
    assert titles[names.index("total")] == "合计"
    about = [row[0].value for row in book["说明"].iter_rows(min_row=2, max_col=1)]
    assert "expenditure" in about


def test_department_workbook_json_and_csv_hold_only_its_rows(project: Path) -> None:
    meta = descriptor(project)
    folder = downloads(project) / "departments" / JULU
    book = load_workbook(folder / f"{JULU}.xlsx")
    data = json.loads((folder / f"{JULU}.json").read_text(encoding="utf-8"))
    assert data["document_id"] == JULU
    assert set(data["resources"]) == {key(r) for r in meta["resources"]}
    part = zipfile.ZipFile(project / "datapackage" / "departments" / f"{JULU}.zip")
    for resource in meta["resources"]:
        own = [
            row
            for row in _csv(project / "datapackage" / resource["path"])
            if row.get("document_id") == JULU
        ]
        if key(resource) in code_lists():  # the codes it prints, as its own package lists them
            text = part.read(f"{JULU}/{resource['path']}").decode("utf-8")
            own = list(csv.DictReader(io.StringIO(text)))
        assert book[key(resource)].max_row == len(own) + 1
        assert len(data["resources"][key(resource)]) == len(own)
        csv_path = folder / resource["path"]
        assert csv_path.is_file() == bool(own)
        if own:
            assert _csv(csv_path) == own
    expenditure = data["resources"]["expenditure"]
    top = next(row for row in expenditure if row["level"] == 0)
    # Amounts as printed (a JSON number would write 3502.6), codes as text, empty as null.
    assert top["total"] == "3502.60" and top["function_code"] is None
    assert top["page"] == 7
    assert next(row for row in expenditure if row["function_code"] == "2080701")["total"] == (
        "1469.00"
    )


def test_package_zip_is_the_whole_valid_package(project: Path, tmp_path: Path) -> None:
    from frictionless import Package

    meta = descriptor(project)
    archive = zipfile.ZipFile(whole_zip(project))
    names = archive.namelist()
    assert names == sorted(names)
    assert all(info.date_time == ZIP_TIME for info in archive.infolist())
    expected = {f"{meta['name']}/{r['path']}" for r in meta["resources"]}
    extra = {"datapackage.json", "README.txt", "CITATION.cff"}
    assert set(names) == expected | {f"{meta['name']}/{name}" for name in extra}
    # What the package is, its licence and how to cite it travel with it.
    readme = archive.read(f"{meta['name']}/README.txt").decode("utf-8")
    assert "CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/" in readme
    assert f"版本 {meta['version']}" in readme
    cff = yaml.safe_load(archive.read(f"{meta['name']}/CITATION.cff"))
    assert cff["cff-version"] == "1.2.0" and cff["version"] == meta["version"]
    assert cff["license"] == "CC-BY-4.0" and cff["type"] == "dataset"
    for resource in meta["resources"]:
        inside = archive.read(f"{meta['name']}/{resource['path']}")
        assert inside == (project / "datapackage" / resource["path"]).read_bytes()
    archive.extractall(tmp_path / "unzipped")
    report = Package(str(tmp_path / "unzipped" / meta["name"] / "datapackage.json")).validate()
    assert report.valid, report.to_summary()


def test_downloads_are_deterministic(project: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    render_pages(project / "datapackage", again, node_modules=tmp_path / "none")

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(downloads(project)) == tree(again / "downloads")


def test_stale_downloads_are_removed(project: Path) -> None:
    stale = downloads(project) / "departments" / "gone" / "gone.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    render_pages(project / "datapackage", project / "docs", node_modules=project / "none")
    assert not stale.exists()


def test_department_page_links_its_downloads_and_source(project: Path) -> None:
    page_dir = project / "docs" / "generated" / "departments"
    text = (page_dir / page_of(JULU)).read_text(encoding="utf-8")
    links = re.findall(r"\]\((\.\./\.\./downloads/[^)]+)\)", text)
    assert f"../../downloads/departments/{JULU}/{JULU}.xlsx" in links
    assert f"../../downloads/departments/{JULU}/{JULU}.json" in links
    assert f"../../downloads/departments/{JULU}/expenditure.csv" in links
    assert "../../downloads/sources/2025-130529-323.pdf" in links
    assert "../../downloads/sources/2025-130529-323.yaml" in links
    for link in links:
        assert (page_dir / link).resolve().is_file(), link
    copied = downloads(project) / "sources" / "2025-130529-323.pdf"
    assert copied.read_bytes() == SOURCE
    assert "原文页码：部门预算支出总表：原文第 7 页。" in text
    # No source file in the project: no source link, the data downloads are still there.
    other = (page_dir / page_of(HAIGANG)).read_text(encoding="utf-8")
    assert "downloads/sources/" not in other
    assert f"downloads/departments/{HAIGANG}/{HAIGANG}.xlsx" in other


def test_dictionary_lists_every_field(project: Path) -> None:
    """Every resource and field, its description in Chinese."""
    text = (project / "docs" / "generated" / "dictionary.md").read_text(encoding="utf-8")
    for resource in descriptor(project)["resources"]:
        assert f"{{#{key(resource)}}}" in text
        section = text.split(f"{{#{key(resource)}}}")[1].split("\n## ")[0]
        for field in fields_of(resource):
            assert f"<code>{md_text(field['name'])}</code>" in section, field["name"]
            assert md_text(field.get("title", "")) in section
            if field.get("unit"):
                assert md_text(field["unit"]) in section
            # Every description in Chinese (data/dictionary_zh.csv): a new field needs one.
            if field.get("description"):
                chinese = chinese_descriptions().get(field["description"])
                assert chinese, f"no Chinese for {field['name']}: {field['description']}"
                assert md_text(chinese) in section
        if resource.get("description"):
            assert md_text(chinese_descriptions()[resource["description"]]) in section


def test_data_page_links_every_download(project: Path) -> None:
    text = (project / "docs" / "generated" / "data.md").read_text(encoding="utf-8")
    name = descriptor(project)["name"]
    assert f"(../downloads/{name}.zip)" in text
    assert f"(../downloads/{name}.xlsx)" in text
    for document_id in (JULU, HAIGANG, PINGXIANG):
        assert f"(../downloads/departments/{document_id}/{document_id}.xlsx)" in text
        assert f"(../downloads/departments/{document_id}/{document_id}.json)" in text
    for heading, language, code, _ in EXAMPLES:
        assert f"### {heading}" in text
        assert f"```{language}\n{code.rstrip()}\n```" in text
    # How to cite: the release's version and day, the licence, the citation file.
    assert "## 如何引用 {#cite}" in text
    assert "《河北省部门预算公开数据（测试样例）》，版本 2026.11.21+00000000，2026-11-21" in text
    assert "[CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/)" in text
    assert "(../downloads/CITATION.cff)" in (text)
    assert (downloads(project) / "CITATION.cff").is_file()
    # …and each department page cites its document.
    page = (project / "docs" / "generated" / "departments" / page_of(JULU)).read_text("utf-8")
    assert f"文件编号 {JULU}。" in page and "- 引用：巨鹿县人力资源和社会保障局：" in page


def _examples(data_page: Path, language: str = "python") -> list[str]:
    text = data_page.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _data_page(tmp_path: Path) -> tuple[Path, str]:
    """The built package's downloads and data page, written under ``tmp_path/docs``; the
    docs folder and the package zip's name."""
    package_dir = ROOT / "datapackage"
    docs = tmp_path / "docs"
    written = write_downloads(SitePackage.load(package_dir), package_dir, docs)
    from openbudget.site.datapages import data_page

    meta = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    page = docs / "generated" / "data.md"
    page.parent.mkdir(parents=True)
    page.write_text(data_page(SitePackage.load(package_dir), meta, written, {}), encoding="utf-8")
    return docs, written.package_zip


def _run_examples(
    docs: Path, zip_name: str, where: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, list[dict[str, object]]]:
    """What the data page's Python examples print, run in the unzipped package, and the
    variables each leaves."""
    with zipfile.ZipFile(docs / "downloads" / zip_name) as archive:
        archive.extractall(where)
    monkeypatch.chdir(where / zip_name.removesuffix(".zip"))
    examples = _examples(docs / "generated" / "data.md")
    assert len(examples) == sum(1 for _, language, _, _ in EXAMPLES if language == "python")
    output = io.StringIO()
    spaces: list[dict[str, object]] = []
    for code in examples:
        spaces.append({})
        with contextlib.redirect_stdout(output):
            exec(compile(code, "<data page example>", "exec"), spaces[-1])
    return output.getvalue(), spaces


def printed_names(duck: dict[str, object]) -> set[str]:
    """The class names DuckDB's example joins to the functional code list."""
    query = "SELECT c.name FROM expenditure e JOIN function_codes c ON c.code = e.function_code"
    return {row[0] for row in duck["con"].sql(query).fetchall()}  # type: ignore[attr-defined]


@pytest.mark.skipif(
    not (ROOT / "datapackage" / "datapackage.json").is_file(), reason="no built datapackage/"
)
def test_loading_examples_run_on_the_built_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("duckdb")
    docs, package_zip = _data_page(tmp_path)
    printed, spaces = _run_examples(docs, package_zip, tmp_path / "run", monkeypatch)
    assert "数据包有效： True" in printed
    # Codes stay text: pandas would read 208 as 208.0 and DuckDB as an integer.
    pandas, duck = spaces[0], spaces[1]
    codes = pandas["expenditure"]["function_code"].dropna()  # type: ignore[index]
    assert "2080701" in set(codes) and all(isinstance(code, str) for code in codes)
    departments = set(pandas["documents"]["department_code"].dropna())  # type: ignore[index]
    assert {"323", "316", "805001"} <= departments
    assert set(pandas["documents"]["region_code"]) >= {"130529", "130171"}  # type: ignore[index]
    # The functional code list names every code the tables print (read by hand: 巨鹿 2025's
    # 2080501 行政单位离退休 under 20805 行政事业单位养老支出).
    expenditure, function_codes = pandas["expenditure"], pandas["function_codes"]  # type: ignore[index]
    printed = expenditure.dropna(subset=["function_code"])
    named = printed.merge(function_codes, how="left", left_on="function_code", right_on="code")
    assert len(named) == len(printed) and named["name"].notna().all()
    listed = function_codes.set_index("code")
    assert listed.loc["2080501", "name"] == "行政单位离退休"
    assert listed.loc["2080501", "parent_code"] == "20805" and listed.loc["2080501", "level"] == 3
    assert listed.loc["20805", "name"] == "行政事业单位养老支出"
    assert "社会保障和就业支出" in printed_names(duck)
    columns = duck["con"].sql("DESCRIBE expenditure").fetchall()  # type: ignore[attr-defined]
    described = {row[0]: row[1] for row in columns}
    assert described["function_code"] == "VARCHAR" and described["unit_code"] == "VARCHAR"


@pytest.mark.skipif(
    not (ROOT / "datapackage" / "datapackage.json").is_file(), reason="no built datapackage/"
)
def test_the_r_example_runs_and_keeps_codes_as_text(tmp_path: Path) -> None:
    """The data page's R example, run by Rscript (readr and dplyr: Debian's r-cran-readr and
    r-cran-dplyr, which `make test` installs) in the unzipped package: codes are text and
    every class of the expenditure table gets its name from the functional code list."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Rscript (make test installs it)")
        pytest.skip("no Rscript here: `make test` installs R with readr and dplyr")
    docs, package_zip = _data_page(tmp_path)
    [example] = _examples(docs / "generated" / "data.md", "r")
    with zipfile.ZipFile(docs / "downloads" / package_zip) as archive:
        archive.extractall(tmp_path / "run")
    checks = """
stopifnot(is.character(expenditure$function_code), is.character(by_class$function_code))
stopifnot(!any(is.na(by_class$name)), nrow(by_class) >= 1)
cat(paste(by_class$function_code, by_class$name, format(by_class$total, nsmall = 2)), sep = "\n")
"""
    script = tmp_path / "example.R"
    script.write_text(example + checks, encoding="utf-8")
    where = tmp_path / "run" / package_zip.removesuffix(".zip")
    run = subprocess.run(
        [rscript, str(script)], cwd=where, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    # 208 社会保障和就业支出 in every document with the table, 201/210/221 in some.
    assert "208 社会保障和就业支出" in run.stdout


def test_a_workbook_is_made_again_only_when_its_rows_change(project: Path, monkeypatch) -> None:
    """Workbooks are the slow downloads: an unchanged one is kept, a changed one is remade
    (and a deleted or hand-edited file is remade too, as its key no longer matches)."""
    from openbudget.site import downloads as module

    made: list[str] = []
    real = module.workbook_bytes

    def counted(sheets, about):
        made.append(about[0][0] if about else "")
        return real(sheets, about)

    monkeypatch.setattr(module, "workbook_bytes", counted)
    before = {p: p.read_bytes() for p in downloads(project).rglob("*.xlsx")}
    render_pages(project / "datapackage", project / "docs", node_modules=project / "none")
    assert made == []
    assert {p: p.read_bytes() for p in downloads(project).rglob("*.xlsx")} == before

    income = project / "datapackage" / "income.csv"
    lines = income.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = next(i for i, line in enumerate(lines) if line.startswith("2025-130529-323,"))
    lines[changed] = lines[changed].replace("3502.60", "3502.61", 1)
    income.write_text("".join(lines), encoding="utf-8")
    write_parts(project / "datapackage")
    render_pages(project / "datapackage", project / "docs", node_modules=project / "none")
    assert len(made) == 2  # the whole package's workbook and 巨鹿 2025's, nothing else
    (gone,) = [p for p in before if "2024-130302" in p.as_posix()]
    gone.unlink()
    render_pages(project / "datapackage", project / "docs", node_modules=project / "none")
    assert gone.read_bytes() == before[gone]


def test_sql_files_keep_codes_as_text_and_amounts_exact(project: Path) -> None:
    """Every resource as Parquet (the 查询 page reads these) and as one SQLite table: a code
    is text (2080701, not a number), an amount is exact (DECIMAL in Parquet, the CSV's text
    in SQLite), an empty cell is NULL, and every row of every CSV is there, in order."""
    import sqlite3

    import duckdb

    package = project / "datapackage"
    parquet = downloads(project) / "parquet"
    database = sqlite3.connect(downloads(project) / "openbudget.sqlite")
    connection = duckdb.connect()
    for resource in resources_of(load_descriptor(package)):
        name, fields = resource.name, resource.field_names
        rows = _csv(package / resource.path)
        as_parquet = connection.execute(
            f"SELECT * FROM read_parquet('{parquet / name}.parquet')"
        ).fetchall()
        as_sqlite = database.execute(f'SELECT * FROM "{name}"').fetchall()
        assert len(as_parquet) == len(as_sqlite) == len(rows), name
        for row, from_parquet, from_sqlite in zip(rows, as_parquet, as_sqlite, strict=True):
            for field, value, stored in zip(fields, from_parquet, from_sqlite, strict=True):
                text = row[field]
                if text == "":
                    assert value is None and stored is None, (name, field)
                elif isinstance(value, Decimal):
                    assert value == Decimal(text) and stored == text, (name, field, text)
                elif isinstance(value, str):
                    assert value == text and stored == text, (name, field, text)
    types = dict(
        connection.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
            f"read_parquet('{parquet}/expenditure.parquet'))"
        ).fetchall()
    )
    assert types["function_code"] == "VARCHAR"
    assert types["total"].startswith("DECIMAL")
    # 巨鹿 2025's 2080701 就业创业服务补助, 1,469.00 万元 in its 部门预算支出总表.
    found = connection.execute(
        f"SELECT function_code, total FROM read_parquet('{parquet}/expenditure.parquet') "
        "WHERE document_id = ? AND function_code = '2080701'",
        [JULU],
    ).fetchone()
    assert found == ("2080701", Decimal("1469.00"))
    assert database.execute(
        "SELECT typeof(function_code), total FROM expenditure "
        "WHERE document_id = ? AND function_code = '2080701'",
        [JULU],
    ).fetchone() == ("text", "1469.00")

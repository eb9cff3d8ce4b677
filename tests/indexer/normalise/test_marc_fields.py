from __future__ import annotations

import pymarc

from indexer.normalise.marc_fields import index_fields
from indexer.read.readers.marc import BLANK_INDICATORS, ReadRecord, plain_field

LEADER = "00000nam a2200000 a 4500"


def test_fields_are_grouped_by_tag_in_record_order_and_a_missing_tag_has_none() -> None:
    first = pymarc.Field("650", BLANK_INDICATORS, [pymarc.Subfield("a", "kissat")])
    second = pymarc.Field("650", BLANK_INDICATORS, [pymarc.Subfield("a", "koirat")])
    title = pymarc.Field("245", BLANK_INDICATORS, [pymarc.Subfield("a", "Lemmikit")])
    fields = index_fields(pymarc.Record(leader=LEADER, fields=[first, title, second]))
    assert fields.get("650") == [first, second]
    assert fields.get_all(("245", "650", "999")) == [title, first, second]
    assert fields.get("999") == []
    assert "999" not in fields.by_tag  # asking does not add the tag


def test_a_read_record_is_indexed_from_its_plain_fields() -> None:
    plain = [plain_field("001", data=" 123 "), plain_field("245", BLANK_INDICATORS, [("a", "Lemmikit")])]
    fields = index_fields(ReadRecord(plain, leader=LEADER))
    assert fields.get("245") == [plain[1]]
    assert fields.control("001") == " 123 "
    assert fields.leader == LEADER

from __future__ import annotations

import pytest
from lxml import etree

from indexer.normalise.onix_elements import Node, child, children, code, codes, own_text, plain_text, value

REFERENCE_NS = "http://ns.editeur.org/onix/3.0/reference"


@pytest.mark.parametrize(
    "xml",
    [
        "<Product><DescriptiveDetail><ProductForm>ED</ProductForm></DescriptiveDetail></Product>",
        "<product><descriptivedetail><b012>ED</b012></descriptivedetail></product>",
        f'<Product xmlns="{REFERENCE_NS}"><DescriptiveDetail><ProductForm>ED</ProductForm>'
        "</DescriptiveDetail></Product>",
        '<o:product xmlns:o="http://ns.editeur.org/onix/3.0/short"><o:descriptivedetail><o:b012> ED '
        "</o:b012></o:descriptivedetail></o:product>",
    ],
)
def test_both_tag_sets_in_any_namespace_read_by_reference_name(xml: str) -> None:
    product = Node(etree.fromstring(xml))
    block = child(product, "DescriptiveDetail")
    assert block is not None
    assert (product.name, block.name, code(block, "ProductForm")) == ("Product", "DescriptiveDetail", "ED")


def test_children_in_document_order_and_missing_ones() -> None:
    product = Node(
        etree.fromstring(
            "<Product><Title><b203>A</b203></Title><TitleDetail/><title><b203>B</b203></title>"
            "<!-- a comment --><Extent/></Product>"
        )
    )
    assert [node.name for node in children(product, "Title", "TitleDetail")] == [
        "Title",
        "TitleDetail",
        "Title",
    ]
    assert [code(node, "TitleText") for node in children(product, "Title")] == ["A", "B"]
    assert (child(product, "Contributor"), code(product, "RecordReference"), codes(product, "Subject")) == (
        None,
        None,
        [],
    )


def test_codes_as_they_stand_and_values_tidied() -> None:
    node = Node(etree.fromstring("<Publisher><PublisherName>  Otava ,\n </PublisherName></Publisher>"))
    assert (code(node, "PublisherName"), value(node, "PublisherName")) == ("Otava ,", "Otava")


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<Text>Plain text,\n  in two lines.</Text>", "Plain text, in two lines."),
        ("<Text>&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second &amp;amp; &lt;i&gt;third&lt;/i&gt;.&lt;/p&gt;"
         "</Text>", "First. Second & third."),
        ("<Text><![CDATA[<p>One</p><p>Two<br>three</p>]]></Text>", "One Two three"),
        ('<Text textformat="05"><p>XHTML <em>inside</em></p><ul><li>a</li><li>b</li></ul></Text>',
         "XHTML inside a b"),
        ("<Text>XIX<![CDATA[<sup>e</sup>]]> siècle</Text>", "XIXe siècle"),
        ("<Text>  </Text>", None),
    ],
)  # fmt: skip
def test_plain_text_of_html_descriptions(xml: str, expected: str | None) -> None:
    assert plain_text(Node(etree.fromstring(xml))) == expected


def test_own_text_includes_nested_text() -> None:
    assert own_text(Node(etree.fromstring("<b>one <i>two</i>\n three</b>"))) == "one two three"


def test_comments_and_processing_instructions_are_not_children_and_unknown_tags_keep_their_name() -> None:
    product = Node(
        etree.fromstring(
            f'<Product xmlns="{REFERENCE_NS}"><!-- a comment --><?pi x?><b012>ED</b012><SalesRights/>'
            "<b012>EB</b012></Product>"
        )
    )
    assert [node.name for node in product.children] == ["ProductForm", "SalesRights", "ProductForm"]
    assert (code(product, "ProductForm"), codes(product, "ProductForm")) == ("ED", ["ED", "EB"])
    assert child(product, "SalesRights") is not None


def test_code_of_an_element_with_markup_is_all_its_text() -> None:
    node = Node(
        etree.fromstring("<TitleElement><TitleText>A <i>b</i><!-- c --> d</TitleText></TitleElement>")
    )
    assert (code(node, "TitleText"), value(node, "TitleText")) == ("A b d", "A b d")

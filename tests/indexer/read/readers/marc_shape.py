"""What tests compare when they hold two ways of building a pymarc field to the same result."""

from __future__ import annotations

import pymarc


def pymarc_shape(field: pymarc.Field) -> tuple[object, ...]:
    """Everything the normaliser and ``as_marc`` can see of one field, down to the classes used."""
    return (
        type(field),
        field.tag,
        field.control_field,
        field.data,
        field.indicators,
        [(type(subfield), *subfield) for subfield in field.subfields],
    )

"""Readers turn bytes in a known format into RawRecord values (or Rejections), one at a time."""

"""The Finna REST API (``/api/v1/search``, ``/api/v1/record``), spoken by the clients of api.finna.fi.

Nothing here searches by itself: a Finna request is translated into this service's own request, query and
filters (:mod:`.request`), searched by the machinery ``/v1/search`` uses, and the answer is written the way
Finna writes it (:mod:`.records`, :mod:`.response`). The README's "Moving from api.finna.fi" says what maps
to what and what is not served.
"""

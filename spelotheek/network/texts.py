"""What the directory's search box matches: a service's words in every language."""

from __future__ import annotations

from spelotheek.content import texts_of
from spelotheek.network.models import Service
from spelotheek.network.rules import search_words

SEARCHED_FIELDS = ("name", "description", "audience")


def refresh_search_text(service: Service) -> None:
    """Set the service's search text from its organisation and translated fields."""
    words = [service.organization.name if service.organization else ""]
    for field in SEARCHED_FIELDS:
        words.extend(texts_of(service, field).values())
    service.search_text = search_words(words)

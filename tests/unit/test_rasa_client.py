"""The Rasa HTTP client: its errors never carry the API token."""

from __future__ import annotations

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaError, redact


def test_redact_masks_the_token_only() -> None:
    assert redact("for url 'http://127.0.0.1:5005/x?token=s3cr3t&y=1'") == (
        "for url 'http://127.0.0.1:5005/x?token=***&y=1'")


def test_an_http_error_from_rasa_carries_no_token() -> None:
    client = RasaClient(url="http://rasa.test", token="s3cr3t-token")
    client._http = httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(500, text="boom")))
    with pytest.raises(httpx.HTTPError) as caught:  # callers' handling is unchanged
        client.tracker("c-1")
    assert isinstance(caught.value, RasaError)
    assert "500" in str(caught.value) and "token=***" in str(caught.value)
    assert "s3cr3t-token" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__

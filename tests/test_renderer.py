from __future__ import annotations

import json
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from articles.api.renderers import ORJSONRenderer


def test_orjson_output_reads_back_as_the_same_data():
    data = {
        "headline": "Zürich “quotes”",
        "n": [1, 2.5, None, True],
        "nested": {"a": "b"},
    }

    assert json.loads(ORJSONRenderer().render(data)) == data


def test_types_orjson_does_not_know_go_through_drf():
    data = {"price": Decimal("1.50"), "msg": gettext_lazy("Yes")}

    ours = ORJSONRenderer().render(data)

    assert json.loads(ours) == json.loads(JSONRenderer().render(data))
    assert json.loads(ours) == {"price": 1.5, "msg": "Yes"}


def test_the_api_answers_json(api_client, published_article):
    response = api_client.get(f"/api/v1/articles/{published_article.slug}/")

    assert response["Content-Type"] == "application/json"
    assert response.json()["credit_line"] == "With files from Reuters"

from __future__ import annotations

from types import SimpleNamespace

import pytest

from articles.text.credit_lines import (
    article_credit_line,
    image_credit_line,
    join_names,
)


def credit(role: str, name: str, short_name: str = ""):
    contributor = SimpleNamespace(name=name, credit_name=short_name or name)
    return SimpleNamespace(role=role, contributor=contributor)


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        (
            [
                credit("provider", "Khabarovsky Krai region government"),
                credit("distributor", "The Associated Press", "AP"),
            ],
            "Khabarovsky Krai region government via AP",
        ),
        (
            [credit("creator", "Jane Doe"), credit("provider", "Reuters")],
            "Jane Doe/Reuters",
        ),
        (
            [
                credit("creator", "Jane Doe"),
                credit("distributor", "The Canadian Press", "CP"),
            ],
            "Jane Doe via CP",
        ),
        (
            [
                credit("creator", "Jane Doe"),
                credit("provider", "NASA"),
                credit("distributor", "Agence France-Presse", "AFP"),
            ],
            "Jane Doe/NASA via AFP",
        ),
        ([credit("distributor", "The Associated Press", "AP")], "AP"),
        (
            [credit("creator", "Jane Doe"), credit("creator", "John Roe")],
            "Jane Doe and John Roe",
        ),
        ([], ""),
    ],
)
def test_image_credit_line(credits, expected):
    assert image_credit_line(credits) == expected


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        ([credit("contributor", "Reuters")], "With files from Reuters"),
        (
            [
                credit("contributor", "The Associated Press", "AP"),
                credit("contributor", "Reuters"),
            ],
            "With files from The Associated Press and Reuters",
        ),
        ([credit("author", "Jane Doe")], "By Jane Doe"),
        (
            [
                credit("author", "Jane Doe"),
                credit("author", "John Roe"),
                credit("contributor", "Reuters"),
            ],
            "By Jane Doe and John Roe. With files from Reuters",
        ),
        ([], ""),
    ],
)
def test_article_credit_line(credits, expected):
    assert article_credit_line(credits) == expected


def test_join_names():
    assert join_names(["A", "B", "C"]) == "A, B and C"


def test_override_wins_over_credits(published_article):
    published_article.credit_line_override = "Staff and wire reports"
    published_article.lead_image.credit_line_override = "Handout"

    assert published_article.credit_line == "Staff and wire reports"
    assert published_article.lead_image.credit_line == "Handout"


def test_credits_keep_their_order(published_article, ap, reuters):
    from articles.models import Credit

    published_article.credits.update(position=2)
    Credit.objects.create(
        article=published_article, contributor=ap, role="contributor", position=1
    )

    assert published_article.credit_line == (
        "With files from The Associated Press and Reuters"
    )

"""Admin logins against brute force (django-axes): a username is locked from
one address after five wrong passwords, for fifteen minutes, without locking
its owner out from anywhere else. Real logins through the admin's own view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

PASSWORD = "correct horse battery staple"  # the superuser fixture's
ATTACKER = "198.51.100.7"
NEWSROOM = "203.0.113.40"
LOCKED = "Too many failed logins"
WRONG = "Please enter the correct username and password"


def log_in(client, username, password, ip=ATTACKER, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def fail(client, times, username="chief", ip=ATTACKER, **headers):
    return [
        log_in(client, username, f"guess {n}", ip, **headers).status_code
        for n in range(times)
    ]


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def desk(django_user_model):
    return django_user_model.objects.create_user(
        "desk", password=PASSWORD, is_staff=True
    )


def test_five_wrong_passwords_lock_the_username_from_that_address(superuser):
    client = Client()

    assert fail(client, 5) == [200, 200, 200, 200, 429]
    refused = log_in(client, "chief", PASSWORD)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert refused["Cache-Control"] == "no-store"
    page = refused.content.decode()
    assert LOCKED in page
    assert "locked for 15 minutes" in page
    assert "Newsroom CMS" in page  # the admin's own page, not a stack trace
    assert "_auth_user_id" not in client.session


def test_the_first_four_failures_just_show_the_form_again(superuser):
    client = Client()

    response = log_in(client, "chief", "not it")

    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_the_lock_is_for_that_username_from_that_address_only(superuser, desk):
    attacker = Client()
    fail(attacker, 5)

    # A colleague in the same office, and the editor from elsewhere, get in.
    assert is_logged_in(log_in(Client(), "desk", PASSWORD, ip=ATTACKER))
    assert is_logged_in(log_in(Client(), "chief", PASSWORD, ip=NEWSROOM))


def test_the_lock_ends_after_the_cool_off_however_often_it_is_tried(superuser):
    client = Client()
    fail(client, 5)
    for _ in range(3):  # tries during the lock do not extend it
        assert log_in(client, "chief", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert log_in(client, "chief", PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=15, seconds=1)
    )
    assert is_logged_in(log_in(client, "chief", PASSWORD))


def test_a_right_password_clears_the_count(superuser):
    client = Client()
    assert fail(client, 4) == [200] * 4
    assert is_logged_in(log_in(client, "chief", PASSWORD))
    client.post("/admin/logout/")

    assert fail(client, 4) == [200] * 4
    assert is_logged_in(log_in(client, "chief", PASSWORD))


def test_an_administrator_can_lift_a_lock(superuser):
    client = Client()
    fail(client, 5)

    call_command("axes_reset_username", "chief")

    assert is_logged_in(log_in(client, "chief", PASSWORD))


def test_behind_the_proxy_the_address_it_forwarded_is_locked(superuser, settings):
    settings.CMS_BEHIND_PROXY = True
    proxy = "10.0.0.2"
    client = Client()
    # What the client wrote itself (left of the proxy's entry) changes nothing.
    statuses = [
        log_in(
            client,
            "chief",
            "guess",
            ip=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().ip_address == ATTACKER

    other = log_in(client, "chief", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=NEWSROOM)
    assert is_logged_in(other)


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape(superuser):
    client = Client()
    fail(client, 5, HTTP_X_FORWARDED_FOR="192.0.2.1")

    forged = log_in(client, "chief", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert forged.status_code == 429

"""Behind the proxy, lockouts and limits follow the client's real address: five wrong
passwords from one person do not lock an official out for everyone else."""

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.addresses import client_address
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "127.0.0.1/32"]


def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(settings, behind_proxy):
    # The client is the right-most address the trusted proxies did not add.
    assert client_address(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from(PROXY, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from(PROXY, "203.0.113.9, 127.0.0.1")) == "203.0.113.9"
    # From anyone else the header is the client's own words: ignored.
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    # A broken header falls back to the proxy itself, never to the forged text.
    assert client_address(request_from(PROXY, "not-an-address")) == PROXY
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from(PROXY, "203.0.113.9")) == PROXY


def log_in(client, username, password=PASSWORD, address="203.0.113.9"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_a_lockout_behind_the_proxy_holds_for_one_client_not_for_everyone(
    settings, behind_proxy, official
):
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "official", "wrong", address="203.0.113.66")
    assert log_in(attacker, "official", address="203.0.113.66").status_code == 429
    # The same official, from their own office computer behind the same proxy.
    assert log_in(colleague, "official", address="198.51.100.20").status_code == 302


def test_many_usernames_tried_from_one_address_pause_that_address(
    settings, behind_proxy, official, manager_a
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    scanner = Client()
    for username in ("ali", "reza", "sara"):
        log_in(scanner, username, "wrong", address="203.0.113.66")
    paused = log_in(scanner, "manager-a", address="203.0.113.66")
    assert paused.status_code == 429 and "مسدود" in paused.text
    assert log_in(Client(), "manager-a", address="198.51.100.20").status_code == 302


def test_password_reset_requests_are_limited_per_address(
    settings, behind_proxy, client, manager_a, run_tasks
):
    settings.PASSWORD_RESET_LIMIT = 2
    ask = lambda address: client.post(  # noqa: E731
        reverse("password_reset"),
        {"email": manager_a.email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )
    assert ask("203.0.113.66").status_code == 302
    assert ask("203.0.113.66").status_code == 302
    refused = ask("203.0.113.66")
    assert refused.status_code == 429
    assert "درخواست‌های بازنشانی گذرواژه از این رایانه بیش از حد مجاز است" in refused.text
    assert ask("198.51.100.20").status_code == 302  # another computer is not affected
    run_tasks()
    assert len(mail.outbox) == 3

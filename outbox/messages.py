"""Emails in Persian, one per recipient, each keyed so that it is written only once."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .backends import KEY_HEADER, delivery_key

EMAIL_LANGUAGE = "fa"


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The subject (on one line) and body of `emails/<template>[_subject].txt`, in Persian."""
    with translation.override(EMAIL_LANGUAGE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}.txt", context)
    return " ".join(subject.split()), body


def send_each(template: str, context: dict, addresses, *key) -> int:
    """One message per address (nobody sees the others' addresses), keyed by `key` and the
    address: running the same task twice writes nothing twice."""
    addresses = sorted(set(addresses))
    if not addresses:
        return 0
    subject, body = render_email(template, context)
    messages = [
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
            headers={KEY_HEADER: delivery_key(*key, address)},
        )
        for address in addresses
    ]
    return get_connection().send_messages(messages)

"""Emails as subject / text / HTML templates, rendered in the clinic's time zone."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


def site_url(name: str, *args) -> str:
    """An absolute link for an email: SITE_URL and the named page."""
    return settings.SITE_URL + reverse(name, args=args)


def send_templated_email(name: str, context: dict, to: list[str], clinic=None) -> None:
    """Render ``emails/<name>_subject.txt``, ``<name>.txt`` and ``<name>.html`` and send them.

    Dates and times in the templates read in the clinic's time zone, in the site's language.
    Errors propagate: callers send inside the transaction that records the email, so a
    failed send leaves nothing recorded and the email is tried again later.
    """
    context = {"site_url": settings.SITE_URL, "clinic": clinic, **context}
    zone = clinic.tzinfo if clinic is not None else timezone.get_default_timezone()
    with translation.override(settings.LANGUAGE_CODE), timezone.override(zone):
        subject = render_to_string(f"emails/{name}_subject.txt", context, using="text")
        text = render_to_string(f"emails/{name}.txt", context, using="text")
        html = render_to_string(f"emails/{name}.html", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=text,
        html_message=html,
        from_email=None,
        recipient_list=to,
    )

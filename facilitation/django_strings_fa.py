"""Strings of Django itself that Django's Persian catalogue leaves untranslated.

They appear in our pages: the admin's error banner, its breadcrumbs, the limits
on inline forms. Listing them here lets `makemessages` keep our Persian for them
in locale/fa/LC_MESSAGES/django.po, which Django merges over its own catalogue.
The admin's JavaScript strings are in locale/fa/LC_MESSAGES/djangojs.po.
Nothing calls this function.
"""

from django.utils.translation import gettext_noop, ngettext


def _django_strings_without_persian():
    gettext_noop("Select this object for an action - {}")
    gettext_noop("Breadcrumbs")
    gettext_noop("Model name")
    ngettext("Please correct the error below.", "Please correct the errors below.", 1)
    gettext_noop(
        "This action will <strong>enable</strong> password-based authentication for this user."
    )
    ngettext("entry", "entries", 1)
    gettext_noop("In case you’ve forgotten, you are:")
    gettext_noop("Enter a valid domain name.")
    # Django's own Persian says «ایمیل»; the forms here say «رایانامه».
    gettext_noop("Enter a valid email address.")
    gettext_noop("Enter a valid %(protocol)s address.")
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s.")
    gettext_noop("Constraint “%(name)s” is violated.")
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice.")
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1)

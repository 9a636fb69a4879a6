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


def _django_admin_strings_corrected():
    """Django's Persian catalogue misspells or garbles these («افزدون», «نداریدو», «… های»).

    Listed here so that `makemessages` keeps them in locale/fa/LC_MESSAGES/django.po,
    whose translations take precedence over Django's own. Nothing calls this function.
    """
    # The title of the "+" beside a foreign key (admin/widgets/related_widget_wrapper.html).
    gettext_noop("Add another %(model)s")
    # The list's delete action: Django's Persian glues «های» to the plural name.
    gettext_noop("Delete selected %(verbose_name_plural)s")
    # The admin's home page: «فعالیتهای اخیر» wants its ZWNJ.
    gettext_noop("Recent actions")
    gettext_noop("My actions")
    # Forms' integer fields: Django's Persian «به طور کامل یک عدد وارد کنید.» reads oddly.
    gettext_noop("Enter a whole number.")
    # The admin's login page, for a user without access to the admin (admin/login.html).
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. "
        "Would you like to login to a different account?"
    )


def _simple_history_strings_without_persian():
    """django-simple-history, which keeps every record's history, has no Persian catalogue.

    Its strings that the admin's history pages show are listed here for our catalogue.
    Nothing calls this function.
    """
    gettext_noop("Change history: %s")
    gettext_noop("View history: %s")
    gettext_noop("Revert %s")
    gettext_noop("View %s")
    gettext_noop("Created")
    gettext_noop("Changed")
    gettext_noop("Deleted")
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    )
    gettext_noop("This object doesn't have a change history.")
    gettext_noop("Press the 'Revert' button below to revert to this version of the object.")
    gettext_noop("You may edit it again below")


def _task_queue_strings_without_persian():
    """django-tasks' database backend names its table in English only. Nothing calls this."""
    gettext_noop("Task Result")
    gettext_noop("Task Results")

"""Every form error in the reader's digits, in the site's forms and the admin's.

Django's own messages are filled in with ASCII digits from their parameters
(«حداکثر 200 کاراکتر», «بزرگتر و یا مساوی 0»), whatever the language. A form's
errors are read one by one from its `ErrorList` — by the templates that loop over
them and by the error list's own rendering, the admin's included — so that is
where their digits become the reader's: Persian in Persian (e-mail and web
addresses inside a message keep theirs), unchanged in English. The errors' data
(`as_data()`, `as_json()`) is left as it is.
"""

from django.forms.utils import ErrorList
from django.utils.safestring import SafeData

from .formatting import text_for_reader

_original_getitem = ErrorList.__getitem__


def error_for_reader(self, index):
    error = _original_getitem(self, index)
    if isinstance(error, str) and not isinstance(error, SafeData):
        return text_for_reader(error)
    return error


def install():
    ErrorList.__getitem__ = error_for_reader

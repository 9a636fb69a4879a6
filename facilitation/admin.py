from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Social affairs of West Azerbaijan: offices, NGOs and reports")
admin.site.site_title = _("Social affairs administration")
admin.site.index_title = _("Administration")

"""/me/data/export/: anyone logged in downloads everything we hold about them (issue 14.2)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ..api import personal_data_response


@login_required
@require_http_methods(["GET", "POST"])
def my_data_export(request):
    """GET: a short page with the button; POST: the ZIP (a POST, so no link prefetch or
    crawler makes one)."""
    if request.method == "POST":
        return personal_data_response(request.user)
    return render(request, "backoffice/my_data_export.html")

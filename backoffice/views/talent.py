"""Back office: searching the talent database by sector, city and words (issue 15.5)."""

from django.shortcuts import render

from candidates.audit import access_record, request_via
from candidates.forms import TalentSearchForm
from candidates.models import AccessAction
from candidates.search import TALENT_COUNT_CAP, TALENT_PAGE_SIZE, talent_search_capped
from core.pagination import page_of

from ..decorators import organiser_required


@organiser_required
def talent_search_view(request):
    """A GET form; an invalid one (unknown sector, too long) shows its errors and no results.
    The people of the page shown are recorded in the access log (one INSERT)."""
    form = TalentSearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        criteria = form.cleaned_data if form.is_bound else {}
        people = talent_search_capped(
            organiser_user=request.user,
            sector=criteria.get("sector"),
            region=criteria.get("region"),
            text=criteria.get("q", ""),
        )
        page = page_of(request, people, TALENT_PAGE_SIZE)
        access_record(
            actor=request.user,
            action=AccessAction.PROFILE_VIEW,
            candidates=list(page.object_list),
            via=request_via(request),
        )
    context = {"form": form, "page": page, "cap": TALENT_COUNT_CAP}
    return render(request, "backoffice/talent/talent_search.html", context)

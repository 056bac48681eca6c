"""Back office: a trip's programme, day by day (add, edit, duplicate, cancel, delete, copy from
an earlier trip). Each view: form validates, one service acts, a domain error becomes a form
error or message."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.documents import document_response
from core.exceptions import ApplicationError
from core.forms import add_domain_error
from itineraries.documents import combined_itinerary_document
from itineraries.forms import ItemForm, ProgrammeCopyForm
from itineraries.selectors import (
    employers_for_programme,
    items_for_trip,
    trips_to_copy_programme_from,
)
from itineraries.services import (
    itinerary_copy_from_trip,
    itinerary_item_cancel,
    itinerary_item_create,
    itinerary_item_delete,
    itinerary_item_duplicate,
    itinerary_item_update,
)

from ..decorators import managed_trip


def _item_or_404(trip, item_id: int):
    item = items_for_trip(trip=trip).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def _to_editor(trip, item=None):
    url = reverse("manage:programme_editor", kwargs={"slug": trip.slug})
    return redirect(f"{url}#item-{item.pk}" if item is not None else url)


@managed_trip
@require_safe
def itineraries_pdf(request, trip):
    """Every participant's itinerary in one PDF, a bookmark per person, to print on the day."""
    prepared = combined_itinerary_document(trip, language=translation.get_language())
    return document_response(request, prepared)


@managed_trip
def programme_editor(request, trip):
    items = list(items_for_trip(trip=trip))
    return render(request, "backoffice/programme/programme.html", {"trip": trip, "items": items})


@managed_trip
def programme_item_add(request, trip):
    form = ItemForm(
        request.POST or None,
        employers=employers_for_programme(trip=trip),
        initial=ItemForm.initial_for_trip(trip),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = itinerary_item_create(trip=trip, actor=request.user, **form.item_fields())
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("“%(title)s” is added to the programme.") % {"title": item.title}
            )
            return _to_editor(trip, item)
    return render(
        request, "backoffice/programme/item_form.html", {"trip": trip, "item": None, "form": form}
    )


@managed_trip
def programme_item_edit(request, trip, item_id: int):
    item = _item_or_404(trip, item_id)
    form = ItemForm(
        request.POST or None,
        employers=employers_for_programme(trip=trip, include_pk=item.employer_id),
        initial=ItemForm.initial_for_item(item),
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changed_item_fields()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return _to_editor(trip, item)
        try:
            item = itinerary_item_update(item=item, actor=request.user, **changes)
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
            return _to_editor(trip, item)
    return render(
        request, "backoffice/programme/item_form.html", {"trip": trip, "item": item, "form": form}
    )


@require_POST
@managed_trip
def programme_item_duplicate(request, trip, item_id: int):
    """Copy an item (e.g. the same lunch on day two), then edit the copy's times."""
    item = _item_or_404(trip, item_id)
    try:
        copy = itinerary_item_duplicate(item=item, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _to_editor(trip, item)
    messages.success(
        request,
        _("This is a copy of “%(title)s”. Change its times and save.") % {"title": item.title},
    )
    return redirect("manage:programme_item_edit", slug=trip.slug, item_id=copy.pk)


def _confirmed_action(request, trip, item_id: int, *, action: str):
    """GET asks for confirmation; POST cancels or deletes."""
    item = _item_or_404(trip, item_id)
    if request.method != "POST":
        context = {"trip": trip, "item": item, "action": action}
        return render(request, "backoffice/programme/item_confirm.html", context)
    try:
        if action == "cancel":
            itinerary_item_cancel(item=item, actor=request.user)
        else:
            itinerary_item_delete(item=item, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _to_editor(trip, item)
    if action == "cancel":
        done = _("“%(title)s” is cancelled. It stays in the programme, marked as cancelled.")
        messages.success(request, done % {"title": item.title})
        return _to_editor(trip, item)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": item.title})
    return _to_editor(trip)


@require_http_methods(["GET", "HEAD", "POST"])
@managed_trip
def programme_item_cancel(request, trip, item_id: int):
    return _confirmed_action(request, trip, item_id, action="cancel")


@require_http_methods(["GET", "HEAD", "POST"])
@managed_trip
def programme_item_delete(request, trip, item_id: int):
    return _confirmed_action(request, trip, item_id, action="delete")


@managed_trip
def programme_copy(request, trip):
    """Copy another trip's programme onto this one, moved to this trip's dates."""
    trips = trips_to_copy_programme_from(trip=trip)
    form = ProgrammeCopyForm(request.POST or None, trips=trips)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            created = itinerary_copy_from_trip(source=source, target=trip, actor=request.user)
        except ApplicationError as error:
            form.add_error(
                None,
                _(
                    "Nothing was copied: an item of “%(source)s” falls outside this trip's "
                    "dates once moved to them."
                )
                % {"source": source.title},
            )
            add_domain_error(form, error)
        else:
            if created:
                done = ngettext(
                    "%(count)d item copied from “%(source)s”.",
                    "%(count)d items copied from “%(source)s”.",
                    len(created),
                )
                messages.success(request, done % {"count": len(created), "source": source.title})
            else:
                messages.info(
                    request,
                    _("“%(source)s” has no items that can be copied.") % {"source": source.title},
                )
            return _to_editor(trip)
    context = {"trip": trip, "form": form, "has_sources": trips.exists()}
    return render(request, "backoffice/programme/programme_copy.html", context)

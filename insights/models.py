"""Reports' own data (issue 13.5): what a trip cost, entered by its organisers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TripCost(models.Model):
    """What a trip cost the organisers (travel, accommodation, activities), for cost per hire
    against the slot revenue."""

    trip = models.OneToOneField("events.Trip", on_delete=models.CASCADE, related_name="cost")
    amount_ore = models.PositiveBigIntegerField(_("cost of the trip (öre)"))
    note = models.CharField(_("what it covers"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trip cost")
        verbose_name_plural = _("trip costs")

    def __str__(self):
        return f"{self.trip}: {self.amount_ore / 100:.2f} kr"

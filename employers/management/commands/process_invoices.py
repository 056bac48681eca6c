"""Invoice work that is due: for cron (e.g. hourly), as a safety net for the deferred tasks."""

from django.core.management.base import BaseCommand

from employers.bookings import invoices_process


class Command(BaseCommand):
    help = (
        "Release invoice bookings still unpaid after their grace period (crediting their "
        "invoices), send the payment reminders that are due, and issue invoices that waited "
        "for billing details. Safe to run again: each is done once."
    )

    def handle(self, *args, **options):
        done = invoices_process()
        self.stdout.write(
            f"Invoices: {done['released']} bookings released, {done['reminded']} reminders "
            f"sent, {done['issued']} invoices issued."
        )

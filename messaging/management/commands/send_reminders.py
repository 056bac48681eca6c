"""`manage.py send_reminders`: every automatic reminder that is due, each sent once. For cron
(every hour is plenty); running it again, or twice at once, sends nothing twice."""

from django.core.management.base import BaseCommand

from messaging.services import reminders_send_due


class Command(BaseCommand):
    help = "Send the automatic reminders that are due (trip in 3 days, waitlist offers)."

    def handle(self, *args, **options):
        for kind, count in reminders_send_due().items():
            self.stdout.write(f"{kind}: {count}")

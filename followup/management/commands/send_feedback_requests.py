"""`manage.py send_feedback_requests`: ask the people of every trip that ended in the last
week for their feedback, once per trip. For cron (daily is plenty); running it again, or
twice at once, asks nobody twice."""

from django.core.management.base import BaseCommand

from followup.outcome_services import feedback_requests_due


class Command(BaseCommand):
    help = "Email the feedback forms of trips that ended in the last week (once per trip)."

    def handle(self, *args, **options):
        self.stdout.write(f"feedback_requests: {feedback_requests_due()}")

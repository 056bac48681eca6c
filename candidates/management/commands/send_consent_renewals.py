"""`manage.py send_consent_renewals`: ask everyone whose consents are older than 24 months to
renew them (one email per person and cycle), and let unrenewed talent-database consents lapse
30 days after the request. For cron, daily; running it again sends nothing twice."""

from django.core.management.base import BaseCommand

from candidates.consents import consent_renewals_send


class Command(BaseCommand):
    help = "Email consent renewal requests (consents older than 24 months); lapse unrenewed ones."

    def handle(self, *args, **options):
        run = consent_renewals_send()
        self.stdout.write(f"renewals asked: {run.asked}")
        self.stdout.write(f"talent-database consents lapsed: {run.lapsed}")

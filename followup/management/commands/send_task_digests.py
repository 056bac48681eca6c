"""`manage.py send_task_digests`: the coordinators' daily email of their due and overdue
tasks, from 07:00 local time, each user at most once a day. For cron beside
`send_reminders` (hourly is plenty); running it again sends nothing twice."""

from django.core.management.base import BaseCommand

from followup.task_services import task_digests_send


class Command(BaseCommand):
    help = "Send the coordinators' daily digest of due and overdue follow-up tasks."

    def handle(self, *args, **options):
        self.stdout.write(f"task digests: {task_digests_send()}")

"""`manage.py apply_retention [--dry-run]`: apply every organisation's retention policy — what
each rule removes, per organisation (backoffice/retention.py). For cron, daily; running it
again changes nothing more. `--dry-run` prints what would go and changes nothing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from backoffice.retention import Due, retention_apply, retention_due


class Command(BaseCommand):
    help = "Delete or anonymise what the organisations' retention policies say must go."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would go; change nothing."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        if dry_run:
            self.stdout.write(_("Dry run: nothing is changed."))
        report = retention_due() if dry_run else retention_apply()
        for due in report:
            self.stdout.write(self._line(due, dry_run=dry_run))
            for label, count in due.items:
                self.stdout.write(f"    {label}: {count}")
        total = sum(due.count for due in report)
        if dry_run:
            self.stdout.write(_("Would go in all: %(n)s") % {"n": total})
        else:
            self.stdout.write(_("Went in all: %(n)s") % {"n": total})

    @staticmethod
    def _line(due: Due, *, dry_run: bool) -> str:
        organisation = due.organisation.name if due.organisation else _("all organisations")
        verb = _("would go") if dry_run else _("went")
        return f"{due.label} — {organisation} ({due.period}): {due.count} {verb}"

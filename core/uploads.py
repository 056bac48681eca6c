"""The one upload handler: files stay in memory, never on disk, and a request carrying more
than UPLOAD_MAX_BYTES of files is refused as soon as that is known — from its Content-Length
before anything is read, otherwise while it is read. core.middleware answers it with 413."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import MemoryFileUploadHandler

# The other fields of an upload form (a profile: a few kilobytes) on top of its files.
FORM_FIELDS_MARGIN = 256 * 1024


class UploadTooLarge(RequestDataTooBig):
    """More than UPLOAD_MAX_BYTES of files in one request."""


class LimitedMemoryUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.UPLOAD_MAX_BYTES + FORM_FIELDS_MARGIN:
            raise UploadTooLarge(f"The request body is {content_length} bytes.")
        self.activated = True  # in memory whatever the size (Django would use a temporary file)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            raise UploadTooLarge(f"More than {settings.UPLOAD_MAX_BYTES} bytes of files.")
        return super().receive_data_chunk(raw_data, start)

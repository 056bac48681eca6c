"""Development email: the console backend, printed as a person reads the message."""

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

# Transfer details that only matter to mail servers.
_SKIPPED_HEADERS = {"content-transfer-encoding", "mime-version", "content-type"}


class EmailBackend(ConsoleEmailBackend):
    """Like Django's console backend, but readable: headers decoded and each text part in
    plain UTF-8. (Django prints the raw message: quoted-printable, where "å" is "=C3=A5" and
    links are broken across lines with "=", so a developer cannot click or read them.)"""

    def write_message(self, message) -> None:
        msg = message.message()
        for name, value in msg.items():
            if name.lower() not in _SKIPPED_HEADERS:
                self.stream.write(f"{name}: {value}\n")
        for part in msg.walk():
            if part.is_multipart():
                continue
            if part.get_content_maintype() == "text":
                self.stream.write(f"\n{part.get_content()}")
            else:
                name = part.get_filename() or part.get_content_type()
                size = len(part.get_payload(decode=True) or b"")
                self.stream.write(f"\n[attachment: {name}, {size} bytes]\n")
        self.stream.write("\n" + "-" * 79 + "\n")

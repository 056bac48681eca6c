"""Development email is printed for a person to read, not for a mail server."""

import io

from django.core.mail import EmailMessage

from core.mail import EmailBackend


def test_console_email_is_readable_with_whole_links():
    link = "http://127.0.0.1:8101/interest/confirm/" + "a" * 90 + "/"
    stream = io.StringIO()
    message = EmailMessage(
        subject="Bekräfta din intresseanmälan – Åre",
        body=f"Hej Åsa Öberg!\n\nBekräfta här: {link}\n",
        to=["asa@example.test"],
    )
    message.attach("faktura.pdf", b"%PDF-1.7 test", "application/pdf")

    EmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: Bekräfta din intresseanmälan – Åre\n" in printed
    assert "Hej Åsa Öberg!" in printed
    assert f"Bekräfta här: {link}\n" in printed  # one line, clickable
    assert "=C3" not in printed and "quoted-printable" not in printed
    assert "[attachment: faktura.pdf, 13 bytes]" in printed

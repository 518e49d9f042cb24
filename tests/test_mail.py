"""Mail goes through a real SMTP client to a local server."""

from __future__ import annotations

from spelotheek import mail


def test_a_message_reaches_the_smtp_server(app, outbox) -> None:
    with app.app_context():
        mail.send("parent@example.test", "Your toy is ready", "Hello", language="fr")
    assert len(outbox.messages) == 1
    message = outbox.messages[0]
    assert message["To"] == "parent@example.test"
    assert message["Content-Language"] == "fr"
    assert message.get_content().strip() == "Hello"


def test_without_a_server_mail_lands_in_the_outbox_folder(app, tmp_path) -> None:
    app.instance_path = str(tmp_path)
    app.config["MAIL_SERVER"] = None
    with app.app_context():
        mail.send("parent@example.test", "Reminder", "Bring the puzzle back")
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert b"Bring the puzzle back" in files[0].read_bytes()

"""Short messages to families by SMS and WhatsApp, beside e-mail: opt-in, quiet hours, STOP."""

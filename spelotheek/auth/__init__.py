"""Staff and family logins: roles, access, passwords, two-step; login.py wires them into the app."""

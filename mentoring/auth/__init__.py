"""Accounts: sign-up, email verification, log-in, password reset, settings, data export and deletion."""

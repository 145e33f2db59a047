"""The coordinator's console: applicants, imports and the audit log."""

"""Email: the outbox every message is written to, and its delivery with retries."""

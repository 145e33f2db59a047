"""The members' board of a program: threads, posts and their moderation."""

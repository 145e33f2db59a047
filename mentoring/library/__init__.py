"""The program's library: resources, training, and conversation starters."""

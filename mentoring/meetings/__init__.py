"""Meetings: sessions of pairs and program events, invites and calendar feeds, agendas and notes."""

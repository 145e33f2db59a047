"""The notifications a person can choose to receive by email; account and security mail always goes."""

NOTIFICATIONS = {
    "requests": ("Mentoring requests and matches",
                 "When someone asks you to mentor them, answers your request, or a match is proposed."),
    "sessions": ("Session invitations and changes",
                 "Calendar invites when a session is scheduled, moved or cancelled."),
    "messages": ("Messages you have not read",
                 "One email when your partner's messages have waited unread for 10 minutes."),
    "announcements": ("Announcements on members' boards",
                      "When the coordinators pin an announcement on the board of a program you take part in."),
    "reminders": ("Session reminders", "A reminder the day before each session."),
    "feedback": ("Feedback and check-ins", "Short forms after sessions and the periodic check-in survey."),
    "program": ("Program news", "Application decisions, program events and the coordinators' weekly digest."),
}

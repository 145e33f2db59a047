"""Accounts, one-time links, the email outbox, rate limits and the audit log."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        email = pw.CharField(unique=True, max_length=254)
        name = pw.CharField(max_length=120)
        password_hash = pw.CharField()
        timezone = pw.CharField(max_length=64)
        email_verified_at = pw.DateTimeField(null=True)
        is_admin = pw.BooleanField(default=False)
        session_key = pw.CharField(max_length=64)
        email_preferences = pw.TextField(default="{}")
        created_at = pw.DateTimeField()
        last_login_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "users"

    class AccountToken(pw.Model):
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        purpose = pw.CharField(max_length=20)
        digest = pw.CharField(unique=True, max_length=64)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "account_token"

    class AuditLog(pw.Model):
        actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        action = pw.CharField(max_length=60)
        target = pw.CharField(max_length=200, default="")
        detail = pw.TextField(default="{}")
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "audit_log"
            indexes = ((("created_at",), False),)

    class OutboxEmail(pw.Model):
        user = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        kind = pw.CharField(max_length=40)
        to_address = pw.CharField(max_length=254)
        to_name = pw.CharField(max_length=200, default="")
        subject = pw.CharField(max_length=300)
        text_body = pw.TextField()
        html_body = pw.TextField()
        message_id = pw.CharField(unique=True, max_length=250)
        state = pw.CharField(max_length=12, default="pending")
        attempts = pw.IntegerField(default=0)
        last_error = pw.TextField(default="")
        created_at = pw.DateTimeField()
        next_attempt_at = pw.DateTimeField()
        claimed_at = pw.DateTimeField(null=True)
        sent_at = pw.DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "outbox_email"
            indexes = ((("state", "next_attempt_at"), False),)

    class RateLimitEvent(pw.Model):
        bucket = pw.CharField(max_length=300)
        at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "rate_limit_event"
            indexes = ((("bucket", "at"), False),)

    db.create_tables([User, AccountToken, AuditLog, OutboxEmail, RateLimitEvent])


def down(migrator, db):
    for table in ("rate_limit_event", "outbox_email", "audit_log", "account_token", "users"):
        migrator.migrate(migrator.drop_table(table))

"""Log-ins kept per browser: a sign_in row for each, named by the session and remember-me cookies, replaces the one
session key of each user, so that logging out ends that log-in on the server. Everyone is logged out once (their
cookies name a session key, not a sign-in)."""
import secrets

import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class SignIn(pw.Model):
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        digest = pw.CharField(max_length=64)
        device = pw.CharField(max_length=80)
        created_at = pw.DateTimeField()
        last_seen_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "sign_in"

    db.create_tables([SignIn])
    migrator.migrate(migrator.drop_column("users", "session_key"))  # SQLite drops it in place: triggers stay


def down(migrator, db):
    class User(pw.Model):
        session_key = pw.CharField(max_length=64)

        class Meta:
            database = db
            table_name = "users"

    db.execute_sql("DROP TABLE sign_in")
    # Not peewee's add_column: on SQLite it rebuilds the table for NOT NULL, which drops 0006's triggers.
    db.execute_sql("ALTER TABLE users ADD COLUMN session_key VARCHAR(64) NOT NULL DEFAULT ''")
    for user in User.select(User.id):
        User.update(session_key=secrets.token_urlsafe(24)).where(User.id == user.id).execute()

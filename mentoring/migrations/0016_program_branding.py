"""A program's branding: its accent colour (#rrggbb, none for the default) and the key its logo's bytes are under."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(migrator.add_column("program", "accent", pw.CharField(max_length=7, null=True)),
                     migrator.add_column("program", "logo_key", pw.CharField(max_length=32, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("program", "logo_key"), migrator.drop_column("program", "accent"))

"""A profile photo for each account: the keys its bytes are kept under in the site's file store, at 256 and 64 px."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(migrator.add_column("users", "photo_key", pw.CharField(max_length=32, null=True)),
                     migrator.add_column("users", "photo_small_key", pw.CharField(max_length=32, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("users", "photo_small_key"), migrator.drop_column("users", "photo_key"))

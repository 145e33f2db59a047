"""Files a pair shares: a row per file (its bytes are in the site's file store under its key)."""
import peewee as pw


def up(migrator, db):
    class User(pw.Model):
        class Meta:
            database = db
            table_name = "users"

    class Pair(pw.Model):
        class Meta:
            database = db
            table_name = "pair"

    class PairFile(pw.Model):
        pair = pw.ForeignKeyField(Pair, on_delete="CASCADE")
        uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
        name = pw.CharField(max_length=255)
        size = pw.BigIntegerField()
        content_type = pw.CharField(max_length=100)
        key = pw.CharField(max_length=32, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "pair_file"
            indexes = ((("pair", "created_at"), False), (("uploaded_by",), False))

    db.create_tables([PairFile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("pair_file"))

"""Files in the program's library: a row for the file of each resource of the file kind (its bytes are in the site's
file store under its key). A table of its own, so the resource table (watched by 0010's triggers) is not rebuilt."""
import peewee as pw


def up(migrator, db):
    class Resource(pw.Model):
        class Meta:
            database = db
            table_name = "resource"

    class ResourceFile(pw.Model):
        resource = pw.ForeignKeyField(Resource, unique=True, on_delete="CASCADE")
        name = pw.CharField(max_length=255)
        size = pw.BigIntegerField()
        content_type = pw.CharField(max_length=100)
        key = pw.CharField(max_length=32, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            database = db
            table_name = "resource_file"

    db.create_tables([ResourceFile])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("resource_file"))

"""A matching run's objective, one of three (most pairs first, the fairest, the highest total), in place of the
yes-or-no "fairest", and what each of the three gives on that run, shown side by side before publishing."""
import peewee as pw


def up(migrator, db):
    migrator.migrate(migrator.add_column("match_run", "objective", pw.CharField(max_length=16, default="most_pairs")),
                     migrator.add_column("match_run", "comparison", pw.TextField(default="{}")))
    db.execute_sql("UPDATE match_run SET objective = 'fairest' WHERE fairest")
    migrator.migrate(migrator.drop_column("match_run", "fairest"))


def down(migrator, db):
    migrator.migrate(migrator.add_column("match_run", "fairest", pw.BooleanField(default=False)))
    db.execute_sql("UPDATE match_run SET fairest = (objective = 'fairest')")
    migrator.migrate(migrator.drop_column("match_run", "comparison"), migrator.drop_column("match_run", "objective"))

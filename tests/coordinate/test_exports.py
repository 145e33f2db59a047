"""The report's CSV files: a cell a spreadsheet would take for a formula is kept as text, in any of its spellings."""
import csv
import io

from conftest import PASSWORD
from support.client import logged_in

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tTab", "\rReturn", '＝HYPERLINK("http://evil.example")', "＋1", "－1",
            "＠SUM(A1)", "﹦1", "﹢1", "﹣1", "﹫SUM(A1)"]


def test_cells_a_spreadsheet_would_take_for_a_formula_are_kept_as_text(app, make_user, make_program, join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    for name in [*FORMULAS, "Plain Name", "Ann = Bob", "1-2"]:
        join(make_user(name=name), program, "mentee")  # stored directly: rows from before, or from other paths
    response = logged_in(app, coordinator, PASSWORD).get(f"/programs/{program.slug}/report/members.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(row["name"] for row in rows) == sorted([f"'{name}" for name in FORMULAS] + ["Plain Name",
                                                                                            "Ann = Bob", "1-2"])

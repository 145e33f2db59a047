"""The people of a program's members' board, as the board's tests meet them."""


def board_members(make_user, make_program, join):
    """A program with its board: Cora coordinates (in Berlin), Max mentors (in Los Angeles), Mia is a mentee (in
    Tokyo), Pia's application waits, and Sam is a stranger; (program, {name: user}, the board's address)."""
    cora = make_user(name="Cora Coordinator", timezone="Europe/Berlin")
    program = make_program(coordinators=[cora])
    people = {"cora": cora, "max": make_user(name="Max Mentor", timezone="America/Los_Angeles"),
              "mia": make_user(name="Mia Mentee", timezone="Asia/Tokyo"), "pia": make_user(name="Pia Pending"),
              "sam": make_user(name="Sam Stranger")}
    join(people["max"], program, "mentor")
    join(people["mia"], program, "mentee")
    join(people["pia"], program, "mentee", state="pending")
    return program, people, f"/programs/{program.slug}/discussions"

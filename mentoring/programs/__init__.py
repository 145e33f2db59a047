"""Programs: their settings and states, coordinators, the program page and applying."""

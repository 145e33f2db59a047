"""The front door: the welcome page, my dashboard, the about page and the health check."""

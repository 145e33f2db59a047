"""Real parts for the tests: an SMTP server, a live web server, a browser, a form-filling client."""

"""`python build.py serve`: a loopback preview that rebuilds on save and reloads the browser."""

"""Results to a school's Learning Record Store as xAPI 2.0 statements (IEEE 9274.1.1).

config.py        where to send and who the statements are about (off by default)
interactions.py  a card as a cmi.interaction definition; responses in xAPI syntax
statements.py    statements derived from the library's records (reviews, attempts, games)
outbox.py        which records were sent; batches, set-aside rejections
client.py        POST/GET /statements over urllib
worker.py        the background thread that sends, with retry and backoff
report.py        a class's answers read back from the LRS, as CSV rows

Headless: never imports Textual (the app starts the worker with its own thread hook).
"""

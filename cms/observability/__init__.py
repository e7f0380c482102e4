"""What the app tells its operators: a request id on every request, response
and log record (request_ids.py), JSON log records (logs.py), and gunicorn's
own log in the same format (gunicorn_logger.py)."""

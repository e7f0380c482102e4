"""What the app tells its operators: the request id (set by
cms/middleware/request_ids.py) on every log record, JSON log records
(logs.py), and gunicorn's own log in the same format (gunicorn_logger.py)."""

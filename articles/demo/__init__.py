"""Demo content for a fresh install: `python manage.py load_demo`."""

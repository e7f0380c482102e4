"""HTTP helpers the app's middleware and views share with the project: who
the client is (client_ip.py) and strong ETags (etags.py)."""

"""The project's middleware and what it is configured with, in the order
MIDDLEWARE runs them: request ids and the access log (request_ids.py), the
Content Security Policy that Django's middleware enforces (csp_policy.py),
read-replica routing (replica_routing.py), ETags and 304s
(conditional_get.py), and the page a locked-out login gets from
django-axes' middleware (login_lockout.py). The app's own middleware (API
throttling, the public response cache) lives in the app."""

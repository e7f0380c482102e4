from __future__ import annotations

import os
from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.urls import reverse

from articles.demo.loader import (
    ensure_demo_members,
    ensure_demo_superuser,
    load_demo_content,
)

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "newsroom-demo"


class Command(BaseCommand):
    help = (
        "Load demo sections, tags, contributors, ten articles (two with French "
        "editions) and ten generated "
        "photos; running it again updates them instead of adding copies. Also "
        f'creates the superuser "{DEMO_USERNAME}" with the password '
        f'"{DEMO_PASSWORD}" (or $DEMO_ADMIN_PASSWORD), and if that user exists '
        "already, makes it a superuser again and resets its password: pass "
        "--no-user on any site whose users matter."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-user",
            action="store_true",
            help=f'Leave users alone: do not create the "{DEMO_USERNAME}" '
            "superuser or reset its password.",
        )
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the development server listens (host:port), for the "
            "admin address printed at the end; `make run` passes its HOST and "
            "PORT.",
        )

    def handle(
        self, *args: object, no_user: bool, address: str, **options: object
    ) -> None:
        summary = load_demo_content()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {summary.articles} articles, "
                f"{summary.images} images, {summary.contributors} contributors."
            )
        )
        if no_user:
            self.stdout.write("Users left alone (--no-user).")
            return
        custom_password = os.environ.get("DEMO_ADMIN_PASSWORD")
        outcome = ensure_demo_superuser(DEMO_USERNAME, custom_password or DEMO_PASSWORD)
        if outcome == "updated":
            # Never silently: this may be someone's real account.
            self.stdout.write(
                self.style.WARNING(
                    f'The existing user "{DEMO_USERNAME}" had another password or '
                    "fewer rights; it is now a superuser with the demo password "
                    "(use --no-user to leave users alone)."
                )
            )
        # A password chosen through the environment stays out of logs.
        shown = (
            "(the value of DEMO_ADMIN_PASSWORD)" if custom_password else DEMO_PASSWORD
        )
        admin_url = f"http://{address}{reverse('admin:index')}"
        self.stdout.write(
            f"Admin: {admin_url}  user: {DEMO_USERNAME}  password: {shown}"
        )
        members = ensure_demo_members(custom_password or DEMO_PASSWORD)
        self.stdout.write(
            f"Also, with the same password: {', '.join(members)} "
            "(a Writer, an Editor and a Photo editor)."
        )

"""The load benchmark's traffic (issue 15.1), for Locust in headless mode; run by bench/load.py,
which seeds the data, writes the fixture these users read (LOAD_FIXTURE) and starts the server.

A realistic mix: anonymous visitors read the trip pages, the trip list API and a trip's feed;
candidates apply once (through the API), then read their dashboard and applications and poll
their calendar feed as calendar apps do (conditionally, with the ETag); employers read the
candidate pack of the trip they booked; organisers review a trip's applicants. A fifth class
requests the trivial view all along, the yardstick every endpoint's latency is divided by.
Requests are named by route ("/trips/[slug]/") so that each endpoint gets one line.
"""

import json
import os
import random
import threading

from locust import HttpUser, between, task

with open(os.environ["LOAD_FIXTURE"], encoding="utf-8") as _file:
    FIXTURE = json.load(_file)

_lock = threading.Lock()
_fresh_candidates = iter(FIXTURE["candidates"])


def _next(iterator):
    with _lock:
        return next(iterator, None)


class Session(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)

    def sign_in(self, person: dict) -> None:
        self.client.cookies.set(FIXTURE["session_cookie"], person["session"])

    def page(self, path: str, name: str) -> None:
        """A signed-in page: sent elsewhere (the login, the two-factor step) is a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.history:
                response.failure(f"redirected to {response.url}")


class Anonymous(Session):
    weight = 4

    @task(4)
    def home(self):
        self.client.get("/", name="/")

    @task(3)
    def trip_list(self):
        self.client.get("/trips/", name="/trips/")

    @task(3)
    def trip_page(self):
        slug = random.choice(FIXTURE["trips"])
        self.client.get(f"/trips/{slug}/", name="/trips/[slug]/")

    @task(2)
    def trips_api(self):
        self.client.get("/api/v1/trips", name="GET /api/v1/trips")

    @task(1)
    def trip_feed(self):
        slug = random.choice(FIXTURE["trips"])
        self.client.get(f"/trips/{slug}/itinerary.ics", name="/trips/[slug]/itinerary.ics")


class Candidate(Session):
    weight = 3

    def on_start(self):
        # Each person applies once, to a trip they are not on yet; more virtual users than
        # people share them, without applying again.
        person = _next(_fresh_candidates)
        self.person = person or random.choice(FIXTURE["candidates"])
        self.sign_in(self.person)
        self.etag = None
        if person:
            self.client.post(
                "/api/v1/me/applications",
                json={
                    "trip": person["apply_to"],
                    "motivation": "Fjällen, jobben och en kortare pendling.",
                    "travelling_from": "Göteborg",
                },
                headers={"Authorization": f"Bearer {person['token']}"},
                name="POST /api/v1/me/applications",
            )

    @task(3)
    def calendar_poll(self):
        headers = {"If-None-Match": self.etag} if self.etag else {}
        with self.client.get(
            self.person["feed"],
            headers=headers,
            name="/calendar/[key].ics",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 304):
                self.etag = response.headers.get("ETag", self.etag)
                response.success()

    @task(2)
    def dashboard(self):
        self.page("/me/", "/me/")

    @task(1)
    def applications_api(self):
        self.client.get(
            "/api/v1/me/applications",
            headers={"Authorization": f"Bearer {self.person['token']}"},
            name="GET /api/v1/me/applications",
        )


class Employer(Session):
    weight = 2

    def on_start(self):
        self.person = random.choice(FIXTURE["employers"])
        self.sign_in(self.person)

    @task(3)
    def pack(self):
        self.page(f"/trips/{self.person['trip']}/pack/", "/trips/[slug]/pack/")

    @task(1)
    def dashboard(self):
        self.page("/employer/", "/employer/")


class Organiser(Session):
    weight = 1

    def on_start(self):
        self.person = random.choice(FIXTURE["organisers"])
        self.sign_in(self.person)

    @task(3)
    def applicants(self):
        self.page(
            f"/manage/trips/{self.person['trip']}/applicants/", "/manage/trips/[slug]/applicants/"
        )

    @task(1)
    def back_office(self):
        self.page("/manage/", "/manage/")


class Trivial(Session):
    weight = 1

    @task
    def trivial(self):
        self.client.get(FIXTURE["trivial"], name="trivial")

"""The project's URLs plus a trivial JSON view, the yardstick other timings are divided by."""

from django.http import JsonResponse
from django.urls import include, path

TRIVIAL_PATH = "/bench/trivial/"


def trivial(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial, name="bench_trivial"),
    path("", include("config.urls")),
]

"""Persian first: the browser's language does not switch the interface; the user's choice does."""

from django.conf import settings


def test_persian_even_when_the_browser_asks_for_english(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "fa"
    assert 'dir="rtl"' in response.text and 'lang="fa"' in response.text


def test_english_when_the_user_chose_it(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/")
    assert response.headers["Content-Language"] == "en"
    assert 'lang="en"' in response.text


def test_unknown_language_in_the_cookie_falls_back_to_persian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/admin/login/").headers["Content-Language"] == "fa"

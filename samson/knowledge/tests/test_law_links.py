"""The page on the legal basis links the laws and documents it cites, in every language."""

import re

import pytest

pytestmark = pytest.mark.django_db

CITED = [
    "https://lovdata.no/",
    "https://lovdata.no/lov/1814-05-17",
    "https://lovdata.no/lov/2018-06-22-83",
    "https://lovdata.no/lov/2008-06-27-71",
    "https://www.regjeringen.no/no/dokumenter/prop.-46-l-20172018/id2593519/",
    "https://www.regjeringen.no/no/dokumenter/"
    "lovkommentar-til-plandelen-av-plan-og-bygningsloven-2022/id2904210/",
]


@pytest.mark.parametrize(
    ("language", "law"),
    [("nb", "kommuneloven"), ("nn", "kommunelova"), ("en", "the Local Government Act")],
)
def test_the_cited_laws_and_documents_are_links(client, language, law):
    html = client.get("/kunnskap/lovgrunnlag/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    links = re.findall(r'<a class="ds-link" href="(https://[^"]+)">', html)
    assert links == CITED, links
    assert f'<a class="ds-link" href="{CITED[2]}">{law} (LOV-2018-06-22-83)</a>' in html

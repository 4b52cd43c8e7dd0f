"""Administrators manage projects, parties and co-facilitators in Django's admin."""


def test_admin_lists_and_edits_projects_and_rounds(client, world):
    client.force_login(world["admin"])
    project, round = world["project_a"], world["round_a"]
    assert client.get("/admin/projects/project/").status_code == 200
    page = client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()
    assert "Prosjekt A" in page and "Kommunen" in page
    rounds = client.get("/admin/projects/round/").content.decode()
    assert round.join_code in rounds


def test_facilitators_cannot_use_the_admin(client, world):
    client.force_login(world["owner_a"])
    reply = client.get("/admin/projects/project/")
    assert reply.status_code == 302
    assert reply["Location"].startswith("/admin/login/")

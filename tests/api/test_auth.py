"""Tokens and roles: who may call what."""

from __future__ import annotations

from cctv_planner.api.auth import ALL_ROLES


def test_health_needs_no_token(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_openapi_document_needs_no_token_and_declares_bearer_auth(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert "/api/cameras/{camera_id}" in spec["paths"]
    assert spec["paths"]["/api/health"]["get"]["security"] == []


def test_every_api_route_declares_its_roles(app):
    undeclared = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api-docs"):
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            undeclared.append(rule.rule)
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            handler = getattr(view_class, method.lower())
            if not hasattr(handler, "cctv_roles"):
                undeclared.append(f"{method} {rule.rule}")
    assert undeclared == []


def test_no_token_is_401(client):
    response = client.get("/api/cameras")
    assert response.status_code == 401
    assert "bearer token" in response.json["message"]


def test_wrong_token_is_401(client, auth):
    auth("viewer")
    response = client.get("/api/cameras", headers={"Authorization": "Bearer not-a-real-token"})
    assert response.status_code == 401


def test_revoked_token_is_401(client, db_session, make_user):
    from cctv_planner.services import accounts

    user, token = make_user("viewer")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    assert accounts.revoke_tokens(db_session, user) == 1
    db_session.commit()
    assert client.get("/api/me", headers=headers).status_code == 401


def test_token_is_stored_only_as_a_hash(db_session, make_user):
    import sqlalchemy as sa

    from cctv_planner.models import ApiToken

    _user, token = make_user("viewer")
    stored = db_session.scalars(sa.select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64


def test_me_reports_roles_and_ward(client, barnet_wards, make_user):
    _user, token = make_user("member", ward_code="E05013630")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json["roles"] == ["member"]
    assert response.json["ward_code"] == "E05013630"


def test_every_role_can_read_the_register(client, auth, barnet_wards):
    for role in ALL_ROLES:
        headers = auth(role.value, ward_code="E05013630" if role.value == "member" else None)
        assert client.get("/api/cameras", headers=headers).status_code == 200, role


def test_member_cannot_create_change_or_delete_register_records(client, auth, barnet_wards):
    manager = auth("cctv_manager")
    site = client.post("/api/sites", headers=manager, json={
        "code": "BO-1", "name": "Burnt Oak Town Centre", "location": {"lon": -0.2615, "lat": 51.6030}}).json
    camera = client.post("/api/cameras", headers=manager, json={
        "asset_number": "BO69", "camera_type": "fixed", "site_id": site["id"]}).json
    member = auth("member", ward_code="E05013630")
    attempts = [
        client.post("/api/cameras", headers=member, json={"asset_number": "X1", "camera_type": "fixed",
                                                           "site_id": site["id"]}),
        client.patch(f"/api/cameras/{camera['id']}", headers=member, json={"make": "Axis"}),
        client.delete(f"/api/cameras/{camera['id']}", headers=member),
        client.post("/api/sites", headers=member, json={"code": "X", "name": "X",
                                                         "location": {"lon": -0.2, "lat": 51.6}}),
        client.patch(f"/api/sites/{site['id']}", headers=member, json={"name": "Y"}),
        client.delete(f"/api/sites/{site['id']}", headers=member),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert "cctv_manager" in attempts[0].json["message"]
    listing = client.get("/api/cameras", headers=manager).json
    assert [(c["asset_number"], c["make"]) for c in listing] == [("BO69", "")]
    sites = client.get("/api/sites", headers=manager).json
    assert [(s["code"], s["name"]) for s in sites] == [("BO-1", "Burnt Oak Town Centre")]


def test_committed_openapi_document_is_current(app):
    """docs/openapi.json is generated (python cli.py openapi write --format json docs/openapi.json)."""
    import json
    from pathlib import Path

    committed = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    with app.app_context():
        generated = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    assert json.loads(json.dumps(generated)) == committed, \
        "the API changed: regenerate with 'python cli.py openapi write --format json docs/openapi.json'"

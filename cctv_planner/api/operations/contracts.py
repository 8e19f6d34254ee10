"""Contractors and contracts, with spend against each contract's cap."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from cctv_planner.api.auth import ALL_ROLES, roles
from cctv_planner.api.common import check_if_match, with_etag
from cctv_planner.api.operations import CONTRACT_EDITORS, FAULT_EDITORS
from cctv_planner.api.operations.schemas import ContractorSchema, ContractQueryArgsSchema, ContractSchema
from cctv_planner.extensions import db
from cctv_planner.models import Contract, Contractor
from cctv_planner.services import contracts
from cctv_planner.services.register import get_or_404

contractors_blp = Blueprint("contractors", __name__, url_prefix="/api/contractors",
                            description="Contractors (maintenance, monitoring, installation, fibre).")
blp = Blueprint("contracts", __name__, url_prefix="/api/contracts",
                description="Contracts: service, dates, value cap, cost code and spend against the cap.")


@contractors_blp.route("")
class Contractors(MethodView):
    @roles(ALL_ROLES)
    @contractors_blp.response(200, ContractorSchema(many=True))
    def get(self):
        """List contractors by name."""
        return db.session.scalars(sa.select(Contractor).order_by(Contractor.name)).all()

    @roles(FAULT_EDITORS)
    @contractors_blp.arguments(ContractorSchema)
    @contractors_blp.response(201, ContractorSchema)
    def post(self, data):
        """Add a contractor (names are unique, 409 otherwise)."""
        contractor = contracts.create_contractor(db.session, data)
        db.session.commit()
        return with_etag("contractor", contractor, 201)


@contractors_blp.route("/<int:contractor_id>")
class ContractorById(MethodView):
    @roles(ALL_ROLES)
    @contractors_blp.response(200, ContractorSchema)
    def get(self, contractor_id):
        """Get a contractor."""
        return with_etag("contractor", get_or_404(db.session, Contractor, contractor_id, "contractor"))

    @roles(FAULT_EDITORS)
    @contractors_blp.arguments(ContractorSchema(partial=True))
    @contractors_blp.response(200, ContractorSchema)
    def patch(self, data, contractor_id):
        """Change a contractor (send If-Match)."""
        contractor = get_or_404(db.session, Contractor, contractor_id, "contractor")
        check_if_match("contractor", contractor)
        contracts.update_contractor(db.session, contractor, data)
        db.session.commit()
        return with_etag("contractor", contractor)

    @roles(FAULT_EDITORS)
    @contractors_blp.response(204)
    def delete(self, contractor_id):
        """Delete a contractor with no contracts or faults (409 otherwise)."""
        contractor = get_or_404(db.session, Contractor, contractor_id, "contractor")
        check_if_match("contractor", contractor)
        contracts.delete_contractor(db.session, contractor)
        db.session.commit()


class _Row(dict):
    """A contract as a dict whose keys also read as attributes (for the ETag and schema)."""

    __getattr__ = dict.__getitem__


def _row(contract: Contract, spent: int) -> _Row:
    body = {key: getattr(contract, key) for key in (
        "id", "contractor_id", "contractor", "reference", "title", "service", "starts_on", "ends_on",
        "value_cap_pence", "cost_code", "version")}
    return _Row({**body, **contracts.spend(contract, spent)})


@blp.route("")
class Contracts(MethodView):
    @roles(ALL_ROLES)
    @blp.arguments(ContractQueryArgsSchema, location="query")
    @blp.response(200, ContractSchema(many=True))
    def get(self, args):
        """List contracts with spend against the cap (the sum of the costs of faults charged to each)."""
        query = sa.select(Contract).order_by(Contract.starts_on, Contract.reference)
        if args.get("contractor_id") is not None:
            query = query.where(Contract.contractor_id == args["contractor_id"])
        if args.get("service") is not None:
            query = query.where(Contract.service == args["service"])
        if args.get("active_on") is not None:
            day = args["active_on"]
            query = query.where(Contract.starts_on <= day,
                                sa.or_(Contract.ends_on.is_(None), Contract.ends_on >= day))
        rows = db.session.scalars(query).unique().all()
        spent = contracts.spend_by_contract(db.session, [c.id for c in rows])
        return [_row(c, spent.get(c.id, 0)) for c in rows]

    @roles(CONTRACT_EDITORS)
    @blp.arguments(ContractSchema)
    @blp.response(201, ContractSchema)
    def post(self, data):
        """Add a contract (references are unique, 409 otherwise). Money in pence."""
        contract = contracts.create_contract(db.session, data)
        db.session.commit()
        return with_etag("contract", _row(contract, 0), 201)


@blp.route("/<int:contract_id>")
class ContractById(MethodView):
    @roles(ALL_ROLES)
    @blp.response(200, ContractSchema)
    def get(self, contract_id):
        """Get a contract with its spend against the cap."""
        contract = get_or_404(db.session, Contract, contract_id, "contract")
        spent = contracts.spend_by_contract(db.session, [contract.id]).get(contract.id, 0)
        return with_etag("contract", _row(contract, spent))

    @roles(CONTRACT_EDITORS)
    @blp.arguments(ContractSchema(partial=True))
    @blp.response(200, ContractSchema)
    def patch(self, data, contract_id):
        """Change a contract (send If-Match)."""
        contract = get_or_404(db.session, Contract, contract_id, "contract")
        check_if_match("contract", contract)
        contracts.update_contract(db.session, contract, data)
        db.session.commit()
        spent = contracts.spend_by_contract(db.session, [contract.id]).get(contract.id, 0)
        return with_etag("contract", _row(contract, spent))

    @roles(CONTRACT_EDITORS)
    @blp.response(204)
    def delete(self, contract_id):
        """Delete a contract no fault is charged to (409 otherwise)."""
        contract = get_or_404(db.session, Contract, contract_id, "contract")
        check_if_match("contract", contract)
        contracts.delete_contract(db.session, contract)
        db.session.commit()

"""Create accounts, audit trail and the camera register.

Revision ID: 1071b504b7c5
Revises:
Create Date: 2026-11-23 19:25:53.368161

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '1071b504b7c5'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('area_committees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('illustrative', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_committees')),
    sa.UniqueConstraint('code', name=op.f('uq_area_committees_code')),
    sa.UniqueConstraint('name', name=op.f('uq_area_committees_name'))
    )
    op.create_table('wards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('area_committee_id', sa.Integer(), nullable=True),
    sa.Column('boundary_geojson', sa.JSON(), nullable=True),
    sa.Column('min_lon', sa.Double(), nullable=True),
    sa.Column('min_lat', sa.Double(), nullable=True),
    sa.Column('max_lon', sa.Double(), nullable=True),
    sa.Column('max_lat', sa.Double(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_committee_id'], ['area_committees.id'], name=op.f('fk_wards_area_committee_id_area_committees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wards')),
    sa.UniqueConstraint('code', name=op.f('uq_wards_code')),
    sa.UniqueConstraint('name', name=op.f('uq_wards_name'))
    )
    with op.batch_alter_table('wards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wards_area_committee_id'), ['area_committee_id'], unique=False)

    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('location_detail', sa.String(length=500), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('easting', sa.Double(), nullable=False),
    sa.Column('northing', sa.Double(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.Enum('town_centre', 'parade', 'station', 'park', 'borough_entrance', 'library', 'estate', 'other', name='site_category', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('owning_service', sa.Enum('community_safety', 'libraries', 'housing', 'highways', 'other', name='owning_service', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('mounting', sa.Enum('column', 'pole', 'wall', 'building', name='mounting', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('power', sa.Enum('mains', 'solar', 'battery', name='power', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('transmission', sa.Enum('fibre', 'wireless', '4g', '5g', 'none', name='transmission', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('wayleave_needed', sa.Boolean(), nullable=False),
    sa.Column('signage_in_place', sa.Boolean(), nullable=False),
    sa.Column('connected_to_control_room', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'active', 'decommissioned', name='site_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], name=op.f('fk_sites_ward_id_wards'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_category'), ['category'], unique=False)
        batch_op.create_index('ix_sites_easting_northing', ['easting', 'northing'], unique=False)
        batch_op.create_index('ix_sites_lon_lat', ['lon', 'lat'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_transmission'), ['transmission'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_ward_id'), ['ward_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('ward_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ward_id'], ['wards.id'], name=op.f('fk_users_ward_id_wards'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_ward_id'), ['ward_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('cameras',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_number', sa.String(length=32), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('camera_type', sa.Enum('fixed', 'ptz', 'multi_sensor', 'dome', 'anpr', 'redeployable', name='camera_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('make', sa.String(length=100), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('serial_number', sa.String(length=100), nullable=False),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('bearing_deg', sa.Double(), nullable=True),
    sa.Column('field_of_view_deg', sa.Double(), nullable=True),
    sa.Column('range_m', sa.Double(), nullable=True),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('recording_location', sa.String(length=200), nullable=False),
    sa.Column('frames_per_second', sa.Integer(), nullable=False),
    sa.Column('automated_processing', sa.Enum('none', 'anpr', 'analytics', 'biometrics', name='automated_processing', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('operational', 'defective', 'offline', 'in_store', 'decommissioned', name='camera_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('bearing_deg IS NULL OR (bearing_deg >= 0 AND bearing_deg < 360)', name=op.f('ck_cameras_bearing')),
    sa.CheckConstraint('field_of_view_deg IS NULL OR (field_of_view_deg > 0 AND field_of_view_deg <= 360)', name=op.f('ck_cameras_fov')),
    sa.CheckConstraint('frames_per_second > 0', name=op.f('ck_cameras_fps')),
    sa.CheckConstraint('range_m IS NULL OR range_m > 0', name=op.f('ck_cameras_range')),
    sa.CheckConstraint('retention_days > 0', name=op.f('ck_cameras_retention')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_cameras_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cameras')),
    sa.UniqueConstraint('asset_number', name=op.f('uq_cameras_asset_number'))
    )
    with op.batch_alter_table('cameras', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cameras_camera_type'), ['camera_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_cameras_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cameras_status'), ['status'], unique=False)

    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'cctv_manager', 'cst_officer', 'dpo', 'member', 'area_committee', 'finance', 'viewer', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )
    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('easting', sa.Double(), nullable=True),
    sa.Column('northing', sa.Double(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_deployments_dates')),
    sa.CheckConstraint('site_id IS NOT NULL OR (lon IS NOT NULL AND lat IS NOT NULL)', name=op.f('ck_deployments_place')),
    sa.ForeignKeyConstraint(['camera_id'], ['cameras.id'], name=op.f('fk_deployments_camera_id_cameras'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_deployments_site_id_sites'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deployments'))
    )
    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deployments_camera_id'), ['camera_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deployments_site_id'), ['site_id'], unique=False)




def downgrade():

    with op.batch_alter_table('deployments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deployments_site_id'))
        batch_op.drop_index(batch_op.f('ix_deployments_camera_id'))

    op.drop_table('deployments')
    op.drop_table('user_roles')
    with op.batch_alter_table('cameras', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cameras_status'))
        batch_op.drop_index(batch_op.f('ix_cameras_site_id'))
        batch_op.drop_index(batch_op.f('ix_cameras_camera_type'))

    op.drop_table('cameras')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_occurred_at'))
        batch_op.drop_index('ix_audit_entries_entity')

    op.drop_table('audit_entries')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_ward_id'))

    op.drop_table('users')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_ward_id'))
        batch_op.drop_index(batch_op.f('ix_sites_transmission'))
        batch_op.drop_index(batch_op.f('ix_sites_status'))
        batch_op.drop_index('ix_sites_lon_lat')
        batch_op.drop_index('ix_sites_easting_northing')
        batch_op.drop_index(batch_op.f('ix_sites_category'))

    op.drop_table('sites')
    with op.batch_alter_table('wards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wards_area_committee_id'))

    op.drop_table('wards')
    op.drop_table('area_committees')


import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes } from 'sequelize';
import { controlDatabase } from '../database.ts';

// Control database models that govern the partner API: each tenant's token and version policy,
// the identity providers a tenant trusts, and the lifecycle of each API version.

export class TenantApiPolicy extends Model<InferAttributes<TenantApiPolicy>, InferCreationAttributes<TenantApiPolicy>> {
  declare tenantId: string;
  declare tokenLifetimeSeconds: number | null;
  declare pinnedVersion: string | null;
  declare forbiddenVersions: CreationOptional<string[]>;
  declare updatedAt: CreationOptional<Date>;
}

export class TenantIdentityProvider extends Model<InferAttributes<TenantIdentityProvider>, InferCreationAttributes<TenantIdentityProvider>> {
  declare id: string;
  declare tenantId: string;
  declare issuer: string;
  declare audience: string;
  declare clientClaim: CreationOptional<string>;
  declare scopeClaim: CreationOptional<string>;
  // A value of the provider's scope claim, mapped to the scopes of this API it grants.
  declare scopeMap: CreationOptional<Record<string, string[]>>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare createdAt: CreationOptional<Date>;
}

export type ApiVersionStatus = 'beta' | 'current' | 'deprecated' | 'retired';

export class ApiVersionRecord extends Model<InferAttributes<ApiVersionRecord>, InferCreationAttributes<ApiVersionRecord>> {
  declare version: string;
  declare status: ApiVersionStatus;
  declare releasedAt: Date;
  declare deprecatedAt: Date | null;
  declare sunsetAt: Date | null;
  declare successor: string | null;
}

let defined = false;

function define(): void {
  const sequelize = controlDatabase();
  const options = (tableName: string) => ({ sequelize, tableName, underscored: true, timestamps: false });

  TenantApiPolicy.init({
    tenantId: { type: DataTypes.UUID, primaryKey: true },
    tokenLifetimeSeconds: DataTypes.INTEGER,
    pinnedVersion: DataTypes.TEXT,
    forbiddenVersions: { type: DataTypes.ARRAY(DataTypes.TEXT), defaultValue: [] },
    updatedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, options('tenant_api_policies'));

  TenantIdentityProvider.init({
    id: { type: DataTypes.UUID, primaryKey: true },
    tenantId: DataTypes.UUID,
    issuer: DataTypes.TEXT,
    audience: DataTypes.TEXT,
    clientClaim: { type: DataTypes.TEXT, defaultValue: 'azp' },
    scopeClaim: { type: DataTypes.TEXT, defaultValue: 'scope' },
    scopeMap: { type: DataTypes.JSONB, defaultValue: {} },
    status: { type: DataTypes.TEXT, defaultValue: 'active' },
    createdAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  }, options('tenant_identity_providers'));

  ApiVersionRecord.init({
    version: { type: DataTypes.TEXT, primaryKey: true },
    status: DataTypes.TEXT,
    releasedAt: DataTypes.DATE,
    deprecatedAt: DataTypes.DATE,
    sunsetAt: DataTypes.DATE,
    successor: DataTypes.TEXT,
  }, options('api_versions'));
}

// Binds the API policy models to the control database once per process, and returns them.
export function apiPolicyModels() {
  if (!defined) {
    define();
    defined = true;
  }
  return { TenantApiPolicy, TenantIdentityProvider, ApiVersionRecord };
}

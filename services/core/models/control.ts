import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type CreationOptional, type Sequelize } from 'sequelize';
import { controlDatabase } from '../database.ts';

// Models of the control database: tenants, portal users and their roles, API clients, signing keys
// and the control audit log. It holds no business data.

export class Tenant extends Model<InferAttributes<Tenant>, InferCreationAttributes<Tenant>> {
  declare id: string;
  declare slug: string;
  declare name: string;
  declare region: string;
  declare plan: CreationOptional<string>;
  declare apiTier: CreationOptional<string>;
  declare status: CreationOptional<'active' | 'suspended'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AdminUser extends Model<InferAttributes<AdminUser>, InferCreationAttributes<AdminUser>> {
  declare id: string;
  declare email: string;
  declare name: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
}

export type Role = 'platform-admin' | 'tenant-admin' | 'tenant-viewer';

export class Membership extends Model<InferAttributes<Membership>, InferCreationAttributes<Membership>> {
  declare id: string;
  declare userId: string;
  declare tenantId: string | null;
  declare role: Role;
  declare createdAt: CreationOptional<Date>;
}

export class ApiClient extends Model<InferAttributes<ApiClient>, InferCreationAttributes<ApiClient>> {
  declare id: string;
  declare clientId: string;
  declare tenantId: string;
  declare name: string;
  declare secretHash: string;
  // The secret being replaced during a rotation; it is accepted until previousSecretExpiresAt.
  declare previousSecretHash: CreationOptional<string | null>;
  declare previousSecretExpiresAt: CreationOptional<Date | null>;
  // Public keys (JWKs) of a client that authenticates with private_key_jwt.
  declare publicJwks: CreationOptional<Record<string, unknown>[] | null>;
  declare scopes: string[];
  declare tier: CreationOptional<string>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SigningKey extends Model<InferAttributes<SigningKey>, InferCreationAttributes<SigningKey>> {
  declare kid: string;
  declare alg: string;
  declare publicJwk: Record<string, unknown>;
  declare privateKeyEncrypted: string;
  declare status: CreationOptional<'active' | 'retiring' | 'retired'>;
  declare createdAt: CreationOptional<Date>;
  declare retireAfter: Date | null;
}

export class ControlAuditRecord extends Model<InferAttributes<ControlAuditRecord>, InferCreationAttributes<ControlAuditRecord>> {
  declare id: CreationOptional<number>;
  declare actor: string;
  declare action: string;
  declare objectType: string;
  declare objectId: string;
  declare tenantId: string | null;
  declare before: unknown;
  declare after: unknown;
  declare requestId: string | null;
  declare at: CreationOptional<Date>;
}

// Fresh attribute objects per call: Sequelize writes the column name into each definition.
const createdAt = () => ({ type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW });
const timestamps = () => ({ createdAt: createdAt(), updatedAt: createdAt() });

function define(sequelize: Sequelize): void {
  const options = (tableName: string) => ({ sequelize, tableName, underscored: true, timestamps: false });

  Tenant.init({
    id: { type: DataTypes.UUID, primaryKey: true },
    slug: DataTypes.TEXT,
    name: DataTypes.TEXT,
    region: DataTypes.TEXT,
    plan: { type: DataTypes.TEXT, defaultValue: 'standard' },
    apiTier: { type: DataTypes.TEXT, defaultValue: 'standard' },
    status: { type: DataTypes.TEXT, defaultValue: 'active' },
    ...timestamps(),
  }, options('tenants'));

  AdminUser.init({
    id: { type: DataTypes.UUID, primaryKey: true },
    email: DataTypes.TEXT,
    name: { type: DataTypes.TEXT, defaultValue: '' },
    createdAt: createdAt(),
  }, options('admin_users'));

  Membership.init({
    id: { type: DataTypes.UUID, primaryKey: true },
    userId: DataTypes.UUID,
    tenantId: DataTypes.UUID,
    role: DataTypes.TEXT,
    createdAt: createdAt(),
  }, options('memberships'));

  ApiClient.init({
    id: { type: DataTypes.UUID, primaryKey: true },
    clientId: DataTypes.TEXT,
    tenantId: DataTypes.UUID,
    name: DataTypes.TEXT,
    secretHash: DataTypes.TEXT,
    previousSecretHash: DataTypes.TEXT,
    previousSecretExpiresAt: DataTypes.DATE,
    publicJwks: DataTypes.JSONB,
    scopes: DataTypes.ARRAY(DataTypes.TEXT),
    tier: { type: DataTypes.TEXT, defaultValue: 'standard' },
    status: { type: DataTypes.TEXT, defaultValue: 'active' },
    ...timestamps(),
  }, options('api_clients'));

  SigningKey.init({
    kid: { type: DataTypes.TEXT, primaryKey: true },
    alg: DataTypes.TEXT,
    publicJwk: DataTypes.JSONB,
    privateKeyEncrypted: DataTypes.TEXT,
    status: { type: DataTypes.TEXT, defaultValue: 'active' },
    createdAt: createdAt(),
    retireAfter: DataTypes.DATE,
  }, options('signing_keys'));

  ControlAuditRecord.init({
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    actor: DataTypes.TEXT,
    action: DataTypes.TEXT,
    objectType: DataTypes.TEXT,
    objectId: DataTypes.TEXT,
    tenantId: DataTypes.UUID,
    before: DataTypes.JSONB,
    after: DataTypes.JSONB,
    requestId: DataTypes.TEXT,
    at: { type: DataTypes.DATE, defaultValue: DataTypes.NOW },
  }, options('audit_log'));
}

let defined = false;

// Binds the control models to the control database once per process, and returns them.
export function controlModels() {
  if (!defined) {
    define(controlDatabase());
    defined = true;
  }
  return { Tenant, AdminUser, Membership, ApiClient, SigningKey, ControlAuditRecord };
}

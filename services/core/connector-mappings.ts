import jsonata from 'jsonata';
import { QueryTypes } from 'sequelize';
import { controlDatabase } from './database.ts';

// Versioned JSONata field mappings of connectors: compiling and checking an expression, running
// it against a sample payload within time and depth limits, and storing each saved version.
// NOTE: this lives in services/core until the connectors offer a mapping module. The workflow
// steps do not apply these mappings yet, so a saved mapping changes nothing in a run.

export const MAX_EXPRESSION_LENGTH = 20_000;
export const MAX_SAMPLE_LENGTH = 65_536;
/** Maximum time an evaluation may run, in milliseconds, before JSONata stops it. */
const EVALUATION_TIMEOUT_MS = 500;
/** Deepest nesting of evaluation frames, which stops runaway recursion. */
const MAX_EVALUATION_DEPTH = 200;
/** Maximum length of a sequence an evaluation may build. */
const MAX_SEQUENCE_LENGTH = 100_000;

export class MappingExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingExpressionError';
  }
}

interface JsonataFailure {
  message?: string;
  position?: number;
  code?: string;
}

function describeFailure(error: unknown): string {
  const failure = error as JsonataFailure;
  const where = typeof failure.position === 'number' ? ` at character ${failure.position}` : '';
  return `${failure.message ?? String(error)}${where}${failure.code ? ` (JSONata ${failure.code})` : ''}`;
}

// Compiles the expression or throws MappingExpressionError with JSONata's reason and position.
// JSONata (2.2 and later) stops an evaluation that runs too long, nests too deep or builds too
// long a sequence, so a looping expression cannot hold the process.
export function compileMapping(expression: string): jsonata.Expression {
  try {
    return jsonata(expression, { timeout: EVALUATION_TIMEOUT_MS, stack: MAX_EVALUATION_DEPTH, sequence: MAX_SEQUENCE_LENGTH });
  } catch (error) {
    throw new MappingExpressionError(`The expression is invalid: ${describeFailure(error)}.`);
  }
}

// JSONata's codes for the limits above, with what the admin should change.
const LIMIT_MESSAGES: Record<string, string> = {
  D1011: `The expression nests deeper than ${MAX_EVALUATION_DEPTH} levels; simplify its recursion.`,
  D1012: `The expression ran longer than ${EVALUATION_TIMEOUT_MS} ms on the sample; simplify it.`,
  D2015: `The expression built a sequence longer than ${MAX_SEQUENCE_LENGTH} items; filter earlier.`,
};

// Runs the expression on a payload and returns its result, or throws MappingExpressionError.
export async function evaluateMapping(expression: string, payload: unknown): Promise<unknown> {
  const compiled = compileMapping(expression);
  try {
    return await compiled.evaluate(payload);
  } catch (error) {
    const limit = LIMIT_MESSAGES[(error as JsonataFailure).code ?? ''];
    throw new MappingExpressionError(limit ?? `The expression failed on the sample: ${describeFailure(error)}.`);
  }
}

export interface MappingVersion {
  version: number;
  expression: string;
  sample: string | null;
  createdBy: string;
  createdAt: Date;
}

export async function listMappingVersions(tenantId: string, connectorId: string): Promise<MappingVersion[]> {
  return controlDatabase().query<MappingVersion>(
    `SELECT version, expression, sample, created_by AS "createdBy", created_at AS "createdAt" FROM connector_mappings
     WHERE tenant_id = :tenantId AND connector_id = :connectorId ORDER BY version DESC LIMIT 50`,
    { replacements: { tenantId, connectorId }, type: QueryTypes.SELECT },
  );
}

// Stores the expression as the next version. The primary key rejects a concurrent save of the
// same version, so two admins cannot both write version n.
export async function saveMappingVersion(tenantId: string, connectorId: string, expression: string, sample: string | null, createdBy: string): Promise<number> {
  compileMapping(expression);
  const [row] = await controlDatabase().query<{ version: number }>(
    `INSERT INTO connector_mappings (tenant_id, connector_id, version, expression, sample, created_by)
     SELECT :tenantId, :connectorId, COALESCE(max(version), 0) + 1, :expression, :sample, :createdBy
     FROM connector_mappings WHERE tenant_id = :tenantId AND connector_id = :connectorId
     RETURNING version`,
    { replacements: { tenantId, connectorId, expression, sample, createdBy }, type: QueryTypes.SELECT },
  );
  return row!.version;
}

import type { Logger } from 'pino';
import type { Transaction } from 'sequelize';
import { withTenant, type TenantScope } from '../core/tenancy.ts';
import type { ExternalRefRow, WorkflowRunRow } from '../core/models/region.ts';

// A flow is a saga: an ordered list of steps, each idempotent. A step reads what earlier steps
// left in the run state, does its work (often a call to an outside system), and returns an output
// or database writes that commit together with the step's "done" mark and return the output. That
// way a crash either leaves the step undone (it runs again and finds its own earlier effect) or
// done with its writes, never half of each.

export interface StepContext {
  scope: TenantScope;
  run: WorkflowRunRow;
  // Outputs of the steps already done, by step name.
  state: Record<string, unknown>;
  log: Logger;
  // Reads shared by the steps of one delivery (contract terms, connector clients), by key.
  memo?: Map<string, Promise<unknown>>;
  // Commits the running step's attempt before its first call that may change an outside system.
  // The connector clients await it before every such call (any method but GET), so a step that
  // only reads, or calls nothing, commits nothing first.
  beforeOutsideCall?: () => Promise<void>;
  // True when no attempt of the running step has sent a change to an outside system before, so
  // nothing it makes can exist there yet. Only then may a step create a record it owns alone (one
  // per contract) without looking it up first. Any other value means look it up.
  neverCalled?: boolean;
}

// A step's result: its output, with or without writes that commit with its done mark, or writes
// that return the output once committed. Later steps may read an output known up front at once;
// an output from persist is known only after the commit.
export type StepResult<Output = unknown> =
  // runContractId links the run to the contract it concerns, in the statement of the done mark.
  | { output: Output; writes?: (transaction: Transaction) => Promise<void>; runContractId?: string }
  | { persist: (transaction: Transaction) => Promise<Output> };

// The outside record a step makes, as its external reference row names it. A replay plan reads
// the lineage for it to tell, without calling anything, whether the step's effect already exists.
export interface StepEffect {
  objectType: string;
  system: ExternalRefRow['system'];
}

export interface Step<Output = unknown> {
  name: string;
  // True when the step only reads stored data and computes, calling no outside system. Its done
  // mark may then commit with the next step's, because running it again changes nothing.
  pure?: boolean;
  effect?: StepEffect;
  run(context: StepContext): Promise<StepResult<Output>>;
  // Undoes the step's effect on an outside system when a later step fails for good; harmless
  // when there is nothing to undo.
  compensate?(context: StepContext): Promise<void>;
}

export interface Flow {
  name: string;
  version: number;
  steps: Step[];
  // Reads that most deliveries of this flow make, done in the transaction that claims the run so
  // they cost no transaction of their own. Each goes into the delivery's memo.
  prefetch?(reads: DeliveryReads, input: unknown, transaction: Transaction): Promise<void>;
  // Writes that commit with the run's completion, such as the event announcing the result.
  complete(context: StepContext, transaction: Transaction): Promise<void>;
  // Tells the source system that the run failed for good and why, after the compensations ran.
  // Earlier step outputs may be missing, because the failure can come at any step.
  reportFailure?(context: StepContext, failure: { stepName: string; error: string }): Promise<void>;
}

// The part of a step context that shared reads use: the tenant, the delivery's memo and its attempt
// mark. A caller outside a delivery (a test, an admin action) passes only the scope.
export type DeliveryReads = Pick<StepContext, 'scope' | 'memo' | 'beforeOutsideCall'>;

// Returns what load() resolves to, loading it once per delivery when the context has a memo.
export function remember<T>(context: Pick<StepContext, 'memo'>, key: string, load: () => Promise<T>): Promise<T> {
  if (!context.memo) return load();
  let value = context.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    context.memo.set(key, value);
    // A failed read is not kept, so the next step or attempt reads again.
    value.catch(() => context.memo?.delete(key));
  }
  return value;
}

// Stores a value read elsewhere (a prefetch that reads several things in one statement) as if
// remember had loaded it under `key`.
export function rememberValue<T>(context: Pick<StepContext, 'memo'>, key: string, value: T): void {
  context.memo?.set(key, Promise.resolve(value));
}

// Reads once per delivery like remember: inside `transaction` when given (a prefetch in the
// transaction that claims the run), otherwise in a tenant transaction of its own.
export function rememberRead<T>(reads: DeliveryReads, key: string, read: (transaction: Transaction) => Promise<T>, transaction?: Transaction): Promise<T> {
  return remember(reads, key, () => (transaction ? read(transaction) : withTenant(reads.scope, read)));
}

// Reads an earlier step's output from the run state, failing loudly if the flow is mis-ordered.
export function outputOf<T>(context: StepContext, stepName: string): T {
  if (!(stepName in context.state)) throw new Error(`Step output "${stepName}" is missing; the flow runs its steps out of order.`);
  return context.state[stepName] as T;
}

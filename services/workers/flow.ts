import type { Logger } from 'pino';
import type { Transaction } from 'sequelize';
import type { TenantScope } from '../core/tenancy.ts';
import type { WorkflowRunRow } from '../core/models/region.ts';

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
}

export type StepResult<Output = unknown> =
  | { output: Output }
  | { persist: (transaction: Transaction) => Promise<Output> };

export interface Step<Output = unknown> {
  name: string;
  run(context: StepContext): Promise<StepResult<Output>>;
  // Undoes the step's effect on an outside system when a later step fails for good; harmless
  // when there is nothing to undo.
  compensate?(context: StepContext): Promise<void>;
}

export interface Flow {
  name: string;
  version: number;
  steps: Step[];
  // Writes that commit with the run's completion, such as the event announcing the result.
  complete(context: StepContext, transaction: Transaction): Promise<void>;
}

// Reads an earlier step's output from the run state, failing loudly if the flow is mis-ordered.
export function outputOf<T>(context: StepContext, stepName: string): T {
  if (!(stepName in context.state)) throw new Error(`Step output "${stepName}" is missing; the flow runs its steps out of order.`);
  return context.state[stepName] as T;
}

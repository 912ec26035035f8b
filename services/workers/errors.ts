import { PermanentConnectorError, TransientConnectorError } from '../connectors/errors.ts';

// How a step failure is treated. A transient failure goes back through the retry queues; a
// permanent one opens an exception for an admin, because retrying cannot fix it.

// A failure no retry can fix: invalid contract data, a rule that does not apply, missing setup.
export class PermanentStepError extends Error {
  readonly suggestedAction: string;

  constructor(message: string, suggestedAction: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentStepError';
    this.suggestedAction = suggestedAction;
  }
}

export interface FailureVerdict {
  transient: boolean;
  message: string;
  suggestedAction: string;
  retryAfterMs?: number;
}

export function judgeFailure(error: unknown): FailureVerdict {
  if (error instanceof TransientConnectorError) {
    return {
      transient: true,
      message: error.message,
      suggestedAction: 'Check that the outside system is reachable; the step retries by itself.',
      ...(error.retryAfterSeconds !== undefined ? { retryAfterMs: error.retryAfterSeconds * 1000 } : {}),
    };
  }
  if (error instanceof PermanentConnectorError) {
    return { transient: false, message: error.message, suggestedAction: 'Correct the data or the connector setup named in the error, then retry the step.' };
  }
  if (error instanceof PermanentStepError) {
    return { transient: false, message: error.message, suggestedAction: error.suggestedAction };
  }
  // An unexpected error (a bug or a database hiccup) is retried: if it is a bug, the attempts run
  // out and it becomes an exception with the message kept.
  const message = error instanceof Error ? error.message : String(error);
  return { transient: true, message, suggestedAction: 'Read the error; if it repeats, report it with the run id.' };
}

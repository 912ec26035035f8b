// Raised when a quote or entity request carries a value the engine cannot use. The engine never
// substitutes a default for a bad value, so the caller must correct the named field and retry.
export class RuleInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'RuleInputError';
    this.field = field;
  }
}

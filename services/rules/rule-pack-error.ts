// Raised when a pack file is invalid or the packs together do not cover a request they claim to
// cover. Unlike RuleInputError, the fix belongs in services/rules/packs, not in the caller's input.
export class RulePackError extends Error {
  readonly file: string;
  readonly path: string;

  constructor(file: string, path: string, message: string) {
    super(`${file} ${path}: ${message}`);
    this.name = 'RulePackError';
    this.file = file;
    this.path = path;
  }
}

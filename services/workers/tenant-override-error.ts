// Raised when a tenant override cannot be saved or promoted as sent. Each problem names the path
// inside the request (such as `pack.taxRules.DE[0].then.rate`) and what to change.
export class TenantOverrideError extends Error {
  readonly problems: { path: string; message: string }[];

  constructor(problems: { path: string; message: string }[]) {
    super(`Tenant override rejected: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
    this.name = 'TenantOverrideError';
    this.problems = problems;
  }
}

import { Problem } from '../../core/problem.ts';

// A problem that also sets response headers, such as WWW-Authenticate on a 401 or Allow on a 405.
export class ProblemWithHeaders extends Problem {
  readonly headers: Record<string, string>;

  constructor(problem: Problem, headers: Record<string, string>) {
    super(problem.status, problem.code, problem.detail, problem.extensions);
    this.headers = headers;
  }
}

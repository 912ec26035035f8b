import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../../core/problem.ts';
import { principalOf } from '../http/request-context.ts';
import { tenantApiPolicy } from '../policies/tenant-api-policy.ts';

// Applies the tenant's version policy: a tenant pinned to one version, or one that forbids a
// version, gets 403 on the others, so its partners cannot drift onto a version it has not approved.
export function enforceTenantVersionPolicy(version: string) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const policy = await tenantApiPolicy(principalOf(res).tenantId);
    if (policy.pinnedVersion && policy.pinnedVersion !== version) {
      throw new Problem(403, 'version-not-allowed', `The tenant's API policy pins its clients to ${policy.pinnedVersion}; call /${policy.pinnedVersion} instead of /${version}.`);
    }
    if (policy.forbiddenVersions.includes(version)) {
      throw new Problem(403, 'version-not-allowed', `The tenant's API policy forbids API version ${version}. Ask the tenant admin which version to use.`);
    }
    next();
  };
}

import { hasErrors, list, text, type FieldErrors, type FormResult } from './fields.ts';

export interface VersionPolicy {
  pinnedVersion: string | null;
  forbiddenVersions: string[];
}

// Reads a tenant's version pinning. Pinning to a version and forbidding that same version would
// lock every client out, so the form rejects the combination.
export function readVersionPolicyForm(body: unknown, versions: { version: string; status: string }[]): FormResult<VersionPolicy> {
  const known = versions.map((entry) => entry.version);
  const values = { pinnedVersion: text(body, 'pinnedVersion'), forbiddenVersions: [...new Set(list(body, 'forbiddenVersions'))] };
  const errors: FieldErrors = {};

  if (values.pinnedVersion && !known.includes(values.pinnedVersion)) errors.pinnedVersion = `Version "${values.pinnedVersion}" does not exist. Choose one of ${known.join(', ')}.`;
  else if (versions.find((entry) => entry.version === values.pinnedVersion)?.status === 'retired') errors.pinnedVersion = `${values.pinnedVersion} is retired and answers 410. Pin a version that is still served.`;
  const unknown = values.forbiddenVersions.filter((version) => !known.includes(version));
  if (unknown.length > 0) errors.forbiddenVersions = `Unknown version ${unknown.join(', ')}. Choose from the list.`;
  else if (values.pinnedVersion && values.forbiddenVersions.includes(values.pinnedVersion)) errors.forbiddenVersions = `You pinned ${values.pinnedVersion} and also forbade it, which would block every client. Untick it or pin another version.`;

  const input = { pinnedVersion: values.pinnedVersion || null, forbiddenVersions: values.forbiddenVersions };
  return { values, errors, input: hasErrors(errors) ? undefined : input };
}

export const VERSION_STATUSES = ['beta', 'current', 'deprecated', 'retired'] as const;

export interface VersionLifecycleInput {
  status: (typeof VERSION_STATUSES)[number];
  sunsetAt: Date | null;
}

// Reads an operator's change to a version's status and sunset date. A deprecated or retired
// version gets its deprecation date set by the action, because the table requires one.
export function readVersionLifecycleForm(body: unknown): FormResult<VersionLifecycleInput> {
  const values = { status: text(body, 'status'), sunsetAt: text(body, 'sunsetAt') };
  const errors: FieldErrors = {};
  if (!(VERSION_STATUSES as readonly string[]).includes(values.status)) errors.status = `Choose one of ${VERSION_STATUSES.join(', ')}.`;
  let sunsetAt: Date | null = null;
  if (values.sunsetAt) {
    sunsetAt = /^\d{4}-\d{2}-\d{2}$/.test(values.sunsetAt) ? new Date(`${values.sunsetAt}T00:00:00Z`) : null;
    if (!sunsetAt || Number.isNaN(sunsetAt.getTime())) errors.sunsetAt = 'Enter the sunset date as YYYY-MM-DD, or leave it empty.';
  } else if (values.status === 'deprecated') {
    errors.sunsetAt = 'A deprecated version needs a sunset date, so its callers know when it stops. Enter one.';
  }
  const input = { status: values.status as VersionLifecycleInput['status'], sunsetAt };
  return { values, errors, input: hasErrors(errors) ? undefined : input };
}

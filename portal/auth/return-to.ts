// Accepts only a path on this portal as the page to open after sign-in. A value such as
// //evil.example or /\evil.example would make the redirect leave the portal.
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/')) return undefined;
  if (value.startsWith('//') || value.startsWith('/\\')) return undefined;
  return value;
}

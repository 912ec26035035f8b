import { createHash, timingSafeEqual } from 'node:crypto';

// Accounts of the development OpenID provider. They are fixed test identities, not real users,
// so the provider keeps them in memory and refuses to run in production.

export interface DevAccount {
  email: string;
  name: string;
  password: string;
}

export const DEV_PASSWORD = 'throughline';

// The two sign-ins that the local defaults document: the platform operator and the admin of the
// demo tenant `acme`. Their portal roles come from memberships in the control database.
export const SEEDED_ACCOUNTS: readonly DevAccount[] = [
  { email: 'ops@throughline.example', name: 'Platform Operator', password: DEV_PASSWORD },
  { email: 'admin@acme.example', name: 'Acme Admin', password: DEV_PASSWORD },
];

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export class AccountDirectory {
  private readonly byEmail = new Map<string, DevAccount>();

  constructor(accounts: readonly DevAccount[]) {
    for (const account of accounts) this.byEmail.set(account.email.toLowerCase(), account);
  }

  // The subject of each account is its lower-case email, which the portal also keys users on.
  find(subject: string): DevAccount | undefined {
    return this.byEmail.get(subject.toLowerCase());
  }

  // Compares digests of equal length, so the check takes the same time for every wrong password.
  authenticate(email: string, password: string): DevAccount | undefined {
    const account = this.find(email.trim());
    const expected = digest(account?.password ?? '');
    const matches = timingSafeEqual(digest(password), expected);
    return account && matches ? account : undefined;
  }
}

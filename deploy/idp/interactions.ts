import express, { type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { AccountDirectory } from './accounts.ts';
import { loginPage } from './pages.ts';

// The end-user side of the provider: a password form for the login prompt, and automatic consent,
// because the portal is a first-party client and asking its users to approve it adds nothing.

async function clientName(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? client?.clientId ?? 'Throughline';
}

async function grantConsent(provider: Provider, req: Request, res: Response): Promise<void> {
  const interaction = await provider.interactionDetails(req, res);
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== 'string') throw new Error('The consent prompt has no signed-in account or client.');

  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId, clientId });
  if (!grant) throw new Error(`Grant ${interaction.grantId} was not found.`);

  const details = interaction.prompt.details;
  if (typeof details.missingOIDCScope === 'object') grant.addOIDCScope(details.missingOIDCScope as string[]);
  if (typeof details.missingOIDCClaims === 'object') grant.addOIDCClaims(details.missingOIDCClaims as string[]);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export function interactionRoutes(provider: Provider, directory: AccountDirectory, log: Logger): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.get('/interaction/:uid', async (req, res) => {
    const interaction = await provider.interactionDetails(req, res);
    res.set('Cache-Control', 'no-store');

    if (interaction.prompt.name === 'consent') {
      await grantConsent(provider, req, res);
      return;
    }
    const action = `/interaction/${encodeURIComponent(interaction.uid)}/login`;
    const name = await clientName(provider, interaction.params.client_id);
    res.type('html').send(loginPage({ action, clientName: name, email: '' }));
  });

  router.post('/interaction/:uid/login', form, async (req, res) => {
    const interaction = await provider.interactionDetails(req, res);
    res.set('Cache-Control', 'no-store');
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';

    const account = directory.authenticate(email, password);
    if (!account) {
      log.info({ email, interaction: interaction.uid }, 'dev sign-in rejected: wrong email or password');
      const action = `/interaction/${encodeURIComponent(interaction.uid)}/login`;
      const name = await clientName(provider, interaction.params.client_id);
      res.status(401).type('html').send(loginPage({ action, clientName: name, email, error: 'The email or password is incorrect.' }));
      return;
    }

    log.info({ email: account.email, interaction: interaction.uid }, 'dev sign-in accepted');
    const result = { login: { accountId: account.email.toLowerCase() } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  });

  return router;
}

import { DEMO_COMPANIES, DEMO_CONTRACTS, DEMO_MASTER_AGREEMENT } from './demo-book.ts';
import { DEMO_CREDENTIALS } from './demo-data.ts';

// Loads the demo book into the running development simulators: the companies into the CRM and the
// agreements into the CLM as workflows in review, ready to execute from the CLM simulator
// (POST /_sim/workflows/{id}/execute). Running it again adds nothing twice.
export async function loadDemoBook(endpoints: { clmUrl: string; crmUrl: string }): Promise<{ companies: number; workflows: number }> {
  let companies = 0;
  for (const company of DEMO_COMPANIES) {
    const search = await post(`${endpoints.crmUrl}/crm/v3/objects/companies/search`, {
      filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: company.domain }] }], limit: 1,
    }) as { total: number };
    if (search.total > 0) continue;
    await post(`${endpoints.crmUrl}/crm/v3/objects/companies`, { properties: company });
    companies += 1;
  }

  const state = await (await fetch(`${endpoints.clmUrl}/_sim/state`)).json() as { workflows: { title: string }[] };
  const titles = new Set(state.workflows.map((workflow) => workflow.title));
  let workflows = 0;
  for (const { key: _key, ...workflow } of [DEMO_MASTER_AGREEMENT, ...DEMO_CONTRACTS].filter((candidate) => !titles.has(candidate.title))) {
    await post(`${endpoints.clmUrl}/_sim/workflows`, workflow);
    workflows += 1;
  }
  return { companies, workflows };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_CREDENTIALS.crmAccessToken}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Loading the demo book failed: POST ${url} failed with HTTP ${response.status}. Check that the simulators are running (npm run up).`);
  return response.json();
}

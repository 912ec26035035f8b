import { StateFile } from '../shared/state-file.ts';

// The CRM simulator's companies, as HubSpot stores them: a numeric id and a flat map of property
// values, all strings.

export interface SimulatedCompany {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

interface CrmSnapshot {
  companies: SimulatedCompany[];
  nextId: number;
}

const FIRST_ID = 9_000_000_001;

export class CrmState {
  companies = new Map<string, SimulatedCompany>();
  private nextId = FIRST_ID;
  private readonly file: StateFile<CrmSnapshot>;

  constructor(stateFile: string | undefined) {
    this.file = new StateFile<CrmSnapshot>(stateFile);
    const saved = this.file.load();
    if (!saved) return;
    this.companies = new Map(saved.companies.map((company) => [company.id, company]));
    this.nextId = saved.nextId;
  }

  create(properties: Record<string, string | null>): SimulatedCompany {
    const now = new Date().toISOString();
    const id = String(this.nextId++);
    const company = { id, properties: { ...properties, hs_object_id: id, createdate: now, hs_lastmodifieddate: now }, createdAt: now, updatedAt: now, archived: false };
    this.companies.set(id, company);
    this.save();
    return structuredClone(company);
  }

  update(id: string, properties: Record<string, string | null>): SimulatedCompany | undefined {
    const company = this.companies.get(id);
    if (!company) return undefined;
    const now = new Date().toISOString();
    Object.assign(company.properties, properties, { hs_lastmodifieddate: now });
    company.updatedAt = now;
    this.save();
    return structuredClone(company);
  }

  snapshot(): CrmSnapshot {
    return { companies: [...this.companies.values()], nextId: this.nextId };
  }

  reset(): void {
    this.companies = new Map();
    this.nextId = FIRST_ID;
    this.save();
  }

  private save(): void {
    this.file.save(() => this.snapshot());
  }
}

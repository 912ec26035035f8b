import { StateFile } from '../shared/state-file.ts';
import type { SentWebhook, WebhookEndpoint } from '../shared/standard-webhook-sender.ts';

// The PSA simulator's records, shaped like Kantata OX objects: workspaces (projects), workspace
// resources (roles staffed on a project, with their bill rate) and stories (tasks and milestones).
// Kantata ids are numeric strings; money is in cents.

export interface SimulatedWorkspace {
  id: string;
  title: string;
  description: string;
  start_date: string | null;
  due_date: string | null;
  currency: string;
  price_in_cents: number;
  archived: boolean;
  // NOTE: real Kantata keeps links to other systems in its External References API; the
  // simulator stores the one reference Throughline needs on the workspace and filters by it.
  external_reference: string | null;
  created_at: string;
  updated_at: string;
}

export interface SimulatedResource {
  id: string;
  workspace_id: string;
  role_name: string;
  bill_rate_in_cents: number;
  rate_unit: 'hour' | 'day';
  created_at: string;
}

export type StoryState = 'not started' | 'started' | 'completed';

export interface SimulatedStory {
  id: string;
  workspace_id: string;
  title: string;
  story_type: 'task' | 'milestone' | 'deliverable';
  due_date: string | null;
  state: StoryState;
  budget_estimate_in_cents: number | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export type PsaCollection = 'workspaces' | 'workspace_resources' | 'stories';

interface PsaSnapshot {
  workspaces: SimulatedWorkspace[];
  workspace_resources: SimulatedResource[];
  stories: SimulatedStory[];
  webhooks: WebhookEndpoint[];
  sent: SentWebhook[];
  nextId: number;
}

export class PsaState {
  workspaces = new Map<string, SimulatedWorkspace>();
  resources = new Map<string, SimulatedResource>();
  stories = new Map<string, SimulatedStory>();
  webhooks: WebhookEndpoint[] = [];
  sent: SentWebhook[] = [];
  private nextId = 1001;
  private readonly file: StateFile<PsaSnapshot>;

  constructor(stateFile: string | undefined) {
    this.file = new StateFile<PsaSnapshot>(stateFile);
    const saved = this.file.load();
    if (saved) this.restore(saved);
  }

  newId(): string {
    return String(this.nextId++);
  }

  snapshot(): PsaSnapshot {
    return {
      workspaces: [...this.workspaces.values()],
      workspace_resources: [...this.resources.values()],
      stories: [...this.stories.values()],
      webhooks: [...this.webhooks],
      sent: [...this.sent],
      nextId: this.nextId,
    };
  }

  reset(): void {
    this.restore({ workspaces: [], workspace_resources: [], stories: [], webhooks: [], sent: [], nextId: 1001 });
    this.save();
  }

  save(): void {
    this.file.save(() => this.snapshot());
  }

  private restore(saved: PsaSnapshot): void {
    this.workspaces = new Map(saved.workspaces.map((row) => [row.id, row]));
    this.resources = new Map(saved.workspace_resources.map((row) => [row.id, row]));
    this.stories = new Map(saved.stories.map((row) => [row.id, row]));
    this.webhooks = saved.webhooks;
    this.sent = saved.sent;
    this.nextId = saved.nextId;
  }
}

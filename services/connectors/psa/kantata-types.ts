// Kantata OX objects as the driver reads and writes them. Money is in cents of the workspace
// currency; ids are numeric strings.

export interface KantataWorkspace {
  id: string;
  title: string;
  description: string;
  start_date: string | null;
  due_date: string | null;
  currency: string;
  price_in_cents: number;
  archived: boolean;
  external_reference: string | null;
}

export interface NewKantataWorkspace {
  title: string;
  description?: string;
  start_date: string;
  due_date?: string;
  currency: string;
  price_in_cents: number;
  // The canonical contract id, so a retried step finds the workspace it made.
  external_reference: string;
}

export interface KantataResource {
  id: string;
  workspace_id: string;
  role_name: string;
  bill_rate_in_cents: number;
  rate_unit: 'hour' | 'day';
}

export interface KantataStory {
  id: string;
  workspace_id: string;
  title: string;
  story_type: 'task' | 'milestone' | 'deliverable';
  due_date: string | null;
  state: 'not started' | 'started' | 'completed';
  budget_estimate_in_cents: number | null;
  completed_at: string | null;
}

export type KantataCollection = 'workspaces' | 'workspace_resources' | 'stories';

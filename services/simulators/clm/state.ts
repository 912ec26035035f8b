import { randomBytes } from 'node:crypto';
import { StateFile } from '../shared/state-file.ts';
import { createWebhookKeyPair, type WebhookKeyPair } from './signing.ts';

// The CLM simulator's records: workflows, registered webhooks and every webhook delivery made.

export type WorkflowStatus = 'active' | 'completed';

export interface SimulatedWorkflow {
  id: string;
  // Ironclad shows users a short id (IC-1) next to the 24-character one; both look a workflow up.
  ironcladId: string;
  title: string;
  template: string;
  status: WorkflowStatus;
  step: string;
  created: string;
  lastUpdated: string;
  attributes: Record<string, unknown>;
}

export interface SimulatedWebhook {
  id: string;
  events: string[];
  targetURL: string;
  created: string;
}

export interface DeliveryAttempt {
  at: string;
  // The receiver's HTTP status, absent when the connection failed.
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  eventId: string;
  webhookId: string;
  targetURL: string;
  event: string;
  workflowId: string;
  body: string;
  redelivery: boolean;
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

interface ClmSnapshot {
  companyId: string;
  keyPair: WebhookKeyPair;
  sequence: number;
  workflows: SimulatedWorkflow[];
  webhooks: SimulatedWebhook[];
  deliveries: WebhookDelivery[];
}

export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}

export class ClmState {
  readonly companyId: string;
  readonly keyPair: WebhookKeyPair;
  readonly workflows = new Map<string, SimulatedWorkflow>();
  readonly webhooks = new Map<string, SimulatedWebhook>();
  readonly deliveries: WebhookDelivery[] = [];
  private sequence = 0;
  private readonly file: StateFile<ClmSnapshot>;

  constructor(stateFile: string | undefined, keyPair?: WebhookKeyPair) {
    this.file = new StateFile<ClmSnapshot>(stateFile);
    const saved = this.file.load();
    this.companyId = saved?.companyId ?? newObjectId();
    // A saved key pair wins so receivers that cached the verification key keep verifying.
    this.keyPair = saved?.keyPair ?? keyPair ?? createWebhookKeyPair();
    this.sequence = saved?.sequence ?? 0;
    for (const workflow of saved?.workflows ?? []) this.workflows.set(workflow.id, workflow);
    for (const webhook of saved?.webhooks ?? []) this.webhooks.set(webhook.id, webhook);
    this.deliveries.push(...(saved?.deliveries ?? []));
  }

  nextIroncladId(): string {
    this.sequence += 1;
    return `IC-${this.sequence}`;
  }

  findWorkflow(id: string): SimulatedWorkflow | undefined {
    return this.workflows.get(id) ?? [...this.workflows.values()].find((workflow) => workflow.ironcladId === id);
  }

  save(): void {
    this.file.save(() => this.snapshot());
  }

  snapshot(): ClmSnapshot {
    return {
      companyId: this.companyId,
      keyPair: this.keyPair,
      sequence: this.sequence,
      workflows: [...this.workflows.values()],
      webhooks: [...this.webhooks.values()],
      deliveries: this.deliveries,
    };
  }
}

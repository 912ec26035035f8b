import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { sendStandardWebhook, type SentWebhook } from '../shared/standard-webhook-sender.ts';
import { bodyObject, check, firstProblem, kantataBody, sendKantataError } from './kantata-format.ts';
import type { PsaState, SimulatedStory, StoryState } from './state.ts';

// Stories: Kantata's tasks, milestones and deliverables. Moving a story to "completed" sends a
// story.completed webhook to every registered endpoint.

const STORY_TYPES = ['task', 'milestone', 'deliverable'];
const STATES: StoryState[] = ['not started', 'started', 'completed'];
export const STORY_COMPLETED = 'story.completed';

export function storyRoutes(state: PsaState, log: Logger): Router {
  const router = express.Router();
  router.get('/stories', (req, res) => {
    const { workspace_id: workspaceId, story_type: storyType } = req.query as Record<string, string | undefined>;
    const rows = [...state.stories.values()].filter((row) => (workspaceId === undefined || row.workspace_id === workspaceId) && (storyType === undefined || row.story_type === storyType));
    res.json(kantataBody('stories', rows));
  });
  router.get('/stories/:id', (req, res) => {
    const row = state.stories.get(String(req.params.id));
    if (!row) return sendKantataError(res, 404, `Story ${String(req.params.id)} was not found`);
    res.json(kantataBody('stories', [row]));
  });
  router.post('/stories', (req, res) => createStory(state, req, res));
  router.put('/stories/:id', (req, res) => updateStory(state, log, req, res));
  return router;
}

function storyProblem(state: PsaState, input: Record<string, unknown>, creating: boolean): string | undefined {
  return firstProblem(
    creating && !state.workspaces.has(String(input.workspace_id)) ? `workspace_id ${String(input.workspace_id)} does not name a workspace` : undefined,
    check.text(input, 'title', creating),
    input.story_type === undefined || STORY_TYPES.includes(String(input.story_type)) ? undefined : `story_type must be one of ${STORY_TYPES.join(', ')}`,
    input.state === undefined || STATES.includes(input.state as StoryState) ? undefined : `state must be one of ${STATES.join(', ')}`,
    check.date(input, 'due_date'),
    check.cents(input, 'budget_estimate_in_cents', false),
  );
}

function createStory(state: PsaState, req: Request, res: Response): void {
  const input = bodyObject(req.body, 'story');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "story" object');
  const problem = storyProblem(state, input, true);
  if (problem) return sendKantataError(res, 422, problem);

  const now = new Date().toISOString();
  const row: SimulatedStory = {
    id: state.newId(),
    workspace_id: String(input.workspace_id),
    title: String(input.title),
    story_type: (input.story_type as SimulatedStory['story_type'] | undefined) ?? 'task',
    due_date: (input.due_date as string | undefined) ?? null,
    state: 'not started',
    budget_estimate_in_cents: (input.budget_estimate_in_cents as number | undefined) ?? null,
    completed_at: null,
    created_at: now,
    updated_at: now,
  };
  state.stories.set(row.id, row);
  state.save();
  res.json(kantataBody('stories', [row]));
}

async function updateStory(state: PsaState, log: Logger, req: Request, res: Response): Promise<void> {
  const row = state.stories.get(String(req.params.id));
  if (!row) return sendKantataError(res, 404, `Story ${String(req.params.id)} was not found`);
  const input = bodyObject(req.body, 'story');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "story" object');
  const problem = storyProblem(state, input, false);
  if (problem) return sendKantataError(res, 422, problem);

  const completing = input.state === 'completed' && row.state !== 'completed';
  for (const field of ['title', 'due_date', 'budget_estimate_in_cents', 'state'] as const) {
    if (input[field] !== undefined) Object.assign(row, { [field]: input[field] });
  }
  row.updated_at = new Date().toISOString();
  if (completing) row.completed_at = row.updated_at;
  state.save();
  res.json(kantataBody('stories', [row]));
  if (completing) await announceCompletion(state, row, log);
}

// Sends story.completed to every registered endpoint and records what was sent.
export async function announceCompletion(state: PsaState, story: SimulatedStory, log: Logger): Promise<SentWebhook[]> {
  const workspace = state.workspaces.get(story.workspace_id);
  const data = {
    story_id: story.id,
    workspace_id: story.workspace_id,
    workspace_external_reference: workspace?.external_reference ?? null,
    story_type: story.story_type,
    title: story.title,
    state: story.state,
    completed_at: story.completed_at,
  };
  const sent = await Promise.all(state.webhooks.map((endpoint) => sendStandardWebhook(endpoint, STORY_COMPLETED, data, log)));
  state.sent.push(...sent);
  state.save();
  return sent;
}

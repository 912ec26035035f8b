import express, { type Request, type Response } from 'express';
import { withTenant } from '../../services/core/tenancy.ts';
import { scopeOf } from '../../services/core/tenants.ts';
import { replayRun, resolveException, retryRun, RunActionError } from '../../services/workers/run-actions.ts';
import { actorOf } from '../actions/actor.ts';
import { requireTenantAdmin, tenantContext } from '../access/tenant-access.ts';
import { recordChange } from '../audit/record-change.ts';
import { text } from '../forms/fields.ts';
import { setFlash } from '../flash.ts';
import { requestLog } from '../request-context.ts';
import { findException } from '../queries/workflow-exceptions.ts';
import { renderExceptions } from './exceptions.ts';
import { renderRun } from './runs.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The actor as services/workers/run-actions.ts records it in the region's data audit log.
function workerActor(req: Request, res: Response) {
  const actor = actorOf(req, res);
  return { id: actor.email, requestId: actor.requestId };
}

// Shows a rejection from the run actions on an error page with the reason they gave.
function renderRejection(res: Response, error: RunActionError): void {
  let status = 400;
  if (error.kind === 'not-found') status = 404;
  if (error.kind === 'conflict') status = 409;
  requestLog(res).info({ kind: error.kind, reason: error.message }, 'run action refused');
  res.status(status).render('error', { title: 'Action not possible', message: error.message });
}

async function perform(res: Response, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof RunActionError)) throw error;
    renderRejection(res, error);
  }
}

// Shows the page the resolve form was on again, with the note's error beside its field.
async function renderExceptionNoteError(req: Request, res: Response, exceptionId: string, note: string, back: 'run' | 'exceptions'): Promise<void> {
  const { tenant } = tenantContext(res);
  const noteError = note ? 'The note is longer than 2000 characters. Shorten it.' : 'The note is missing. Enter how the failure was handled, for example "invoice created by hand in the ERP".';
  const locals = { invalidException: exceptionId, noteError, noteValue: note };
  const exception = await withTenant(scopeOf(tenant), (transaction) => findException(tenant.region, tenant.id, exceptionId, transaction));
  if (!exception) throw new RunActionError('not-found', `Exception ${exceptionId} was not found.`);
  if (back === 'run') return renderRun(res, exception.runId, locals);
  return renderExceptions(req, res, locals);
}

// Serves retry, replay and resolve to tenant admins. The workers' run actions do the work: they
// reopen the run and queue the event a worker resumes it from. The portal adds the control audit
// record and shows the admin what happens next.
export function runActionRoutes(): express.Router {
  const router = express.Router({ mergeParams: true });

  router.post('/runs/:runId/retry', requireTenantAdmin, (req, res) => perform(res, async () => {
    const { tenant } = tenantContext(res);
    const runId = String(req.params.runId);
    if (!UUID.test(runId)) throw new RunActionError('not-found', `Run ${runId} was not found.`);
    const result = await retryRun(scopeOf(tenant), runId, workerActor(req, res));
    await recordChange(actorOf(req, res), { action: 'run.retry', objectType: 'workflow-run', objectId: runId, tenantId: tenant.id, before: { status: 'failed' }, after: { status: 'running', retriedSteps: result.retriedSteps } });
    requestLog(res).info({ runId, steps: result.retriedSteps }, 'run retried');
    setFlash(req, `Retry queued for ${result.retriedSteps.join(', ')}. The page shows the steps as a worker runs them; reload to follow.`);
    res.redirect(303, `/tenants/${tenant.slug}/runs/${runId}`);
  }));

  router.post('/runs/:runId/replay', requireTenantAdmin, (req, res) => perform(res, async () => {
    const { tenant } = tenantContext(res);
    const runId = String(req.params.runId);
    const fromStep = text(req.body, 'fromStep');
    const preview = text(req.body, 'mode') === 'preview';
    if (!UUID.test(runId)) throw new RunActionError('not-found', `Run ${runId} was not found.`);
    if (!fromStep) throw new RunActionError('invalid', 'Choose the step to replay from.');

    const result = await replayRun(scopeOf(tenant), runId, fromStep, workerActor(req, res), { dryRun: preview });
    if (preview) return renderRun(res, runId, { plan: result.plan });

    await recordChange(actorOf(req, res), { action: 'run.replay', objectType: 'workflow-run', objectId: runId, tenantId: tenant.id, before: null, after: { fromStep, steps: result.plan.steps.map((step) => `${step.name}: ${step.action}`) } });
    requestLog(res).info({ runId, fromStep }, 'run replayed');
    setFlash(req, `Replay from ${fromStep} queued. Steps whose records already exist in the outside system are skipped.`);
    res.redirect(303, `/tenants/${tenant.slug}/runs/${runId}`);
  }));

  router.post('/exceptions/:exceptionId/resolve', requireTenantAdmin, (req, res) => perform(res, async () => {
    const { tenant } = tenantContext(res);
    const exceptionId = String(req.params.exceptionId);
    const note = text(req.body, 'note');
    const back = text(req.body, 'back') === 'run' ? 'run' : 'exceptions';
    if (!UUID.test(exceptionId)) throw new RunActionError('not-found', `Exception ${exceptionId} was not found.`);
    if (!note || note.length > 2000) {
      res.status(400);
      return renderExceptionNoteError(req, res, exceptionId, note, back);
    }
    const resolved = await resolveException(scopeOf(tenant), exceptionId, note, workerActor(req, res));
    await recordChange(actorOf(req, res), { action: 'exception.resolve', objectType: 'workflow-exception', objectId: exceptionId, tenantId: tenant.id, before: { status: 'open' }, after: { status: 'resolved', note } });
    requestLog(res).info({ exceptionId, runId: resolved.runId }, 'exception resolved');
    setFlash(req, 'Exception resolved. The run stays failed; retry or replay it if the work still has to happen.');
    res.redirect(303, back === 'run' ? `/tenants/${tenant.slug}/runs/${resolved.runId}` : `/tenants/${tenant.slug}/exceptions`);
  }));

  return router;
}

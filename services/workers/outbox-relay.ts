import pg from 'pg';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import { config } from '../core/config.ts';
import { systemDatabase } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { EVENTS_EXCHANGE, PARTNER_DELIVERIES_HEADER } from '../core/topology.ts';
import type { RegionBroker } from '../core/broker.ts';
import type { CloudEvent } from '../core/cloudevent.ts';

interface OutboxRow {
  seq: string;
  envelope: CloudEvent;
  // True when the event has partner deliveries still pending.
  forPartners: boolean;
}

const BATCH_SIZE = 200;
const IDLE_POLL_MS = 1_000;
const LISTEN_RETRY_MS = 2_000;
// Key of the transaction-level advisory lock that lets one relay of a region publish at a time.
export const RELAY_LOCK_KEY = 7_202_612_041;

// Publishes one region's outbox to its `events` exchange. Rows are taken in sequence order, published
// with publisher confirms, and stamped published_at only after the broker confirmed them, so an
// accepted event is never lost: while the broker is down the rows wait in the outbox. A crash after
// publishing but before stamping publishes a row twice, which the consumers' inbox absorbs.
// Every worker copy runs a relay, and an advisory lock lets one of them publish at a time, so the
// events of one contract reach the broker in the order they were written.
export class OutboxRelay {
  private readonly log: Logger;
  private listener: pg.Client | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private notified = false;
  private loop: Promise<void> | undefined;
  published = 0;

  constructor(
    private readonly region: string,
    private readonly broker: () => RegionBroker | undefined,
  ) {
    this.log = logger('outbox-relay', { region });
  }

  async start(): Promise<void> {
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  // Publishes every pending row now; returns how many were published.
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.publishBatch();
      total += count;
      if (count < BATCH_SIZE) return total;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.notified = false;
      try {
        const count = await this.drain();
        if (count > 0) this.log.debug({ count }, 'published outbox events');
      } catch (error) {
        this.log.warn({ err: error }, 'outbox relay failed to publish; the events stay in the outbox and are retried');
      }
      if (!this.notified) await this.sleep(IDLE_POLL_MS);
    }
  }

  private async publishBatch(): Promise<number> {
    const broker = this.broker();
    if (!broker) return 0;
    const sequelize = systemDatabase(this.region);

    return sequelize.transaction(async (transaction) => {
      // The lock has a statement of its own. Under READ COMMITTED a statement reads the rows as they
      // were when it started. A read that took the lock itself could so still read a batch that the
      // relay releasing the lock had just stamped, and publish it again.
      const [lock] = await sequelize.query<{ taken: boolean }>('SELECT pg_try_advisory_xact_lock(:key) AS taken', {
        replacements: { key: RELAY_LOCK_KEY },
        type: QueryTypes.SELECT,
        transaction,
      });
      if (!lock?.taken) return 0;

      const rows = await sequelize.query<OutboxRow>(
        `SELECT seq, envelope, EXISTS (SELECT 1 FROM partner_deliveries WHERE event_id = outbox.id AND status = 'pending') AS "forPartners"
         FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH_SIZE}`,
        { type: QueryTypes.SELECT, transaction },
      );
      if (rows.length === 0) return 0;

      // Publishing all rows first and awaiting the confirms together keeps one round trip per batch.
      // The header spares the partner-deliveries consumer a transaction for an event no partner wants.
      await Promise.all(rows.map((row) => broker.publish(EVENTS_EXCHANGE, row.envelope.type, row.envelope, {
        [PARTNER_DELIVERIES_HEADER]: row.forPartners ? 'pending' : 'none',
      })));
      await sequelize.query('UPDATE outbox SET published_at = now() WHERE seq IN (:seqs)', {
        replacements: { seqs: rows.map((row) => row.seq) },
        transaction,
      });
      this.published += rows.length;
      return rows.length;
    });
  }

  // LISTEN on the outbox channel so a new row is relayed at once instead of at the next poll. A
  // lost listener connection (a database restart) is opened again; polling covers the gap.
  private async listen(): Promise<void> {
    const { prefix } = config().database;
    const client = new pg.Client({ connectionString: config().database.systemUrl(`${prefix}_${this.region}`) });
    client.on('error', (error) => this.log.warn({ err: error }, 'outbox listener connection failed; polling continues'));
    client.on('end', () => this.relisten(client));
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    this.listener = client;
    await client.connect();
    await client.query('LISTEN outbox');
  }

  // Opens the listener again after a pause, for as long as the relay runs. Only the current
  // listener's end counts, so a client that failed to connect schedules no second attempt.
  private relisten(ended: pg.Client): void {
    if (this.stopped || this.listener !== ended) return;
    this.listener = undefined;
    setTimeout(() => {
      if (this.stopped) return;
      this.listen()
        .then(() => this.log.info('outbox listener connected again'))
        .catch((error: unknown) => {
          this.log.warn({ err: error, retryInMs: LISTEN_RETRY_MS }, 'failed to open the outbox listener; retrying');
          const failed = this.listener;
          if (failed) {
            this.relisten(failed);
            failed.end().catch(() => undefined);
          }
        });
    }, LISTEN_RETRY_MS).unref();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

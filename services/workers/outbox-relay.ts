import pg from 'pg';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import { config } from '../core/config.ts';
import { systemDatabase } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { EVENTS_EXCHANGE } from '../core/topology.ts';
import type { RegionBroker } from '../core/broker.ts';
import type { CloudEvent } from '../core/cloudevent.ts';

interface OutboxRow {
  seq: string;
  envelope: CloudEvent;
}

const BATCH_SIZE = 200;
const IDLE_POLL_MS = 1_000;

// Publishes one region's outbox to its `events` exchange. Rows are taken in sequence order, published
// with publisher confirms, and stamped published_at only after the broker confirmed them, so an
// accepted event is never lost: while the broker is down the rows wait in the outbox. A crash after
// publishing but before stamping publishes a row twice, which the consumers' inbox absorbs.
// NOTE: order per contract holds with one relay per region; several relays taking batches with
// SKIP LOCKED could interleave one contract's events.
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
    await this.listener?.end().catch(() => undefined);
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
      const rows = await sequelize.query<OutboxRow>(
        `SELECT seq, envelope FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
        { type: QueryTypes.SELECT, transaction },
      );
      if (rows.length === 0) return 0;

      // Publishing all rows first and awaiting the confirms together keeps one round trip per batch.
      await Promise.all(rows.map((row) => broker.publish(EVENTS_EXCHANGE, row.envelope.type, row.envelope)));
      await sequelize.query('UPDATE outbox SET published_at = now() WHERE seq IN (:seqs)', {
        replacements: { seqs: rows.map((row) => row.seq) },
        transaction,
      });
      this.published += rows.length;
      return rows.length;
    });
  }

  // LISTEN on the outbox channel so a new row is relayed at once instead of at the next poll.
  private async listen(): Promise<void> {
    const { prefix } = config().database;
    const client = new pg.Client({ connectionString: config().database.systemUrl(`${prefix}_${this.region}`) });
    client.on('error', (error) => this.log.warn({ err: error }, 'outbox listener connection failed; polling continues'));
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    await client.connect();
    await client.query('LISTEN outbox');
    this.listener = client;
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

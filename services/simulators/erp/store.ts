import { StateFile } from '../shared/state-file.ts';
import type { ErpDoc } from './values.ts';

// The ERP simulator's records by doctype, in insertion order, with the counters behind
// ERPNext-style naming series.

interface ErpSnapshot {
  records: Record<string, ErpDoc[]>;
  series: Record<string, number>;
}

export class ErpStore {
  private records = new Map<string, Map<string, ErpDoc>>();
  private series: Record<string, number> = {};
  private readonly file: StateFile<ErpSnapshot>;

  constructor(stateFile: string | undefined) {
    this.file = new StateFile<ErpSnapshot>(stateFile);
    const saved = this.file.load();
    if (!saved) return;
    this.series = saved.series;
    for (const [doctype, docs] of Object.entries(saved.records)) {
      this.records.set(doctype, new Map(docs.map((doc) => [String(doc.name), doc])));
    }
  }

  get(doctype: string, name: string): ErpDoc | undefined {
    return this.records.get(doctype)?.get(name);
  }

  list(doctype: string): ErpDoc[] {
    return [...(this.records.get(doctype)?.values() ?? [])];
  }

  put(doctype: string, doc: ErpDoc): void {
    let table = this.records.get(doctype);
    if (!table) {
      table = new Map();
      this.records.set(doctype, table);
    }
    table.set(String(doc.name), doc);
    this.save();
  }

  // Deletes the record as a user deleting it in ERPNext would. Tests use it to plant a gap.
  delete(doctype: string, name: string): void {
    this.records.get(doctype)?.delete(name);
    this.save();
  }

  // Returns the next name in a series such as PROJ-0001: prefix, then a zero-padded counter.
  nextInSeries(prefix: string, digits: number): string {
    const next = (this.series[prefix] ?? 0) + 1;
    this.series[prefix] = next;
    return `${prefix}${String(next).padStart(digits, '0')}`;
  }

  reset(): void {
    this.records = new Map();
    this.series = {};
    this.save();
  }

  snapshot(): ErpSnapshot {
    const records: Record<string, ErpDoc[]> = {};
    for (const [doctype, table] of this.records) records[doctype] = [...table.values()];
    return { records, series: { ...this.series } };
  }

  private save(): void {
    this.file.save(() => this.snapshot());
  }
}

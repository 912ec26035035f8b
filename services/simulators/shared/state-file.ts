import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Optional JSON persistence for a simulator, so its records survive a restart. Without a path,
// the simulator keeps state in memory only.
export class StateFile<T> {
  constructor(private readonly path: string | undefined) {}

  load(): T | undefined {
    if (!this.path) return undefined;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`Simulator state file ${this.path} is not valid JSON; delete it to start empty.`, { cause: error });
    }
  }

  // Writes to a temporary file and renames it, so a crash mid-write leaves the previous state.
  // The state comes from a function, so a simulator without a path never copies its records: the
  // copy grows with every record and would otherwise be made on every write.
  save(state: () => T): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(state(), null, 2));
    renameSync(temporary, this.path);
  }
}

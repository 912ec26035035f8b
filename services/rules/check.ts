// Checks every rule pack under services/rules/packs against its schema and against the other
// packs, printing one line per problem. Run it with `npm run rules:check`; it exits with 1 when
// any problem is found, so CI can gate on it.
import { DEFAULT_PACK_DIR, readPackFiles } from './pack-files.ts';
import { loadPacks } from './pack-registry.ts';

const dir = process.argv[2] ?? DEFAULT_PACK_DIR;
const { problems } = loadPacks(dir);

if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`${problem.file} ${problem.path}: ${problem.message}\n`);
  process.stderr.write(`${problems.length} problem(s) in rule packs under ${dir}\n`);
  process.exitCode = 1;
} else {
  const count = readPackFiles(dir).packs.length;
  process.stdout.write(`${count} rule pack(s) under ${dir} passed the schema and consistency checks\n`);
}

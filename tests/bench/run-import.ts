/** Child process of the import benchmark: one import, then its summary and peak memory as JSON. */
import { importDirectory } from '@/lib/directory/import/import-directory';

const [url, ...paths] = process.argv.slice(2);
const summary = await importDirectory({ connectionString: url, paths });
process.stdout.write(JSON.stringify({ summary, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');

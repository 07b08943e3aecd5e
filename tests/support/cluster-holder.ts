/** Test helper: holds a lease on the embedded cluster of argv[2] until its standard input closes. */
import { acquireCluster, releaseCluster } from '@/lib/database/embedded-postgres';

const cluster = { root: process.argv[2], user: 'educonnect' };
const url = await acquireCluster(cluster, 'holder');
process.stdout.write(`${url}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await releaseCluster(cluster);
  process.exit(0);
});

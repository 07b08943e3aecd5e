// One process of a web server in tests/integration/web-processes.test.ts: answers its pid, so the test
// sees which process served; `/arret` ends it with code 4; FIXTURE_START_FAILS=1 makes it die at start.
import http from 'node:http';

if (process.env.FIXTURE_START_FAILS === '1') process.exit(3);
http
  .createServer((req, res) => {
    if (req.url === '/arret') process.exit(4);
    res.setHeader('connection', 'close');
    res.end(String(process.pid));
  })
  .listen(Number(process.argv[2]), 'localhost');
process.on('SIGTERM', () => process.exit(0));

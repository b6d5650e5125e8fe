// The floor for the MedQA job (bench/startup.ts): N chat requests, S at a time, sent with nothing
// but node:http — no SDK, no data, no scoring, no files. What this machine and server allow a client.
// Usage: node bench/floor-client.mjs BASE_URL N S
import { Agent, request } from 'node:http';

const [base, n, s] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true });
const body = JSON.stringify({ model: 'bench', temperature: 0, messages: [{ role: 'user', content: 'A 45-year-old man presents with… '.repeat(30) }] });
const ask = () =>
  new Promise((resolve, reject) => {
    const req = request(`${base}/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(body);
  });
let sent = 0;
await Promise.all(Array.from({ length: Number(s) }, async () => {
  while (sent++ < Number(n)) await ask();
}));
process.exit(0);

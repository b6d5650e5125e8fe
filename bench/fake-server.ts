/** Runs the test suite's fake OpenAI server in its own process (so it does not share the client's event loop). */
import { startFakeOpenAI } from '../test/helpers/fake-openai.js';

const [latencyMs = '0', capacity = '0'] = process.argv.slice(2);
const server = await startFakeOpenAI({ models: ['bench'], latencyMs: Number(latencyMs), capacity: Number(capacity), reply: () => 'Answer: B' });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));

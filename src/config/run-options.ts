import * as z from 'zod';
import { canonicalFailOn, failOnWords } from '../util/fail-on.js';

/**
 * Every option of `aloe-eval run`, declared once: its CLI flag, help text, and the schema that
 * validates it from the command line (strings, coerced) and from a `--config` file (YAML/JSON,
 * same keys in camelCase). Defaults live in `runDefaults`, applied after the two are merged,
 * so a value from the command line always beats the config file.
 */
const int = z.coerce.number().int();
const list = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean),
);

/** URLs, repeatable or comma-separated; a comma splits only before another http(s):// (a query value may hold commas). */
const urlList = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/,(?=\s*https?:\/\/)/i)).map((s) => s.trim()).filter(Boolean),
);
/** Repeatable values kept whole (a header value may hold commas). */
const repeated = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const runOptionTable = {
  suite: { flag: '--suite <name>', help: 'suite to run (mcqa, open, mmlu-medical, general, bbh, bbh-cot, gpqa, musr; see aloe-eval list)', schema: z.string() },
  benchmarks: { flag: '--benchmarks <ids>', help: 'comma-separated benchmark ids (see `aloe-eval list`)', schema: list },
  strategy: { flag: '--strategy <names>', help: 'comma-separated strategies, one run each (default plain)', schema: list },
  model: { flag: '--model <id>', help: 'served model id (default: the only one the server serves), or baseline:lexical / baseline:random / baseline:refuse-all / baseline:comply-all', schema: z.string() },
  endpoint: { flag: '--endpoint <url...>', help: 'OpenAI-compatible base URL; repeat for replicas (default $ALOE_ENDPOINT, $OPENAI_BASE_URL, http://127.0.0.1:8000/v1)', schema: urlList },
  apiKeyEnv: { flag: '--api-key-env <name>', help: 'environment variable holding the API key (default OPENAI_API_KEY)', schema: z.string() },
  header: { flag: '--header <header...>', help: "extra HTTP header 'NAME: VALUE' sent to every endpoint (gateways); repeatable", schema: repeated },
  headerEnv: { flag: '--header-env <NAME=ENVVAR...>', help: 'HTTP header NAME whose value is read from $ENVVAR (secret gateway tokens); repeatable', schema: repeated },
  allowRemoteCredentialed: { flag: '--allow-remote-credentialed', help: 'send credentialed benchmarks (e.g. MIMIC) to an endpoint that is not on a loopback or private address; only where your data use agreement covers that provider', schema: z.boolean() },
  api: { flag: '--api <kind>', help: 'chat (default) or completions', schema: z.enum(['chat', 'completions']) },
  limit: { flag: '--limit <n>', help: 'first n samples of each benchmark', schema: int.positive() },
  shard: { flag: '--shard <i/n>', help: 'run only shard i of n (1-based), for CI matrices; combine with `aloe-eval merge`', schema: z.string() },
  seed: { flag: '--seed <n>', help: 'seed for shuffles, sampling and bootstrap (default 1234)', schema: int },
  concurrency: { flag: '--concurrency <n>', help: 'requests in flight per endpoint (default 16)', schema: int.positive() },
  temperature: { flag: '--temperature <t>', help: 'sampling temperature (default 0)', schema: z.coerce.number().min(0).max(2) },
  maxTokens: { flag: '--max-tokens <n>', help: 'max tokens per reply (default 1024; open tasks use their benchmark\'s limit)', schema: int.positive() },
  timeout: { flag: '--timeout <seconds>', help: 'per-request timeout (default 120)', schema: z.coerce.number().positive() },
  maxRetries: { flag: '--max-retries <n>', help: 'retries per request on 429/5xx/timeouts/bad responses (default 4)', schema: int.min(0) },
  maxErrors: { flag: '--max-errors <n>', help: 'fail the run (exit 1) once more samples than this failed', schema: int.min(0) },
  maxErrorRate: { flag: '--max-error-rate <r>', help: 'fail the run (exit 1) when more than this fraction of samples failed', schema: z.coerce.number().min(0).max(1) },
  systemPrompt: { flag: '--system-prompt <file>', help: 'file whose text replaces the default system prompt (the Aloe model card\'s)', schema: z.string() },
  out: { flag: '--out <dir>', help: 'results folder (default results/)', schema: z.string() },
  resume: { flag: '--resume <run-dir>', help: 'continue an interrupted run in this folder', schema: z.string() },
  cacheDir: { flag: '--cache-dir <dir>', help: 'cache folder for responses, embeddings and Medprompt pools (default ~/.cache/aloe-eval, or $ALOE_CACHE_DIR)', schema: z.string() },
  cache: { flag: '--no-cache', help: 'do not read or write the response cache', schema: z.boolean() },
  dataDir: { flag: '--data-dir <dir>', help: 'read datasets from a local mirror instead of the Hub (default $ALOE_DATA_DIR)', schema: z.string() },
  file: {
    flag: '--file <benchmark=path...>',
    help: 'read one local CSV/JSONL/JSON/parquet file as a benchmark\'s eval split, without Hub access (repeatable), e.g. --file mimic-iii-hospital-course=notes.csv',
    schema: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])),
  },
  offline: { flag: '--offline', help: 'never touch the network for data: caches or --data-dir only (also HF_HUB_OFFLINE=1)', schema: z.boolean() },
  lock: { flag: '--lock <file>', help: 'dataset lock file (default aloe-eval.lock.json when present)', schema: z.string() },
  history: { flag: '--history <file>', help: 'history file to append one line per benchmark to (default <out>/history.jsonl)', schema: z.string() },
  report: { flag: '--no-report', help: 'do not write report.html into the run folder', schema: z.boolean() },
  baseline: { flag: '--baseline <run-dir>', help: 'compare with this run when done (paired tests)', schema: z.string() },
  failOn: { flag: '--fail-on <what>', help: 'with --baseline: "regression" exits 3 on a significant regression; "never" (default) exits 0', schema: z.enum(failOnWords).transform((w) => canonicalFailOn(w)) },
  minEffect: { flag: '--min-effect <points>', help: 'with --baseline: ignore significant differences smaller than this (points)', schema: z.coerce.number().min(0) },
  k: { flag: '--k <n>', help: 'few-shot examples for fewshot/knn strategies (default 5)', schema: int.positive() },
  ensembleSize: { flag: '--ensemble-size <n>', help: 'calls in the choice-shuffle ensemble (default 5)', schema: int.positive() },
  ensembleStop: { flag: '--ensemble-stop <rule>', help: 'never | decided | agree2 (default agree2): stop the ensemble early when more calls are unlikely to change the vote', schema: z.enum(['never', 'decided', 'agree2']) },
  scTemperature: { flag: '--sc-temperature <t>', help: 'sampling temperature of the sc-cot strategy\'s calls (default 0.6, as prompt_engine with Llama-3.1 models)', schema: z.coerce.number().min(0).max(2) },
  pool: { flag: '--pool <file>', help: 'Medprompt example pool (default: the one built for this benchmark and model)', schema: z.string() },
  embeddingsEndpoint: { flag: '--embeddings-endpoint <url>', help: 'OpenAI-compatible base URL for /embeddings (kNN); without it BM25 is used', schema: z.string() },
  retriever: { flag: '--retriever <kind>', help: 'auto (embeddings when --embeddings-endpoint is given, else BM25), embeddings or bm25', schema: z.enum(['auto', 'embeddings', 'bm25']) },
  embeddingsModel: { flag: '--embeddings-model <id>', help: 'embedding model id', schema: z.string() },
  rerankerEndpoint: { flag: '--reranker-endpoint <url>', help: 'base URL of a rerank server (vLLM, Jina, Cohere: …/v1; TEI: http://host:8080): kNN candidates are reordered by it and the top k shown', schema: z.string() },
  rerankerModel: { flag: '--reranker-model <id>', help: 'reranker model id (sent to vLLM/Jina/Cohere; keys the score cache)', schema: z.string() },
  rerankerApi: { flag: '--reranker-api <kind>', help: 'auto (default: detected in the preflight), vllm, cohere, jina or tei', schema: z.enum(['auto', 'vllm', 'cohere', 'jina', 'tei']) },
  rerankCandidates: { flag: '--rerank-candidates <n>', help: 'kNN candidates sent to the reranker per question (default 4 × --k)', schema: int.positive() },
  rerankOptional: { flag: '--rerank-optional', help: 'when the reranker fails or replies malformed, warn and go on without reranking (default: stop before any model call)', schema: z.boolean() },
  fewshot: { flag: '--fewshot <n>', help: 'few-shot examples (default 0; for the leaderboard tasks their own: BBH 3, MMLU-Pro 5): loglik / lm-eval-gen pick them as lm-eval does; plain on open tasks uses the first n of the train split', schema: int.min(0) },
  judgeEndpoint: { flag: '--judge-endpoint <url>', help: 'OpenAI-compatible base URL of an LLM judge for safety (and judge: correctness) benchmarks; without it only the rule-based scorers run', schema: z.string() },
  judgeModel: { flag: '--judge-model <id>', help: 'judge model id (default: the only one the judge endpoint serves)', schema: z.string() },
  judgeApiKeyEnv: { flag: '--judge-api-key-env <name>', help: 'environment variable holding the judge\'s API key (default OPENAI_API_KEY)', schema: z.string() },
  progress: { flag: '--progress <mode>', help: 'auto (bar on a terminal, lines otherwise), bar, lines or none', schema: z.enum(['auto', 'bar', 'lines', 'none']) },
} as const;

export type RunOptionKey = keyof typeof runOptionTable;
export type RunOptions = { [K in RunOptionKey]?: z.output<(typeof runOptionTable)[K]['schema']> };

export const runDefaults = {
  strategy: ['plain'],
  apiKeyEnv: 'OPENAI_API_KEY',
  api: 'chat',
  seed: 1234,
  concurrency: 16,
  temperature: 0,
  maxTokens: 1024,
  timeout: 120,
  maxRetries: 4,
  out: 'results',
  cache: true,
  report: true,
  failOn: 'never',
  minEffect: 0,
  progress: 'auto',
} as const satisfies RunOptions;

/** The config file: the same keys, all optional, unknown keys refused (so a typo is an error, not ignored). */
export const configFileSchema = z
  .object(Object.fromEntries(Object.entries(runOptionTable).map(([k, v]) => [k, v.schema.optional()])) as {
    [K in RunOptionKey]: z.ZodOptional<(typeof runOptionTable)[K]['schema']>;
  })
  .strict();

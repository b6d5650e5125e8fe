/**
 * A stand-in for huggingface.co and raw.githubusercontent.com on 127.0.0.1, serving files from a
 * folder laid out like ../shared/datasets/hub:
 *
 *   <root>/<org>/<name>/<path>                          dataset repo at branch `main`
 *   <root>/<org>/<name>/@<url-encoded branch>/<path>    another branch (e.g. @refs%2Fconvert%2Fparquet)
 *   <root>/github/<owner>/<repo>/<commit>/<path>        raw GitHub files
 *
 * It answers exactly the routes `@huggingface/hub` calls (read from its source, v2.17):
 *   GET  /api/datasets/<org>/<name>/revision/<rev>      datasetInfo → {sha, …}
 *   POST /api/datasets/<org>/<name>/paths-info/<rev>    pathsInfo (downloadFileToCacheDir) → [{type, path, oid, size, lastCommit}]
 *   GET|HEAD /datasets/<org>/<name>/resolve/<rev>/<path> fileDownloadInfo (Range: bytes=0-0 → 206 + Content-Range + ETag),
 *                                                        then the body (WebBlob, no Range)
 * and GET /github/<owner>/<repo>/<commit>/<path> for URL sources (point ALOE_GITHUB_RAW_URL, or
 * the `githubRawUrl` load option, at `${url}/github`).
 *
 * Each repo+branch gets a fixed fake commit sha (`fakeCommit`), accepted as a revision too.
 * `requests` lists every request as "METHOD /path…", so tests can assert a run made none.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';

export interface FakeHub {
  url: string;
  close(): Promise<void>;
  requests: string[];
}

export interface FakeHubOptions {
  /** When set, Hub routes answer 401 unless the request carries `Authorization: Bearer <token>`. */
  token?: string;
  /**
   * Gated repos (`org/name`): answered as the real Hub answers them — 401 "…is restricted…" without
   * a token, 403 "…not in the authorized list…" with any token but `gatedToken`.
   */
  gated?: string[];
  gatedToken?: string;
}

/** The fake commit sha of a repo's branch: sha1 of "<org>/<name>@<branch>". */
export function fakeCommit(repo: string, branch: string): string {
  return createHash('sha1').update(`${repo}@${branch}`).digest('hex');
}

function gitBlobOid(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function notFound(res: ServerResponse, code: string, message: string): void {
  sendJson(res, 404, { error: message }, { 'X-Error-Code': code });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeHub(rootDir: string, options: FakeHubOptions = {}): Promise<FakeHub> {
  const root = resolve(rootDir);
  const requests: string[] = [];

  /** Folder of `repo` at `rev` (a branch or its fake commit), or undefined. */
  function repoDir(repo: string, rev: string): { dir: string; branch: string } | undefined {
    const base = join(root, ...repo.split('/'));
    if (!existsSync(base) || !statSync(base).isDirectory()) return undefined;
    const branches = ['main', ...readdirSync(base).filter((f) => f.startsWith('@')).map((f) => decodeURIComponent(f.slice(1)))];
    const branch = branches.find((b) => b === rev || fakeCommit(repo, b) === rev);
    if (branch === undefined) return undefined;
    return { dir: branch === 'main' ? base : join(base, `@${encodeURIComponent(branch)}`), branch };
  }

  /** A file under `dir`, refusing anything that escapes it or any `@branch` folder seen from main. */
  function fileIn(dir: string, path: string): string | undefined {
    const full = resolve(dir, path);
    if (!full.startsWith(dir + sep) || path.split('/').some((p) => p.startsWith('@') || p === '..')) return undefined;
    return existsSync(full) && statSync(full).isFile() ? full : undefined;
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
    const bytes = readFileSync(file);
    const common = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes', ETag: `"${gitBlobOid(bytes)}"`, ...headers };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && bytes.length > 0) {
      const start = Number(range[1]);
      const end = Math.min(range[2] === '' ? bytes.length - 1 : Number(range[2]), bytes.length - 1);
      const part = bytes.subarray(start, end + 1);
      res.writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': part.length });
      res.end(req.method === 'HEAD' ? undefined : part);
      return;
    }
    res.writeHead(200, { ...common, 'Content-Length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const seg = url.pathname.split('/').slice(1);

    if (seg[0] === 'github' && seg.length >= 5) {
      const [, owner, repo, commit, ...rest] = seg;
      const file = fileIn(join(root, 'github', owner, repo, commit), rest.map(decodeURIComponent).join('/'));
      if (!file) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404: Not Found');
      return serveFile(req, res, file, {});
    }

    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 401, { error: 'Invalid credentials in Authorization header' });
    }

    const gatedRepo = seg[0] === 'api' ? `${seg[2]}/${seg[3]}` : seg[0] === 'datasets' ? `${seg[1]}/${seg[2]}` : undefined;
    if (gatedRepo !== undefined && options.gated?.includes(gatedRepo) && req.headers.authorization !== `Bearer ${options.gatedToken}`) {
      return req.headers.authorization === undefined
        ? sendJson(res, 401, { error: `Access to dataset ${gatedRepo} is restricted. You must have access to it and be authenticated to access it. Please log in.` }, { 'X-Error-Code': 'GatedRepo' })
        : sendJson(res, 403, { error: `Access to dataset ${gatedRepo} is restricted and you are not in the authorized list. Visit https://huggingface.co/datasets/${gatedRepo} to ask for access.` }, { 'X-Error-Code': 'GatedRepo' });
    }

    // /api/datasets/<org>/<name>[/revision/<rev> | /paths-info/<rev>]
    if (seg[0] === 'api' && seg[1] === 'datasets' && seg.length >= 4) {
      const repo = `${seg[2]}/${seg[3]}`;
      const action = seg[4];
      const rev = seg[5] !== undefined ? decodeURIComponent(seg[5]) : 'main';
      if (!existsSync(join(root, seg[2], seg[3]))) return notFound(res, 'RepoNotFound', `Repository not found: ${repo}`);
      const at = repoDir(repo, rev);
      if (!at) return notFound(res, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      const commit = fakeCommit(repo, at.branch);
      if (action === undefined || action === 'revision') {
        return sendJson(res, 200, {
          _id: createHash('sha1').update(repo).digest('hex').slice(0, 24),
          id: repo,
          sha: commit,
          private: false,
          gated: false,
          downloads: 0,
          likes: 0,
          lastModified: '2024-01-01T00:00:00.000Z',
        });
      }
      if (action === 'paths-info' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}') as { paths?: string[]; expand?: boolean };
        const out = [];
        for (const p of body.paths ?? []) {
          const file = fileIn(at.dir, p);
          if (!file) continue; // the Hub omits missing paths
          const bytes = readFileSync(file);
          out.push({
            type: 'file',
            path: p,
            oid: gitBlobOid(bytes),
            size: bytes.length,
            ...(body.expand && { lastCommit: { id: commit, title: 'fake commit', date: '2024-01-01T00:00:00.000Z' } }),
          });
        }
        return sendJson(res, 200, out);
      }
    }

    // /datasets/<org>/<name>/resolve/<rev>/<path…>
    if (seg[0] === 'datasets' && seg[3] === 'resolve' && seg.length >= 6) {
      const repo = `${seg[1]}/${seg[2]}`;
      const at = repoDir(repo, decodeURIComponent(seg[4]));
      if (!at) return notFound(res, 'RevisionNotFound', `Invalid rev id: ${seg[4]}`);
      const file = fileIn(at.dir, seg.slice(5).map(decodeURIComponent).join('/'));
      if (!file) return notFound(res, 'EntryNotFound', 'Entry not found');
      return serveFile(req, res, file, { 'X-Repo-Commit': fakeCommit(repo, at.branch) });
    }

    notFound(res, 'NotFound', `no fake route for ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((err) => (err ? fail(err) : ok()));
      }),
  };
}

import type { CompactAttempt } from '../data/report-data.js';
import type { PageApp } from './page-app.js';

/**
 * One sample in full, built when it is opened: the question and options, every attempt with the exact
 * messages sent and the option order shown, the raw answers, the vote and the score, and how the
 * other rows answered the same question.
 */
export function installSampleDetail(app: PageApp): void {
  let byQuestion: Map<string, number[]> | null = null;

  function block(title: string, text: string, cls = ''): HTMLElement {
    return app.el('div', { class: `block ${cls}` }, app.el('div', { class: 'label' }, title), app.el('pre', null, text));
  }

  function attempt(a: CompactAttempt, index: number, total: number): HTMLElement {
    const { strings } = app.samples();
    const facts = [
      `extracted: ${a.x === null ? 'nothing (unparsed)' : a.x}`,
      `${app.fmtInt(a.u[0])} prompt + ${app.fmtInt(a.u[1])} completion tokens`,
      `${app.fmtInt(a.l)} ms`,
      ...(a.f ? [`finish: ${a.f}`] : []),
      ...(a.c ? ['from cache'] : []),
    ];
    const section = app.el('section', { class: 'attempt' }, app.el('h5', null, `Attempt ${index + 1} of ${total}`), app.el('div', { class: 'facts' }, facts.join(' · ')));
    if (a.pm) {
      const letters = a.pm.map((orig, pos) => `${String.fromCharCode(65 + pos)} = ${orig}`);
      section.append(app.el('div', { class: 'perm' }, 'Options shown in the order ', app.el('code', null, a.pm.join(' ')), ` (shown letter = original key: ${letters.join(', ')})`));
    }
    const messages = (a.m ?? []).map(([role, content]) => app.el('div', { class: `msg role-${role.replace(/[^a-z]/g, '')}` }, app.el('div', { class: 'role' }, role), app.el('pre', null, strings[content])));
    if (messages.length > 2) {
      // System prompt and few-shot turns folded: the last message is the one about this sample.
      const earlier = messages.slice(0, -1);
      section.append(app.el('details', { class: 'earlier' }, app.el('summary', null, `${earlier.length} earlier messages (system prompt, examples)`), ...earlier), messages[messages.length - 1]);
    } else {
      section.append(...messages);
    }
    if (a.p !== undefined) section.append(block('Prompt (text completion)', strings[a.p]));
    section.append(block('Model output (raw)', strings[a.r], 'raw'));
    if (a.e !== undefined) section.append(block('Attempt error', strings[a.e], 'error'));
    if (a.ll) section.append(block('Loglikelihoods per option', a.ll.map((v) => v.toFixed(3)).join('  ')));
    return section;
  }

  function others(i: number): HTMLElement | null {
    const { items, strings } = app.samples();
    if (!byQuestion) {
      byQuestion = new Map();
      items.forEach((it, j) => {
        const key = `${it[1]}:${it[2]}`;
        const list = byQuestion!.get(key);
        if (list) list.push(j);
        else byQuestion!.set(key, [j]);
      });
    }
    const same = (byQuestion.get(`${items[i][1]}:${items[i][2]}`) ?? []).filter((j) => j !== i);
    if (same.length === 0) return null;
    const metric = app.data.benchmarks[items[i][1]]?.metric ?? '';
    const rows = same.map((j) => {
      const [row, , , status, score, , d] = items[j];
      const answer = d.a !== undefined ? (d.a === null ? '—' : d.a) : d.t !== undefined ? strings[d.t].slice(0, 120) : '';
      return app.el('tr', null, app.el('th', { scope: 'row' }, app.data.rows[row]?.label ?? ''), app.el('td', null, app.el('span', { class: `badge s-${app.statusNames[status]}` }, app.statusNames[status])), app.el('td', null, answer), app.el('td', null, app.fmt(metric, score)));
    });
    return app.el('div', { class: 'block' }, app.el('div', { class: 'label' }, 'Other models and strategies on this question'), app.el('table', { class: 'data small' }, app.el('tbody', null, ...rows)));
  }

  app.renderSampleDetail = function renderSampleDetail(i, host) {
    const { data } = app;
    const { strings, items } = app.samples();
    const [row, bench, , status, score, question, d] = items[i];
    const metric = data.benchmarks[bench]?.metric ?? '';
    const facts: [string, string][] = [
      ['Model · strategy', data.rows[row]?.label ?? ''],
      ['Status', app.statusNames[status]],
      [`Score (${metric})`, app.fmt(metric, score)],
    ];
    if (d.g !== undefined) facts.push(['Gold answer', d.g]);
    if (d.a !== undefined) facts.push(['Model answer', d.a === null ? '— (none)' : d.a]);
    if (d.v) facts.push(['Votes', Object.entries(d.v).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k}: ${n}`).join(' · ')]);
    for (const [k, v] of Object.entries(d.s ?? {})) facts.push([k, app.fmt(k, v)]);
    for (const [k, v] of d.m ?? []) facts.push([k, strings[v]]);
    facts.push(['Usage', `${d.u[0]} calls · ${app.fmtInt(d.u[1])} prompt + ${app.fmtInt(d.u[2])} completion tokens · ${app.fmtInt(d.l)} ms`]);
    host.append(app.el('dl', { class: 'facts-grid' }, ...facts.flatMap(([k, v]) => [app.el('dt', null, k), app.el('dd', null, v)])));
    if (d.e) host.append(block(`Error: ${strings[d.e[0]]}`, strings[d.e[1]], 'error'));
    host.append(block('Question', strings[question]));
    if (d.c !== undefined) host.append(block('Context', strings[d.c]));
    if (d.o) {
      const list = app.el('ol', { class: 'options' });
      for (const [key, text] of d.o) {
        const marks = [key === d.g ? 'gold' : '', key === d.a ? 'answer' : ''].filter(Boolean);
        const li = app.el('li', { class: marks.join(' ') }, app.el('b', null, `${key}. `), strings[text]);
        if (marks.length) li.append(app.el('span', { class: 'mark' }, marks.map((m) => (m === 'gold' ? '✓ gold' : '← model')).join(' ')));
        list.append(li);
      }
      host.append(app.el('div', { class: 'block' }, app.el('div', { class: 'label' }, 'Options (original order)'), list));
    }
    if (d.t !== undefined) host.append(block('Generated text', strings[d.t], 'raw'));
    if (d.sf) {
      const [label, cls, pattern, disclaimer] = d.sf;
      const lines = [
        `prompt label: ${label} (${label === 'safe' ? 'the model should answer' : 'the model should decline'})`,
        `refusal classifier (rule-based): ${cls.replace('_', ' ')} — rule ${pattern}`,
        `disclaimer (rule-based): ${disclaimer ? `yes — rule ${disclaimer}` : 'none found'}`,
      ];
      host.append(block('Safety verdicts', lines.join('\n')));
    }
    if (d.j) {
      const verdict = d.j.v === null ? 'no verdict (judge error)' : String(d.j.v);
      const judge = app.el('div', { class: 'block' }, app.el('div', { class: 'label' }, `Judge (${d.j.b} rubric, model ${d.j.md}): ${verdict}`));
      judge.append(app.el('pre', null, strings[d.j.w]));
      if (d.j.e !== undefined) judge.append(app.el('pre', { class: 'error' }, strings[d.j.e]));
      judge.append(app.el('details', null, app.el('summary', null, 'Judge prompt'), app.el('pre', null, strings[d.j.p])));
      host.append(judge);
    }
    (d.r ?? []).forEach((r, k) => host.append(block(d.r!.length > 1 ? `Reference ${k + 1}` : 'Reference', strings[r])));
    if (d.d !== undefined) host.append(block('Strategy details', strings[d.d]));
    const other = others(i);
    if (other) host.append(other);
    const attempts = app.el('div', { class: 'attempts' }, app.el('h4', null, d.at.length === 0 ? 'No model call was recorded' : `${d.at.length} model call${d.at.length > 1 ? 's' : ''}`));
    d.at.forEach((a, k) => attempts.append(attempt(a, k, d.at.length)));
    host.append(attempts);
  };
}

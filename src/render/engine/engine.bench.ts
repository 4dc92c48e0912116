/**
 * Micro-benchmark: the render pipeline's shape (~600 project-environments,
 * each a document calling ~10 imported macros) with this engine and with
 * plain Nunjucks on the same templates. Run: npx vitest bench --run --project unit src/render/engine (the
 * unit project: the integration project would start the test servers)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { bench, describe } from 'vitest';
import { createTemplateEngine } from './index.js';

const MACROS = `{% macro labels(project, env) %}
app.kubernetes.io/name: {{ project.name }}
app.kubernetes.io/instance: {{ project.name }}-{{ env }}
{% for k, v in project.labels | dictsort %}
{{ k }}: {{ v | tojson }}
{% endfor %}
{% endmacro %}
{% macro container(project, env) %}
- name: {{ project.name }}
  image: {{ project.image }}:{{ project.tag | default("latest") }}
  env:
{% for e in project.env if e.value is defined %}
    - name: {{ e.name | upper }}
      value: {{ e.value | tojson }}
{% endfor %}
{% if project.port %}
  ports:
    - containerPort: {{ project.port }}
{% endif %}
{% endmacro %}
`;

const MAIN = `{% from "macros.j2" import labels, container %}
{% for i in range(5) %}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ project.name }}-{{ i }}
  labels:
    {{ labels(project, env) | indent(4) }}
spec:
  replicas: {{ project.replicas if project.replicas else 1 }}
  template:
    spec:
      containers:
        {{ container(project, env) | indent(8) }}
{% endfor %}
`;

const dir = mkdtempSync(path.join(tmpdir(), 'engine-bench-'));
writeFileSync(path.join(dir, 'macros.j2'), MACROS);
writeFileSync(path.join(dir, 'main.j2'), MAIN);

const contexts = Array.from({ length: 600 }, (_, i) => ({
  env: ['production', 'staging', 'testing'][i % 3],
  project: {
    name: `project-${i}`,
    image: `quay.io/cki/project-${i}`,
    tag: i % 2 ? 'v1' : undefined,
    port: i % 4 ? 8080 : 0,
    replicas: i % 5,
    labels: { team: 'cki', tier: i % 2 ? 'web' : 'worker' },
    env: Array.from({ length: 6 }, (_, k) => ({ name: `var_${k}`, value: k % 3 ? `value-${k}` : undefined })),
  },
}));

const ours = createTemplateEngine({ searchPaths: [dir] });
const plain = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: false, trimBlocks: true, lstripBlocks: true });
plain.addFilter('tojson', (v: unknown) => JSON.stringify(v));

describe('render 600 project-environments x 10 macro calls', () => {
  bench('deployment-all engine (Jinja2 semantics)', () => {
    for (const context of contexts) ours.renderFile('main.j2', context);
  });
  bench('plain nunjucks', () => {
    for (const context of contexts) plain.render('main.j2', context);
  });
});

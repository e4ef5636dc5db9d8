#!/usr/bin/env node
// Builds models/<service>.json.gz in the ServiceModel form of src/protocols/model-types.ts.
//
// Two sources, neither complete on its own:
//  - aws-sdk v2's apis/<uid>.min.json: current operations and members, but no constraints, no
//    error shapes, and shapes inlined or renamed (S2l, S3u...).
//  - botocore's service-2.json from Debian's awscli package (2023 data): named shapes with
//    min/max/pattern/enum, and each operation's error shapes.
// We keep the newer structure and, walking both models in parallel by operation and member path,
// take names and constraints from the full model. Enums are unioned with the enum constants the
// v3 clients export (e.g. Runtime in @aws-sdk/client-lambda has nodejs22.x).
//
// Usage: node scripts/import-models.mjs [service...]   (needs /usr/bin/aws's botocore data)
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(import.meta.url);
const BOTOCORE = '/usr/lib/python3/dist-packages/awscli/botocore/data';
const OUT_DIR = new URL('../models/', import.meta.url);

const SERVICES = {
  lambda: { min: 'lambda-2015-03-31', full: 'lambda/2015-03-31', v3: '@aws-sdk/client-lambda' },
  s3: { min: 's3-2006-03-01', full: 's3/2006-03-01', v3: '@aws-sdk/client-s3' },
  sts: { min: 'sts-2011-06-15', full: 'sts/2011-06-15', v3: '@aws-sdk/client-sts' },
  iam: { min: 'iam-2010-05-08', full: 'iam/2010-05-08', v3: '@aws-sdk/client-iam' },
  kinesis: { min: 'kinesis-2013-12-02', full: 'kinesis/2013-12-02', v3: '@aws-sdk/client-kinesis' },
  dynamodb: { min: 'dynamodb-2012-08-10', full: 'dynamodb/2012-08-10', v3: '@aws-sdk/client-dynamodb' },
  dynamodbstreams: {
    min: 'streams.dynamodb-2012-08-10',
    full: 'dynamodbstreams/2012-08-10',
    v3: '@aws-sdk/client-dynamodb-streams',
  },
  apigateway: {
    min: 'apigateway-2015-07-09',
    full: 'apigateway/2015-07-09',
    v3: '@aws-sdk/client-api-gateway',
  },
  apigatewayv2: {
    min: 'apigatewayv2-2018-11-29',
    full: 'apigatewayv2/2018-11-29',
    v3: '@aws-sdk/client-apigatewayv2',
  },
  logs: { min: 'logs-2014-03-28', full: 'logs/2014-03-28', v3: '@aws-sdk/client-cloudwatch-logs' },
};

// Keys that describe the shape itself; every other key of an inline min.json shape belongs to
// the reference (location, locationName, xmlNamespace, flattened, timestampFormat...). The codecs
// read those ambiguous ones from the reference first, then the shape.
const SHAPE_KEYS = new Set([
  'type',
  'members',
  'required',
  'payload',
  'member',
  'key',
  'value',
  'enum',
  'min',
  'max',
  'pattern',
  'sensitive',
  'requiresLength',
  'exception',
  'error',
  'event',
  'eventstream',
  'union',
  'document',
  'wrapper',
  'fault',
]);
const DROPPED_KEYS = new Set(['documentation', 'contextParam', 'deprecatedMessage', 'box']);
const CONSTRAINTS = ['min', 'max', 'pattern', 'enum'];
const METADATA_KEYS = [
  'apiVersion',
  'endpointPrefix',
  'jsonVersion',
  'protocol',
  'serviceId',
  'signingName',
  'targetPrefix',
  'xmlNamespace',
  'uid',
  'globalEndpoint',
];

async function v3Enums(pkg) {
  const enums = new Map();
  let mod;
  try {
    mod = await import(pkg);
  } catch {
    console.warn(`  ${pkg} not installed: enums from botocore only`);
    return enums;
  }
  for (const [name, value] of Object.entries(mod)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const values = Object.values(value);
      if (values.length > 0 && values.every((v) => typeof v === 'string')) enums.set(name, values);
    }
  }
  return enums;
}

function split(obj) {
  const shape = {};
  const ref = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'shape' || DROPPED_KEYS.has(k)) continue;
    (SHAPE_KEYS.has(k) ? shape : ref)[k] = v;
  }
  shape.type ??= 'string';
  return { shape, ref };
}

class Importer {
  constructor(min, full, enums) {
    this.min = min;
    this.full = full;
    this.enums = enums;
    this.shapes = {};
    this.minNamed = new Map(); // min.json shape id -> output name
  }

  fullShape(name, type) {
    const s = name === undefined ? undefined : this.full.shapes[name];
    return s && s.type === type ? s : undefined;
  }

  freeName(base) {
    if (!(base in this.shapes)) return base;
    for (let i = 2; ; i++) if (!(`${base}${i}` in this.shapes)) return `${base}${i}`;
  }

  /** Imports one min.json reference; returns the output reference. */
  ref(minRef, fullName, suggested) {
    if (minRef.shape !== undefined) {
      const { ref } = split(minRef);
      return { shape: this.named(minRef.shape, fullName, suggested), ...ref };
    }
    const { shape, ref } = split(minRef);
    return { shape: this.inline(shape, fullName, suggested), ...ref };
  }

  named(id, fullName, suggested) {
    const known = this.minNamed.get(id);
    if (known !== undefined) return known;
    const { shape: minShape } = split(this.min.shapes[id]);
    const full = this.fullShape(fullName, minShape.type);
    const name = this.freeName(fullName ?? suggested);
    this.minNamed.set(id, name);
    this.shapes[name] = null; // reserved: recursive shapes (DynamoDB AttributeValue) refer back
    // Named min shapes may carry reference-like keys (flattened, locationName): keep them on the shape.
    const extra = {};
    for (const [k, v] of Object.entries(this.min.shapes[id]))
      if (!SHAPE_KEYS.has(k) && !DROPPED_KEYS.has(k)) extra[k] = v;
    this.shapes[name] = { ...this.build(minShape, full, name), ...extra };
    return name;
  }

  inline(minShape, fullName, suggested) {
    const full = this.fullShape(fullName, minShape.type);
    const isPrimitive = !['structure', 'list', 'map'].includes(minShape.type);
    const base = full ? fullName : isPrimitive ? `__${minShape.type}` : suggested;
    const built = this.build(minShape, full, full ? fullName : base);
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}${i}`;
      const existing = this.shapes[name];
      if (existing === undefined) {
        this.shapes[name] = built;
        return name;
      }
      if (isDeepStrictEqual(existing, built)) return name;
    }
  }

  build(minShape, full, name) {
    const out = {};
    for (const [k, v] of Object.entries(minShape))
      if (!['members', 'member', 'key', 'value'].includes(k)) out[k] = v;
    if (full) {
      for (const k of CONSTRAINTS) if (full[k] !== undefined && out[k] === undefined) out[k] = full[k];
      if (full.exception)
        Object.assign(out, { exception: true, ...(full.error ? { error: full.error } : {}) });
    }
    const current = this.enums.get(name);
    if (out.type === 'string' && current) {
      out.enum = [...new Set([...(out.enum ?? []), ...current])];
    }
    if (minShape.members) {
      out.members = {};
      for (const [m, r] of Object.entries(minShape.members)) {
        out.members[m] = this.ref(r, full?.members?.[m]?.shape, `${name}${m}`);
      }
    }
    if (minShape.type === 'list')
      out.member = this.ref(minShape.member ?? {}, full?.member?.shape, `${name}Member`);
    if (minShape.type === 'map') {
      out.key = this.ref(minShape.key ?? {}, full?.key?.shape, `${name}Key`);
      out.value = this.ref(minShape.value ?? {}, full?.value?.shape, `${name}Value`);
    }
    return out;
  }

  /** Copies a full-model shape graph (error shapes) as is, without documentation. */
  copyFull(name) {
    if (name in this.shapes) return name;
    const src = this.full.shapes[name];
    const out = {};
    this.shapes[name] = out;
    for (const [k, v] of Object.entries(src)) if (!DROPPED_KEYS.has(k)) out[k] = v;
    const refs = [];
    if (src.members) {
      out.members = {};
      for (const [m, r] of Object.entries(src.members)) {
        const rest = { ...r };
        delete rest.documentation;
        out.members[m] = rest;
        refs.push(rest.shape);
      }
    }
    for (const k of ['member', 'key', 'value']) if (src[k]) refs.push(src[k].shape);
    if (out.type === 'string' && this.enums.get(name) && out.enum)
      out.enum = [...new Set([...out.enum, ...this.enums.get(name)])];
    for (const r of refs) this.copyFull(r);
    return name;
  }

  operation(name) {
    const mo = this.min.operations[name];
    const fo = this.full.operations[name];
    const op = { name };
    const http = mo.http ?? fo?.http ?? {};
    op.http = { method: http.method ?? 'POST', requestUri: http.requestUri ?? '/' };
    if (http.responseCode !== undefined) op.http.responseCode = http.responseCode;
    if (mo.input) op.input = this.ref(mo.input, fo?.input?.shape, `${name}Request`);
    if (mo.output) {
      const { resultWrapper, ...rest } = mo.output;
      op.output = this.ref(rest, fo?.output?.shape, `${name}Response`);
      if (resultWrapper) op.output.resultWrapper = resultWrapper;
    }
    const errors = (fo?.errors ?? []).map((e) => ({ shape: this.copyFull(e.shape) }));
    if (errors.length) op.errors = errors;
    for (const k of ['authtype', 'endpoint', 'httpChecksum', 'alias', 'deprecated'])
      if (mo[k] !== undefined) op[k] = mo[k];
    return op;
  }

  run() {
    const metadata = {};
    for (const k of METADATA_KEYS) {
      const v = this.min.metadata[k] ?? this.full.metadata[k];
      if (v !== undefined) metadata[k] = v;
    }
    metadata.signingName ??= this.min.metadata.endpointPrefix;
    const operations = {};
    for (const name of Object.keys(this.min.operations).sort()) operations[name] = this.operation(name);
    // Every error shape of the full model, so a handler's error code always has its shape.
    for (const [n, s] of Object.entries(this.full.shapes)) if (s.exception) this.copyFull(n);
    const shapes = {};
    for (const n of Object.keys(this.shapes).sort()) shapes[n] = this.shapes[n];
    return { version: '2.0', metadata, operations, shapes };
  }
}

async function importService(name) {
  const spec = SERVICES[name];
  if (!spec) throw new Error(`unknown service ${name}`);
  const fullPath = `${BOTOCORE}/${spec.full}/service-2.json`;
  if (!existsSync(fullPath)) throw new Error(`${fullPath} missing: apt-get install -y awscli`);
  const min = require(`aws-sdk/apis/${spec.min}.min.json`);
  const full = require(fullPath);
  const model = new Importer(min, full, await v3Enums(spec.v3)).run();
  const json = JSON.stringify(model);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(new URL(`${name}.json.gz`, OUT_DIR), gzipSync(json, { level: 9 }));
  const ops = Object.keys(model.operations).length;
  console.log(`${name}: ${ops} operations, ${Object.keys(model.shapes).length} shapes, ${json.length} bytes`);
}

const names = process.argv.slice(2);
for (const name of names.length ? names : Object.keys(SERVICES)) await importService(name);

// Converts XML elements to typed values and back per the model (rest-xml bodies, query
// responses): locationName, flattened lists and maps, xmlAttribute, xmlNamespace.
// https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
import type { ServiceModel, Shape, ShapeRef } from './model-types.js';
import { shapeOf, trait } from './shapes.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';
import { escapeXml, type XmlElement } from './xml.js';
import { setEntry } from './map-entry.js';

export class XmlValueError extends Error {}

/** An XML element -> typed value. */
export function readXml(model: ServiceModel, ref: ShapeRef, el: XmlElement): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure':
      return readXmlStructure(model, shape, el);
    case 'list': {
      const memberName = shape.member!.locationName ?? 'member';
      return el.children.filter((c) => c.name === memberName).map((c) => readXml(model, shape.member!, c));
    }
    case 'map':
      return readMapEntries(
        model,
        shape,
        el.children.filter((c) => c.name === 'entry'),
      );
    default:
      return fromXmlText(shape, el.text);
  }
}

export function readXmlStructure(model: ServiceModel, shape: Shape, el: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue;
    const member = shapeOf(model, ref);
    const xmlName = ref.locationName ?? name;
    if (ref.xmlAttribute) {
      // The parser keeps attributes by local name (`xsi:type` → `type`).
      const v = el.attributes[xmlName.slice(xmlName.indexOf(':') + 1)];
      if (v !== undefined) out[name] = fromXmlText(member, v);
      continue;
    }
    const flattened = trait(ref, member, 'flattened');
    if (flattened && member.type === 'list') {
      const items = el.children.filter((c) => c.name === xmlName);
      if (items.length) out[name] = items.map((c) => readXml(model, member.member!, c));
    } else if (flattened && member.type === 'map') {
      const entries = el.children.filter((c) => c.name === xmlName);
      if (entries.length) out[name] = readMapEntries(model, member, entries);
    } else {
      const child = el.children.find((c) => c.name === xmlName);
      if (child) out[name] = readXml(model, ref, child);
    }
  }
  return out;
}

function readMapEntries(model: ServiceModel, shape: Shape, entries: XmlElement[]): Record<string, unknown> {
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const k = e.children.find((c) => c.name === keyName);
    const v = e.children.find((c) => c.name === valueName);
    if (k) setEntry(out, k.text, v ? readXml(model, shape.value!, v) : undefined);
  }
  return out;
}

function fromXmlText(shape: Shape, text: string): unknown {
  const t = text.trim();
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double': {
      const n = Number(t);
      if (t === '' || Number.isNaN(n)) throw new XmlValueError(`'${t}' is not a number`);
      return n;
    }
    case 'boolean':
      if (t !== 'true' && t !== 'false') throw new XmlValueError(`'${t}' is not a boolean`);
      return t === 'true';
    case 'timestamp': {
      const d = parseTimestamp(t);
      if (!d) throw new XmlValueError(`'${t}' is not a timestamp`);
      return d;
    }
    case 'blob':
      return Buffer.from(t, 'base64');
    default:
      return text;
  }
}

/** A typed value -> `<name>...</name>`; undefined values write nothing. */
export function writeXml(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  name: string,
  root = false,
): string {
  if (value === undefined || value === null) return '';
  const shape = shapeOf(model, ref);
  const ns = trait(ref, shape, 'xmlNamespace') as { uri: string; prefix?: string } | undefined;
  // A default namespace is declared once, on the root; a prefixed one (S3's `xsi` of Grantee, whose
  // `xsi:type` attribute needs it) wherever its element appears, or the document would not be valid.
  const declare = ns && (root || ns.prefix);
  const xmlns = declare ? ` xmlns${ns.prefix ? `:${ns.prefix}` : ''}="${escapeXml(ns.uri)}"` : '';
  switch (shape.type) {
    case 'structure':
      return writeXmlStructure(model, shape, value as Record<string, unknown>, name, xmlns);
    case 'list': {
      const memberName = shape.member!.locationName ?? 'member';
      const items = (value as unknown[]).map((v) => writeXml(model, shape.member!, v, memberName)).join('');
      return `<${name}${xmlns}>${items}</${name}>`;
    }
    case 'map':
      return `<${name}${xmlns}>${writeMapEntries(model, shape, value as Record<string, unknown>, 'entry')}</${name}>`;
    default:
      return `<${name}${xmlns}>${escapeXml(toXmlText(shape, ref, value))}</${name}>`;
  }
}

export function writeXmlStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  name: string,
  xmlns = '',
): string {
  return `<${name}${xmlns}${xmlAttributes(model, shape, value)}>${writeXmlMembers(model, shape, value)}</${name}>`;
}

function xmlAttributes(model: ServiceModel, shape: Shape, value: Record<string, unknown>): string {
  let attrs = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (!ref.xmlAttribute || v === undefined || v === null) continue;
    const ns = ref.xmlNamespace as { uri: string; prefix?: string } | undefined;
    if (ns?.prefix) attrs += ` xmlns:${ns.prefix}="${escapeXml(ns.uri)}"`;
    attrs += ` ${ref.locationName ?? name}="${escapeXml(toXmlText(shapeOf(model, ref), ref, v))}"`;
  }
  return attrs;
}

/** The body members of a structure, without an enclosing element. */
export function writeXmlMembers(model: ServiceModel, shape: Shape, value: Record<string, unknown>): string {
  let out = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (ref.location || ref.xmlAttribute || v === undefined || v === null) continue;
    const member = shapeOf(model, ref);
    const xmlName = ref.locationName ?? name;
    const flattened = trait(ref, member, 'flattened');
    if (flattened && member.type === 'list') {
      for (const item of v as unknown[]) out += writeXml(model, member.member!, item, xmlName);
    } else if (flattened && member.type === 'map') {
      out += writeMapEntries(model, member, v as Record<string, unknown>, xmlName);
    } else {
      const ns = ref.xmlNamespace as { uri: string; prefix?: string } | undefined;
      const xmlns = ns ? ` xmlns${ns.prefix ? `:${ns.prefix}` : ''}="${escapeXml(ns.uri)}"` : '';
      out +=
        xmlns && member.type === 'structure'
          ? writeXmlStructure(model, member, v as Record<string, unknown>, xmlName, xmlns)
          : writeXml(model, ref, v, xmlName);
    }
  }
  return out;
}

function writeMapEntries(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  entryName: string,
): string {
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  let out = '';
  for (const [k, v] of Object.entries(value)) {
    out += `<${entryName}><${keyName}>${escapeXml(k)}</${keyName}>${writeXml(model, shape.value!, v, valueName)}</${entryName}>`;
  }
  return out;
}

function toXmlText(shape: Shape, ref: ShapeRef, value: unknown): string {
  switch (shape.type) {
    case 'timestamp': {
      const format = (trait(ref, shape, 'timestampFormat') as TimestampFormat | undefined) ?? 'iso8601';
      return String(formatTimestamp(value as Date, format));
    }
    case 'blob':
      return Buffer.isBuffer(value)
        ? value.toString('base64')
        : Buffer.from(String(value)).toString('base64');
    default:
      return String(value);
  }
}

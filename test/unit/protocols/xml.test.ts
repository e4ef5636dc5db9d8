import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml, parseXml, XmlSyntaxError } from '../../../src/protocols/xml.js';

describe('parseXml', () => {
  it('reads elements, attributes, entities, CDATA and namespaces', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><s3:Delete xmlns:s3="ns"><Object id=\'1\'><Key>a &amp; b&#33;<![CDATA[<raw>]]></Key></Object><Quiet/></s3:Delete>',
    );
    assert.equal(root.name, 'Delete');
    assert.equal(root.children[0]?.attributes.id, '1');
    assert.equal(root.children[0]?.children[0]?.text, 'a & b!<raw>');
    assert.equal(root.children[1]?.name, 'Quiet');
  });

  it('refuses malformed documents and DOCTYPE', () => {
    for (const bad of [
      '<a><b></a>',
      '<a>',
      'text',
      '<a/><b/>',
      '<!DOCTYPE x [<!ENTITY e "x">]><a>&e;</a>',
      '<a>&bogus;</a>',
    ]) {
      assert.throws(() => parseXml(bad), XmlSyntaxError, bad);
    }
  });

  it('escapes text for output', () => {
    assert.equal(escapeXml('<a href="x">&\r'), '&lt;a href=&quot;x&quot;&gt;&amp;&#13;');
  });
});

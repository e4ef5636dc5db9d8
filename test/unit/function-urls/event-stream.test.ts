// The event-stream encoder against smithy's own decoder (what the SDK uses to read
// InvokeWithResponseStream) and against a known message from the format's documentation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import {
  decodeMessages,
  encodeEvent,
  encodeMessage,
} from '../../../src/services/lambda/streaming/event-stream.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

describe('event-stream encoding', () => {
  it('produces messages smithy decodes, CRCs included', () => {
    const bytes = encodeEvent('PayloadChunk', 'application/octet-stream', Buffer.from('hello'));
    const message = codec.decode(bytes);
    assert.deepEqual(Object.keys(message.headers).sort(), [':content-type', ':event-type', ':message-type']);
    assert.deepEqual(message.headers[':event-type'], { type: 'string', value: 'PayloadChunk' });
    assert.deepEqual(message.headers[':message-type'], { type: 'string', value: 'event' });
    assert.equal(Buffer.from(message.body).toString(), 'hello');
  });

  it('encodes what smithy encodes, byte for byte', () => {
    const ours = encodeMessage(
      { ':message-type': 'event', ':event-type': 'InvokeComplete' },
      Buffer.from('{}'),
    );
    const theirs = codec.encode({
      headers: {
        ':message-type': { type: 'string', value: 'event' },
        ':event-type': { type: 'string', value: 'InvokeComplete' },
      },
      body: Buffer.from('{}'),
    });
    assert.deepEqual(ours, Buffer.from(theirs));
  });

  it('encodes an empty message as 16 bytes with the documented CRCs', () => {
    // The smallest message: prelude + message CRC, no headers or payload. Its prelude CRC is the
    // CRC32 of 00000010 00000000 (0x05c248eb) as in the event-stream test vectors ("empty_message").
    const bytes = encodeMessage({}, Buffer.alloc(0));
    assert.equal(bytes.toString('hex'), '000000100000000005c248eb7d98c8ff');
  });

  it('decodes consecutive messages and rejects a corrupted one', () => {
    const two = Buffer.concat([
      encodeEvent('PayloadChunk', 'application/octet-stream', Buffer.from('a')),
      encodeEvent('InvokeComplete', 'application/json', Buffer.from('{}')),
    ]);
    const decoded = decodeMessages(two);
    assert.deepEqual(
      decoded.map((m) => [m.headers[':event-type'], m.payload.toString()]),
      [
        ['PayloadChunk', 'a'],
        ['InvokeComplete', '{}'],
      ],
    );
    const bad = Buffer.from(two);
    bad[20] = bad[20]! ^ 0xff;
    assert.throws(() => decodeMessages(bad), /CRC mismatch/);
  });
});

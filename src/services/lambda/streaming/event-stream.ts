// The binary event-stream encoding (`application/vnd.amazon.eventstream`) AWS streams responses in,
// e.g. InvokeWithResponseStream's PayloadChunk / InvokeComplete events
// (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html). One message:
//
//   total length (uint32 BE) | headers length (uint32 BE) | prelude CRC32 (of the 8 bytes before)
//   headers: name length (uint8) | name | value type (uint8; 7 = string) | value length (uint16 BE) | value
//   payload
//   message CRC32 (of everything before it)
//
// (smithy's @smithy/eventstream-codec reads it; "Amazon S3 SelectObjectContent" documents the same
// framing: https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html).
import { crc32 } from 'node:zlib';

const STRING_TYPE = 7;
const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;

/** Encodes one message whose headers are all strings. */
export function encodeMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const encodedHeaders = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const n = Buffer.from(name, 'utf8');
      const v = Buffer.from(value, 'utf8');
      const h = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
      h.writeUInt8(n.length, 0);
      n.copy(h, 1);
      h.writeUInt8(STRING_TYPE, 1 + n.length);
      h.writeUInt16BE(v.length, 2 + n.length);
      v.copy(h, 4 + n.length);
      return h;
    }),
  );
  const total = PRELUDE_BYTES + encodedHeaders.length + payload.length + CRC_BYTES;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(encodedHeaders.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  encodedHeaders.copy(message, PRELUDE_BYTES);
  payload.copy(message, PRELUDE_BYTES + encodedHeaders.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return message;
}

/** An `event` message of the given type (`:event-type`), as services send events. */
export function encodeEvent(eventType: string, contentType: string, payload: Buffer): Buffer {
  return encodeMessage(
    { ':event-type': eventType, ':content-type': contentType, ':message-type': 'event' },
    payload,
  );
}

export interface DecodedMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

/** Decodes consecutive messages (string headers only), checking both CRCs; for tests and tools. */
export function decodeMessages(data: Buffer): DecodedMessage[] {
  const out: DecodedMessage[] = [];
  let at = 0;
  while (at < data.length) {
    const total = data.readUInt32BE(at);
    const headersLength = data.readUInt32BE(at + 4);
    const message = data.subarray(at, at + total);
    if (message.readUInt32BE(8) !== crc32(message.subarray(0, 8))) throw new Error('prelude CRC mismatch');
    if (message.readUInt32BE(total - CRC_BYTES) !== crc32(message.subarray(0, total - CRC_BYTES))) {
      throw new Error('message CRC mismatch');
    }
    const headers: Record<string, string> = {};
    let h = PRELUDE_BYTES;
    while (h < PRELUDE_BYTES + headersLength) {
      const nameLength = message.readUInt8(h);
      const name = message.toString('utf8', h + 1, h + 1 + nameLength);
      const type = message.readUInt8(h + 1 + nameLength);
      if (type !== STRING_TYPE) throw new Error(`unsupported header type ${type}`);
      const valueLength = message.readUInt16BE(h + 2 + nameLength);
      headers[name] = message.toString('utf8', h + 4 + nameLength, h + 4 + nameLength + valueLength);
      h += 4 + nameLength + valueLength;
    }
    out.push({ headers, payload: message.subarray(PRELUDE_BYTES + headersLength, total - CRC_BYTES) });
    at += total;
  }
  return out;
}

// Response streaming on the Lambda API: InvokeWithResponseStream, its event-stream encoding, and the
// HTTP-integration prelude streaming functions write (used by function URLs too).
export { invokeWithResponseStreamHandler, type StreamingInvokeDeps } from './invoke-with-response-stream.js';
export { encodeEvent, encodeMessage, decodeMessages } from './event-stream.js';
export { PRELUDE_CONTENT_TYPE, splitPreludeBuffer, splitPreludeStream } from './prelude.js';
